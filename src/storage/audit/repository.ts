/**
 * The auditors' search of the action log (read only): newest first, keyset-paged by
 * (occurred_at, id), filtered by file, actor, kind (exact, or a prefix ending in ".")
 * and a time range. Indexes in migration 0014 serve each filter in this order.
 */
import type { Db } from "../database.ts";

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
