/**
 * The hub's agency-channel signing keys (when HUB_SIGNING_JWK is not set):
 *   tanfeeth rotate-hub-key               add a key; it is published at once and signs after an hour
 *   tanfeeth retire-hub-key --kid <kid>   stop publishing an old key (never the last one)
 *   tanfeeth list-hub-keys
 * API and worker processes read the keys when they start: restart them (one at a time)
 * after a rotation, and again after the hour, so the new key is published before it signs.
 */
import { retireHubKey, rotateHubKey } from "../agencies/hub/hub-keys.ts";
import type { Database } from "../storage/database.ts";
import type { ParsedArgs } from "./args.ts";

export async function rotateHubKeyCommand(database: Database): Promise<number> {
  const kid = await rotateHubKey(database.db, new Date());
  console.log(`new hub signing key ${kid}: published now, signs after an hour (restart API and worker processes to pick it up)`);
  return 0;
}

export async function retireHubKeyCommand(database: Database, args: ParsedArgs): Promise<number> {
  const kid = args.flags.get("kid");
  if (typeof kid !== "string") throw new Error("--kid is required");
  const retired = await retireHubKey(database.db, kid, new Date());
  console.log(retired ? `retired ${kid}` : `not retired: ${kid} is unknown, already retired, or the last signing key`);
  return retired ? 0 : 1;
}

export async function listHubKeys(database: Database): Promise<number> {
  const rows = await database.db.selectFrom("hub_signing_keys").select(["kid", "created_at", "retired_at"]).orderBy("created_at").execute();
  for (const row of rows) console.log(`${row.kid}  created ${row.created_at.toISOString()}  ${row.retired_at ? `retired ${row.retired_at.toISOString()}` : "published"}`);
  return 0;
}
