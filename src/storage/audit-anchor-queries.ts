/**
 * The reads the audit anchor needs: every stream's head in checkpoint order (by stream,
 * "C" collation, in keyset pages), and, for heads taken from a checkpoint, what the
 * database holds now at those places.
 */
import { sql } from "kysely";
import type { StreamHead, StreamNow } from "../domain/audit/checkpoint.ts";
import type { Db } from "./database.ts";
import type { Tx } from "./action-log.ts";

interface HeadRow {
  stream: string;
  last_seq: string | bigint;
  head_hash: string;
}

/** Every head, sorted by stream (byte order), a page at a time. */
export async function* streamHeadsInOrder(db: Db | Tx, pageSize = 5000): AsyncGenerator<StreamHead[]> {
  let cursor: string | null = null;
  for (;;) {
    const after: string | null = cursor;
    const rows: HeadRow[] = (
      await sql<HeadRow>`
        SELECT stream, last_seq, head_hash FROM action_streams
        ${after === null ? sql`` : sql`WHERE stream COLLATE "C" > ${after}`}
        ORDER BY stream COLLATE "C" LIMIT ${pageSize}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    yield rows.map((row) => ({ stream: row.stream, lastSeq: BigInt(row.last_seq), headHash: row.head_hash }));
    if (rows.length < pageSize) return;
    cursor = rows.at(-1)!.stream;
  }
}

/** The key of a (stream, sequence number) place in `streamsNow`'s answer. */
export const placeKey = (stream: string, seq: bigint) => `${seq}:${stream}`;

/**
 * For each checkpointed head (a stream may come more than once, at different sequence
 * numbers): the stream's head now, the hashes now at that sequence number, whether the
 * stream has actions. Keyed by `placeKey`.
 */
export async function streamsNow(db: Db, heads: readonly StreamHead[]): Promise<Map<string, StreamNow>> {
  const now = new Map<string, StreamNow>();
  if (heads.length === 0) return now;
  const rows = (
    await sql<{ stream: string; seq: string | bigint; head_seq: string | bigint | null; hash: string | null; has_actions: boolean }>`
      SELECT h.stream, h.seq, s.last_seq AS head_seq, a.hash,
        EXISTS (SELECT 1 FROM actions x WHERE x.stream = h.stream) AS has_actions
      FROM unnest(${heads.map((head) => head.stream)}::text[], ${heads.map((head) => head.lastSeq.toString())}::bigint[]) AS h(stream, seq)
      LEFT JOIN action_streams s ON s.stream = h.stream
      LEFT JOIN actions a ON a.stream = h.stream AND a.seq = h.seq`.execute(db)
  ).rows;
  for (const row of rows) {
    const key = placeKey(row.stream, BigInt(row.seq));
    const entry = now.get(key) ?? { headSeq: row.head_seq === null ? null : BigInt(row.head_seq), hashesAtCheckpointSeq: [], hasActions: row.has_actions };
    if (row.hash !== null && !entry.hashesAtCheckpointSeq.includes(row.hash)) entry.hashesAtCheckpointSeq.push(row.hash);
    now.set(key, entry);
  }
  return now;
}
