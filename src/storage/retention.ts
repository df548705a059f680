/**
 * Purges operational rows past their retention (src/domain/retention/policy.ts), in
 * bounded batches so a large backlog never holds long locks. Idempotent: several workers
 * may run it at once.
 */
import { sql } from "kysely";
import { retentionCutoff, retentionRules, type RetentionRule } from "../domain/retention/policy.ts";
import type { Db } from "./database.ts";

const BATCH = 5_000;

export async function purgeExpired(db: Db, now: Date, rules: readonly RetentionRule[] = retentionRules): Promise<Record<string, number>> {
  const purged: Record<string, number> = {};
  for (const rule of rules) {
    const cutoff = retentionCutoff(rule, now);
    let total = 0;
    for (;;) {
      // ctid batches: the same statement for every table, whatever its key.
      const result = await sql`DELETE FROM ${sql.table(rule.table)} WHERE ctid IN (
          SELECT ctid FROM ${sql.table(rule.table)} WHERE ${sql.ref(rule.endedColumn)} < ${cutoff} LIMIT ${BATCH})`.execute(db);
      const deleted = Number(result.numAffectedRows ?? 0n);
      total += deleted;
      if (deleted < BATCH) break;
    }
    purged[rule.table] = total;
  }
  return purged;
}
