/**
 * The hub's signing key for the agency channel: from configuration (a private JWK) in
 * production; in development the newest key in hub_signing_keys that has been published
 * for an hour (or the only one), made on first use.
 * Every unretired public key is published, so a rotation keeps old signatures verifiable.
 */
import type { JWK } from "jose";
import type { Db } from "../../storage/database.ts";
import { generateSigningKeyPair, jwks, signingKeyFrom, type SigningKey } from "../protocol/index.ts";

const KEY_PUBLICATION_LEAD_MS = 3_600_000;

export interface HubKeys {
  signingKey: SigningKey;
  publicJwks: { keys: JWK[] };
}

export async function loadHubKeys(db: Db, now: Date, configuredPrivateJwk?: JWK): Promise<HubKeys> {
  if (configuredPrivateJwk?.kid) {
    const { d: _private, ...publicJwk } = configuredPrivateJwk;
    return { signingKey: await signingKeyFrom({ kid: configuredPrivateJwk.kid, privateJwk: configuredPrivateJwk }), publicJwks: jwks([publicJwk]) };
  }
  let rows = await db.selectFrom("hub_signing_keys").selectAll().where("retired_at", "is", null).orderBy("created_at", "desc").execute();
  if (rows.length === 0) {
    await rotateHubKey(db, now);
    rows = await db.selectFrom("hub_signing_keys").selectAll().where("retired_at", "is", null).orderBy("created_at", "desc").execute();
  }
  // A new key is published for an hour before it signs, so agencies' cached key sets know it.
  const signing = rows.find((row) => now.getTime() - row.created_at.getTime() >= KEY_PUBLICATION_LEAD_MS) ?? rows.at(-1)!;
  return {
    signingKey: await signingKeyFrom({ kid: signing.kid, privateJwk: signing.private_jwk as JWK }),
    publicJwks: jwks(rows.map((row) => row.public_jwk as JWK)),
  };
}

/** Adds a new signing key; the previous ones stay published until retired. */
export async function rotateHubKey(db: Db, now: Date): Promise<string> {
  const pair = await generateSigningKeyPair();
  await db
    .insertInto("hub_signing_keys")
    .values({ kid: pair.kid, private_jwk: JSON.stringify(pair.privateJwk), public_jwk: JSON.stringify(pair.publicJwk), created_at: now, retired_at: null })
    .onConflict((conflict) => conflict.column("kid").doNothing())
    .execute();
  return pair.kid;
}

/**
 * Stops publishing an old key: what it signed no longer verifies at the agencies. The
 * last unretired key is never retired (the hub could not sign at all).
 */
export async function retireHubKey(db: Db, kid: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const live = await tx.selectFrom("hub_signing_keys").select("kid").where("retired_at", "is", null).forUpdate().execute();
    if (!live.some((row) => row.kid === kid) || live.length < 2) return false;
    await tx.updateTable("hub_signing_keys").set({ retired_at: now }).where("kid", "=", kid).execute();
    return true;
  });
}
