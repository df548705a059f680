/**
 * The transactional outbox: side effects (agency orders, lifts, notices) are written in
 * the same transaction as the change that causes them and carried out by workers after
 * commit, so a crash between the two loses nothing.
 */
import { toJsonValue } from "../domain/audit/canonical-json.ts";
import type { Tx } from "./action-log.ts";

/** An entry as stored: the use cases queue typed entries (src/app/outbox-topics.ts). */
export interface OutboxRow {
  topic: string;
  payload: Record<string, unknown>;
}

export async function enqueue(tx: Tx, entries: readonly OutboxRow[], now: Date): Promise<void> {
  await outboxInsert(tx, entries, now)?.execute();
}

/** The insert of the entries, not yet sent (null when there are none): to send with the change's actions. */
export function outboxInsert(tx: Tx, entries: readonly OutboxRow[], now: Date) {
  if (entries.length === 0) return null;
  return tx
    .insertInto("outbox")
    .values(
      entries.map((entry) => ({
        topic: entry.topic,
        payload: JSON.stringify(toJsonValue(entry.payload)),
        created_at: now,
        available_at: now,
        last_error: null,
        processed_at: null,
      })),
    );
}
