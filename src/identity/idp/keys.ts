/**
 * The stand-in provider's keys, kept in the database so every IdP node signs with the
 * same ones: ES256 signing keys (the newest signs; older ones stay published in the
 * JWKS so what they signed still verifies, until retired) and the cookie secrets.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { Db } from "../../storage/database.ts";

export interface KeySet {
  /** Private signing JWKs, newest first (oidc-provider signs with the first that fits). */
  signing: (JWK & { kid: string })[];
  cookieSecrets: string[];
  /** Changes whenever a key is added or retired. */
  fingerprint: string;
}

async function newSigningKey(): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `es256-${randomUUID()}`, alg: "ES256", use: "sig" };
}

export async function loadKeys(db: Db): Promise<KeySet> {
  const rows = await db
    .selectFrom("idp_keys")
    .select(["kid", "use", "private_jwk", "created_at"])
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("kid", "desc")
    .execute();
  const signing = rows.filter((row) => row.use === "sig").map((row) => row.private_jwk as JWK & { kid: string });
  const cookieSecrets = rows.filter((row) => row.use === "cookie").map((row) => (row.private_jwk as { k: string }).k);
  return { signing, cookieSecrets, fingerprint: rows.map((row) => row.kid).join(",") };
}

/** Creates the first signing key and cookie secret if there are none (several nodes may race: the first insert wins per kind). */
export async function ensureKeys(db: Db, now: Date): Promise<KeySet> {
  let keys = await loadKeys(db);
  if (keys.signing.length === 0) await addSigningKey(db, now);
  if (keys.cookieSecrets.length === 0) {
    await db
      .insertInto("idp_keys")
      .values({ kid: `cookie-${randomUUID()}`, use: "cookie", private_jwk: JSON.stringify({ kty: "oct", k: randomBytes(32).toString("base64url") }), created_at: now, retired_at: null })
      .execute();
  }
  keys = await loadKeys(db);
  return keys;
}

/** Rotation: a new signing key that signs from now on; the previous ones stay published for verification. */
export async function addSigningKey(db: Db, now: Date): Promise<string> {
  const key = await newSigningKey();
  await db.insertInto("idp_keys").values({ kid: key.kid, use: "sig", private_jwk: JSON.stringify(key), created_at: now, retired_at: null }).execute();
  return key.kid;
}

/** Retires a signing key: no longer published, so what it signed no longer verifies. Never the last one. */
export async function retireSigningKey(db: Db, kid: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const active = await tx.selectFrom("idp_keys").select("kid").where("use", "=", "sig").where("retired_at", "is", null).forUpdate().execute();
    if (!active.some((row) => row.kid === kid) || active.length < 2) return false;
    await tx.updateTable("idp_keys").set({ retired_at: now }).where("kid", "=", kid).execute();
    return true;
  });
}

/** The public half of a private JWK. */
export function publicJwk(jwk: JWK & { kid: string }): JWK & { kid: string } {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...rest } = jwk;
  return rest as JWK & { kid: string };
}
