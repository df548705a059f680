/**
 * The auditors' search of the action log (read only): newest first, keyset-paged by
 * (occurred_at, id), filtered by file, actor, kind (exact, or a prefix ending in ".")
 * and a time range. Indexes in migration 0014 serve each filter in this order.
 */
import type { Db } from "../database.ts";
import { sql } from "kysely";
import type { StreamHead, StreamNow } from "../../domain/audit/checkpoint.ts";
import type { Tx } from "../action-log.ts";

export interface AuditFilter {
  fileId?: string;
  actor?: string;
  /** "procedure.approve" exactly, or "procedure." for every procedure action. */
  kind?: string;
  from?: Date;
  /** Exclusive. */
  until?: Date;
  after?: { occurredAt: Date; id: bigint };
  limit: number;
}

export interface AuditRow {
  id: bigint;
  stream: string;
  seq: bigint;
  occurredAt: Date;
  actor: string;
  actorRole: string;
  kind: string;
  fileId: string | null;
  fileNumber: string | null;
  procedureId: string | null;
  orderId: string | null;
  payload: unknown;
  reason: string | null;
  correlationId: string;
  hash: string;
}

/** LIKE's own characters in a prefix are matched literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchActions(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db
    .selectFrom("actions")
    .leftJoin("enforcement_files", "enforcement_files.id", "actions.file_id")
    .select([
      "actions.id",
      "actions.stream",
      "actions.seq",
      "actions.occurred_at",
      "actions.actor",
      "actions.actor_role",
      "actions.action_kind",
      "actions.file_id",
      "enforcement_files.number as file_number",
      "actions.procedure_id",
      "actions.order_id",
      "actions.payload",
      "actions.reason",
      "actions.correlation_id",
      "actions.hash",
    ]);
  if (filter.fileId) query = query.where("actions.file_id", "=", filter.fileId);
  if (filter.actor) query = query.where("actions.actor", "=", filter.actor);
  if (filter.kind) query = filter.kind.endsWith(".") ? query.where("actions.action_kind", "like", likePrefix(filter.kind)) : query.where("actions.action_kind", "=", filter.kind);
  if (filter.from) query = query.where("actions.occurred_at", ">=", filter.from);
  if (filter.until) query = query.where("actions.occurred_at", "<", filter.until);
  if (filter.after) {
    const { occurredAt, id } = filter.after;
    query = query.where((eb) => eb.or([eb("actions.occurred_at", "<", occurredAt), eb.and([eb("actions.occurred_at", "=", occurredAt), eb("actions.id", "<", id)])]));
  }
  const rows = await query.orderBy("actions.occurred_at", "desc").orderBy("actions.id", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    stream: row.stream,
    seq: row.seq,
    occurredAt: row.occurred_at,
    actor: row.actor,
    actorRole: row.actor_role,
    kind: row.action_kind,
    fileId: row.file_id,
    fileNumber: row.file_number,
    procedureId: row.procedure_id,
    orderId: row.order_id,
    payload: row.payload,
    reason: row.reason,
    correlationId: row.correlation_id,
    hash: row.hash,
  }));
}

/** A file's id from its number (the auditor types the number printed on papers). */
export async function fileIdByNumber(db: Db, number: string): Promise<string | null> {
  const row = await db.selectFrom("enforcement_files").select("id").where("number", "=", number).executeTakeFirst();
  return row?.id ?? null;
}

// The reads the audit anchor needs: every stream's head in checkpoint order (by stream,
// "C" collation, in keyset pages), and, for heads taken from a checkpoint, what the
// database holds now at those places.

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
