/**
 * Carries out outbox entries: each entry is claimed, handled and marked done in one
 * transaction (handlers only write to the database), so a crash repeats an entry whole
 * or not at all. A failing entry is retried with backoff and its error kept.
 */
import { sql } from "kysely";
import type { Tx } from "../storage/action-log.ts";
import type { Db } from "../storage/database.ts";

export type OutboxHandler = (tx: Tx, payload: never, now: Date) => Promise<void>;

export interface OutboxRound {
  processed: number;
  failed: number;
}

// 1 s, 2 s, 4 s … (by attempts so far), at most ten minutes.
const MAX_RETRY_DELAY_SECONDS = 600;

export async function runOutboxOnce(db: Db, handlers: Record<string, OutboxHandler>, now: () => Date, limit = 100): Promise<OutboxRound> {
  const due = await db
    .selectFrom("outbox")
    .select("id")
    .where("processed_at", "is", null)
    .where("available_at", "<=", now())
    .orderBy("id")
    .limit(limit)
    .execute();
  const round = { processed: 0, failed: 0 };
  for (const { id } of due) {
    try {
      const done = await db.transaction().execute(async (tx) => {
        const entry = await tx
          .selectFrom("outbox")
          .select(["topic", "payload"])
          .where("id", "=", id)
          .where("processed_at", "is", null)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!entry) return false;
        const handler = handlers[entry.topic];
        if (!handler) throw new Error(`no handler for outbox topic ${entry.topic}`);
        const at = now();
        await handler(tx, entry.payload as never, at);
        await tx.updateTable("outbox").set({ processed_at: at }).where("id", "=", id).execute();
        return true;
      });
      if (done) round.processed++;
    } catch (error) {
      round.failed++;
      const at = now();
      await db
        .updateTable("outbox")
        .set({ attempts: sql`attempts + 1`, last_error: String((error as Error).message ?? error).slice(0, 500), available_at: sql`${at}::timestamptz + make_interval(secs => least(power(2, attempts), ${MAX_RETRY_DELAY_SECONDS}))` })
        .where("id", "=", id)
        .execute();
    }
  }
  return round;
}
