/**
 * Signing keys for the agency channel: ES256 key pairs, their public JWKs with key ids,
 * and JWKS documents. Each party publishes its JWKS; rotation adds a key and keeps the
 * old public key published until no message signed with it can still arrive.
 */
import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { SIGNING_ALG, type SigningKey } from "./envelope.ts";

export interface KeyPairRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateSigningKeyPair(): Promise<KeyPairRecord> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG, use: "sig" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" },
  };
}

export async function signingKeyFrom(record: Pick<KeyPairRecord, "kid" | "privateJwk">): Promise<SigningKey> {
  return { kid: record.kid, privateKey: (await importJWK(record.privateJwk, SIGNING_ALG)) as SigningKey["privateKey"] };
}

export function jwks(publicJwks: readonly JWK[]): { keys: JWK[] } {
  return { keys: publicJwks.map(({ d: _private, ...publicPart }) => publicPart) };
}

/**
 * The RFC 7638 SHA-256 thumbprint of an EC public key, base64url: the hash of its required
 * members in lexicographic order, no whitespace. What an agency registers at onboarding and
 * the hub pins (docs/agency-protocol.md section 4).
 */
export function ecThumbprint(jwk: JWK): string {
  if (jwk.kty !== "EC" || typeof jwk.crv !== "string" || typeof jwk.x !== "string" || typeof jwk.y !== "string") throw new Error("an EC public key (crv, x, y) is required");
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}
