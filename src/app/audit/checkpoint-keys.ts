/**
 * The key that signs audit checkpoints (ES256, compact JWS via jose) and the checks of a
 * signed checkpoint. The private key never lives in the database — a database superuser,
 * the insider the checkpoints are kept against, could otherwise sign forged ones: it comes
 * from AUDIT_CHECKPOINT_JWK (production) or a development key file beside the data.
 * Verification trusts only the keys it is given (the auditor's pinned AUDIT_CHECKPOINT_PUBLIC_JWKS,
 * else the configured key's public half).
 */
import { calculateJwkThumbprint, CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { parseCheckpointBody, type CheckpointBody } from "../../domain/audit/checkpoint.ts";

export const CHECKPOINT_TYPE = "tanfeeth-audit-checkpoint+jws";

export interface CheckpointKeys {
  kid: string;
  privateKey: CryptoKey | Uint8Array;
  publicJwk: JWK;
}

/** A new ES256 key pair as a private JWK with its kid (the JWK thumbprint). */
export async function newCheckpointJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: "ES256", kid: await calculateJwkThumbprint(jwk) };
}

export async function checkpointKeysFrom(privateJwk: JWK): Promise<CheckpointKeys> {
  if (privateJwk.kty !== "EC" || privateJwk.crv !== "P-256" || !privateJwk.d) throw new Error("the audit checkpoint key must be a private EC P-256 JWK (ES256)");
  const { d: _private, ...publicPart } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicPart));
  return { kid, privateKey: (await importJWK({ ...privateJwk, alg: "ES256" }, "ES256")) as CryptoKey, publicJwk: { kty: publicPart.kty, crv: publicPart.crv, x: publicPart.x, y: publicPart.y, alg: "ES256", kid } };
}

export async function signCheckpoint(keys: CheckpointKeys, body: CheckpointBody): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(body), "utf8")).setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: CHECKPOINT_TYPE }).sign(keys.privateKey);
}

/** The checkpoint a compact JWS states, if one of the trusted keys signed it; throws otherwise. */
export async function verifyCheckpoint(jws: string, trusted: readonly JWK[]): Promise<{ body: CheckpointBody; kid: string }> {
  const result = await compactVerify(jws, async (header) => {
    if (header.alg !== "ES256" || header.typ !== CHECKPOINT_TYPE) throw new Error("not a checkpoint signature");
    const key = trusted.find((candidate) => candidate.kid === header.kid);
    if (!key) throw new Error(`signed by a key that is not trusted (${String(header.kid)})`);
    return importJWK({ ...key, alg: "ES256" }, "ES256");
  });
  return { body: parseCheckpointBody(JSON.parse(Buffer.from(result.payload).toString("utf8"))), kid: String(result.protectedHeader.kid) };
}
