/**
 * The stand-in identity provider's key commands, and verifying a signing proof:
 *   tanfeeth rotate-idp-key                 a new ES256 key signs from now on; older ones stay published
 *   tanfeeth retire-idp-key --kid <kid>     stop publishing an old key (what it signed no longer verifies)
 *   tanfeeth list-idp-keys
 *   tanfeeth verify-signature --proof <jws> --issuer <iss> [--jwks <url>]
 * Running IdP nodes pick up key changes within a minute (they re-read the key table).
 */
import { createRemoteJWKSet } from "jose";
import { isDomainError } from "../domain/errors.ts";
import { addSigningKey, retireSigningKey } from "../identity/idp/keys.ts";
import { verifySigningProof } from "../identity/signing-proof.ts";
import type { Database } from "../storage/database.ts";
import type { ParsedArgs } from "./args.ts";

export async function rotateIdpKey(database: Database): Promise<number> {
  const kid = await addSigningKey(database.db, new Date());
  console.log(`new signing key ${kid}; it signs from the next key refresh on, older keys stay published`);
  return 0;
}

export async function retireIdpKey(database: Database, args: ParsedArgs): Promise<number> {
  const kid = args.flags.get("kid");
  if (typeof kid !== "string") throw new Error("--kid is required");
  const retired = await retireSigningKey(database.db, kid, new Date());
  console.log(retired ? `retired ${kid}` : `not retired: ${kid} is unknown, already retired, or the last signing key`);
  return retired ? 0 : 1;
}

export async function listIdpKeys(database: Database): Promise<number> {
  const rows = await database.db.selectFrom("idp_keys").select(["kid", "created_at", "retired_at"]).where("use", "=", "sig").orderBy("created_at").execute();
  for (const row of rows) console.log(`${row.kid}  created ${row.created_at.toISOString()}  ${row.retired_at ? `retired ${row.retired_at.toISOString()}` : "published"}`);
  return 0;
}

/** Verifies a proof as anyone can: with the provider's published keys (its JWKS URL). */
export async function verifySignature(args: ParsedArgs): Promise<number> {
  const proof = args.flags.get("proof");
  const issuer = args.flags.get("issuer");
  if (typeof proof !== "string" || typeof issuer !== "string") throw new Error("--proof and --issuer are required");
  const jwks = args.flags.get("jwks");
  const jwksUrl = typeof jwks === "string" ? jwks : `${issuer.replace(/\/+$/, "")}/jwks`;
  try {
    const verified = await verifySigningProof(proof, { keys: createRemoteJWKSet(new URL(jwksUrl)), issuer });
    console.log(`valid: signed by civil ID ${verified.civilId} at ${verified.signedAt.toISOString()} with key ${verified.keyId}`);
    console.log(`  digest  ${verified.digest}`);
    console.log(`  purpose ${verified.purpose}, nonce ${verified.jti}`);
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.log(`INVALID: ${error.code} ${JSON.stringify(error.details)}`);
    return 1;
  }
}
