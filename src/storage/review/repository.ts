/** The automatic checks' projection and the review queues (migration 0005). */
import type { RuleDecision } from "../../domain/rules/index.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { ReviewItemKind } from "./schema.ts";

export async function saveProcedureChecks(tx: Tx, procedureId: string, fileId: string, decision: RuleDecision, at: Date): Promise<void> {
  await tx
    .insertInto("procedure_checks")
    .values({
      procedure_id: procedureId,
      file_id: fileId,
      rule_version: decision.ruleVersion,
      outcome: decision.outcome,
      queue: decision.queue,
      fee: decision.fee,
      checks: JSON.stringify(decision.checks),
      evaluated_at: at,
    })
    .execute();
}

export interface NewReviewItem {
  id: string;
  itemKind: ReviewItemKind;
  queue: "clerk" | "judge";
  fileId: string | null;
  procedureId: string | null;
  procedureKind: string | null;
  subjectRef?: string | null;
  ruleVersion: string;
  enteredAt: Date;
  dueAt: Date;
}

export async function openReviewItem(tx: Tx, item: NewReviewItem): Promise<void> {
  await tx
    .insertInto("review_items")
    .values({
      id: item.id,
      item_kind: item.itemKind,
      queue: item.queue,
      file_id: item.fileId,
      procedure_id: item.procedureId,
      procedure_kind: item.procedureKind,
      subject_ref: item.subjectRef ?? null,
      rule_version: item.ruleVersion,
      entered_at: item.enteredAt,
      due_at: item.dueAt,
    })
    .execute();
}

export interface ReviewItemRow {
  id: string;
  itemKind: ReviewItemKind;
  queue: "clerk" | "judge";
  fileId: string | null;
  fileNumber: string | null;
  procedureId: string | null;
  procedureKind: string | null;
  procedureStatus: string | null;
  subjectRef: string | null;
  ruleVersion: string;
  enteredAt: Date;
  dueAt: Date;
  assignedTo: string | null;
  assignedAt: Date | null;
}

export interface QueueFilter {
  queue: "clerk" | "judge";
  procedureKind?: string;
  itemKind?: ReviewItemKind;
  /** Only items that entered at or before this instant (older than an age). */
  enteredBefore?: Date;
  assigned?: { to: string } | "unassigned";
  limit: number;
}

export async function openReviewItems(db: Db | Tx, filter: QueueFilter): Promise<ReviewItemRow[]> {
  let query = db
    .selectFrom("review_items as r")
    .leftJoin("enforcement_files as f", "f.id", "r.file_id")
    .leftJoin("procedures as p", "p.id", "r.procedure_id")
    .select([
      "r.id",
      "r.item_kind",
      "r.queue",
      "r.file_id",
      "f.number as file_number",
      "r.procedure_id",
      "r.procedure_kind",
      "p.status as procedure_status",
      "r.subject_ref",
      "r.rule_version",
      "r.entered_at",
      "r.due_at",
      "r.assigned_to",
      "r.assigned_at",
    ])
    .where("r.closed_at", "is", null)
    .where("r.queue", "=", filter.queue)
    // A procedure waived or lapsed while waiting is no longer anyone's work.
    .where((eb) => eb.or([eb("r.item_kind", "<>", "procedure_decision"), eb("p.status", "=", "under_review")]));
  if (filter.procedureKind) query = query.where("r.procedure_kind", "=", filter.procedureKind);
  if (filter.itemKind) query = query.where("r.item_kind", "=", filter.itemKind);
  if (filter.enteredBefore) query = query.where("r.entered_at", "<=", filter.enteredBefore);
  if (filter.assigned === "unassigned") query = query.where("r.assigned_to", "is", null);
  else if (filter.assigned) query = query.where("r.assigned_to", "=", filter.assigned.to);
  const rows = await query.orderBy("r.entered_at").orderBy("r.id").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    itemKind: row.item_kind,
    queue: row.queue,
    fileId: row.file_id,
    fileNumber: row.file_number,
    procedureId: row.procedure_id,
    procedureKind: row.procedure_kind,
    procedureStatus: row.procedure_status,
    subjectRef: row.subject_ref,
    ruleVersion: row.rule_version,
    enteredAt: row.entered_at,
    dueAt: row.due_at,
    assignedTo: row.assigned_to,
    assignedAt: row.assigned_at,
  }));
}

export async function openItemOfProcedure(tx: Tx, procedureId: string): Promise<{ id: string; queue: "clerk" | "judge"; assignedTo: string | null; fileId: string | null } | undefined> {
  const row = await tx
    .selectFrom("review_items")
    .select(["id", "queue", "assigned_to", "file_id"])
    .where("procedure_id", "=", procedureId)
    .where("closed_at", "is", null)
    .executeTakeFirst();
  return row ? { id: row.id, queue: row.queue, assignedTo: row.assigned_to, fileId: row.file_id } : undefined;
}

export async function assignReviewItem(tx: Tx, itemId: string, assignee: string, at: Date): Promise<void> {
  await tx.updateTable("review_items").set({ assigned_to: assignee, assigned_at: at }).where("id", "=", itemId).where("closed_at", "is", null).execute();
}

/** Closes the open item of a procedure, if any (decided, waived, expired). */
export async function closeItemOfProcedure(tx: Tx, procedureId: string, outcome: string, by: string, at: Date): Promise<void> {
  await tx
    .updateTable("review_items")
    .set({ closed_at: at, closed_by: by, outcome })
    .where("procedure_id", "=", procedureId)
    .where("closed_at", "is", null)
    .execute();
}

export interface StoredChecks {
  procedureId: string;
  ruleVersion: string;
  outcome: string;
  queue: string | null;
  fee: bigint;
  checks: unknown;
  evaluatedAt: Date;
}

export async function checksOfFile(db: Db | Tx, fileId: string): Promise<StoredChecks[]> {
  const rows = await db.selectFrom("procedure_checks").selectAll().where("file_id", "=", fileId).execute();
  return rows.map((row) => ({
    procedureId: row.procedure_id,
    ruleVersion: row.rule_version,
    outcome: row.outcome,
    queue: row.queue,
    fee: row.fee,
    checks: row.checks,
    evaluatedAt: row.evaluated_at,
  }));
}

/** Review items that are not about a procedure (a document to verify, a title submitted online). */
export interface OpenItem {
  id: string;
  itemKind: ReviewItemKind;
  queue: "clerk" | "judge";
  fileId: string | null;
  procedureId: string | null;
  subjectRef: string | null;
  assignedTo: string | null;
}

export async function openItemById(tx: Tx, itemId: string): Promise<OpenItem | undefined> {
  const row = await tx
    .selectFrom("review_items")
    .select(["id", "item_kind", "queue", "file_id", "procedure_id", "subject_ref", "assigned_to"])
    .where("id", "=", itemId)
    .where("closed_at", "is", null)
    .executeTakeFirst();
  return row
    ? { id: row.id, itemKind: row.item_kind, queue: row.queue, fileId: row.file_id, procedureId: row.procedure_id, subjectRef: row.subject_ref, assignedTo: row.assigned_to }
    : undefined;
}

/** Closes the open item reviewing `subjectRef` (a document or a submission), if any. */
export async function closeItemOfSubject(tx: Tx, itemKind: Exclude<ReviewItemKind, "procedure_decision">, subjectRef: string, outcome: string, by: string, at: Date): Promise<void> {
  await tx
    .updateTable("review_items")
    .set({ closed_at: at, closed_by: by, outcome })
    .where("item_kind", "=", itemKind)
    .where("subject_ref", "=", subjectRef)
    .where("closed_at", "is", null)
    .execute();
}
