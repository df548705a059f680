/**
 * Carries out outbox entries: each entry is claimed, handled and marked done in one
 * transaction (handlers only write to the database), so a crash repeats an entry whole
 * or not at all. A failing entry is retried with backoff and its error kept.
 */
import { sql } from "kysely";
import type { AppDeps } from "../app/deps.ts";
import { insertOnlyTopics, isOutboxTopic, runOutboxEntry, type OutboxHandlers, type OutboxTopic } from "../app/outbox-topics.ts";

export interface OutboxRound {
  processed: number;
  failed: number;
}

// 1 s, 2 s, 4 s … (by attempts so far), at most ten minutes.
const MAX_RETRY_DELAY_SECONDS = 600;

export interface OutboxRunOptions {
  /** How many due entries one round takes (default 100). */
  limit?: number;
  /** Only these topics (default: all). */
  topics?: ReadonlySet<OutboxTopic>;
  batchSize?: number;
  /** Entries run side by side, each in its own transaction (default 1; more helps only on PostgreSQL's pool). */
  concurrency?: number;
}

/**
 * One round over the due entries. Entries of topics whose handlers only insert
 * (`insertOnlyTopics`, e.g. notices) run several to a transaction, one claim and one
 * "processed" for all; should one fail, the group is rolled back and its entries run one
 * by one, so each failure is its own.
 */
export async function runOutboxOnce(deps: AppDeps, handlers: OutboxHandlers, options: OutboxRunOptions = {}): Promise<OutboxRound> {
  const { db } = deps;
  const now = () => deps.clock.now();
  let query = db
    .selectFrom("outbox")
    .select(["id", "topic"])
    .where("processed_at", "is", null)
    .where("available_at", "<=", now())
    .orderBy("id")
    .limit(options.limit ?? 100);
  if (options.topics) query = query.where("topic", "in", [...options.topics]);
  const due = await query.execute();
  const round = { processed: 0, failed: 0 };
  const insertOnly = (topic: string) => isOutboxTopic(topic) && insertOnlyTopics.has(topic);
  const batchable = due.filter((entry) => insertOnly(entry.topic));
  const alone = due.filter((entry) => !insertOnly(entry.topic));
  const size = options.batchSize ?? 50;
  for (let start = 0; start < batchable.length; start += size) {
    const group = batchable.slice(start, start + size);
    try {
      round.processed += await db.transaction().execute(async (tx) => {
        const entries = await tx
          .selectFrom("outbox")
          .select(["id", "topic", "payload"])
          .where("id", "in", group.map((entry) => entry.id))
          .where("processed_at", "is", null)
          .orderBy("id")
          .forUpdate()
          .skipLocked()
          .execute();
        const at = now();
        for (const entry of entries) await runOutboxEntry(handlers, { tx, now: at, deps }, entry);
        if (entries.length > 0) await tx.updateTable("outbox").set({ processed_at: at }).where("id", "in", entries.map((entry) => entry.id)).execute();
        return entries.length;
      });
    } catch {
      alone.push(...group);
    }
  }
  alone.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Lanes side by side (PostgreSQL's pool): each entry is still its own transaction.
  let next = 0;
  const lane = async () => {
    while (next < alone.length) await runOne(alone[next++]!.id);
  };
  const runOne = async (id: (typeof alone)[number]["id"]) => {
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
        const at = now();
        await runOutboxEntry(handlers, { tx, now: at, deps }, entry);
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
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  return round;
}
