/** Reads and conditional writes of procedures and their agency orders. */
import { sql } from "kysely";
import { DomainError } from "../domain/errors.ts";
import type { AgencyOrderStatus, ProcedureKind, ProcedureStatus } from "../domain/procedures/index.ts";
import type { Tx } from "./action-log.ts";

export interface StoredProcedure {
  id: string;
  fileId: string;
  kind: ProcedureKind;
  status: ProcedureStatus;
  debtorPartyId: string;
  amount: bigint | null;
}

export interface StoredOrder {
  id: string;
  procedureId: string;
  agencyKey: string;
  status: AgencyOrderStatus;
  amountHeld: bigint;
  /** A bank's last declaration's number, and when it first froze anything (as read; kept current by the answers applied). */
  declarationSequence?: number;
  firstExecutedAt?: Date | null;
}

export async function procedureKind(tx: Tx, fileId: string, procedureId: string): Promise<ProcedureKind | undefined> {
  const row = await tx
    .selectFrom("procedures")
    .select("procedure_kind")
    .where("id", "=", procedureId)
    .where("file_id", "=", fileId)
    .executeTakeFirst();
  return row?.procedure_kind;
}

export async function proceduresOfFile(tx: Tx, fileId: string): Promise<StoredProcedure[]> {
  const rows = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("file_id", "=", fileId)
    .orderBy("requested_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fileId: row.file_id,
    kind: row.procedure_kind,
    status: row.status as ProcedureStatus,
    debtorPartyId: row.debtor_party_id,
    amount: row.amount,
  }));
}

/** Procedures by id (read after their files are locked). */
export async function proceduresById(tx: Tx, procedureIds: readonly string[]): Promise<StoredProcedure[]> {
  if (procedureIds.length === 0) return [];
  const rows = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("id", "in", [...procedureIds])
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, kind: row.procedure_kind, status: row.status as ProcedureStatus, debtorPartyId: row.debtor_party_id, amount: row.amount }));
}

/** One procedure of the file (read after the file is locked), or undefined. */
export async function procedureById(tx: Tx, fileId: string, procedureId: string): Promise<StoredProcedure | undefined> {
  const row = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("id", "=", procedureId)
    .where("file_id", "=", fileId)
    .executeTakeFirst();
  return row && { id: row.id, fileId: row.file_id, kind: row.procedure_kind, status: row.status as ProcedureStatus, debtorPartyId: row.debtor_party_id, amount: row.amount };
}

export async function ordersOfProcedures(tx: Tx, procedureIds: readonly string[]): Promise<StoredOrder[]> {
  if (procedureIds.length === 0) return [];
  const rows = await tx
    .selectFrom("agency_orders")
    .select(["id", "procedure_id", "agency_key", "status", "amount_held", "declaration_sequence", "first_executed_at"])
    .where("procedure_id", "in", procedureIds)
    .orderBy("agency_key")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    procedureId: row.procedure_id,
    agencyKey: row.agency_key,
    status: row.status as AgencyOrderStatus,
    amountHeld: row.amount_held,
    declarationSequence: row.declaration_sequence,
    firstExecutedAt: row.first_executed_at,
  }));
}

/** Moves a procedure only from the status it was read in; anything else is a lost race. */
export async function moveProcedure(tx: Tx, id: string, from: ProcedureStatus, to: ProcedureStatus, now: Date) {
  const result = await tx
    .updateTable("procedures")
    .set({ status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { procedureId: id, from, to });
}

export async function moveOrder(tx: Tx, id: string, from: AgencyOrderStatus, to: AgencyOrderStatus, now: Date) {
  const result = await tx
    .updateTable("agency_orders")
    .set({ status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { orderId: id, from, to });
}

/** Moves several orders from one status to another in one statement; any not in `from` is a lost race. */
export async function moveOrders(tx: Tx, ids: readonly string[], from: AgencyOrderStatus, to: AgencyOrderStatus, now: Date) {
  if (ids.length === 0) return;
  const result = await tx
    .updateTable("agency_orders")
    .set({ status: to, updated_at: now })
    .where("id", "in", [...ids])
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== BigInt(ids.length)) throw new DomainError("TRANSITION_NOT_ALLOWED", { orderIds: ids, from, to });
}

/**
 * Marks a procedure's pending orders sent, all in one statement: the status move (only from
 * `pending`; anything else is a lost race), when each was sent and is due, and the maximum.
 */
export async function markOrdersSent(tx: Tx, orders: readonly { id: string; answerDueAt: Date; maxAmount: bigint | null }[], now: Date) {
  if (orders.length === 0) return;
  const result = await sql`
    UPDATE agency_orders AS o SET status = 'sent', updated_at = ${now}, sent_at = ${now},
      answer_due_at = v.answer_due_at::timestamptz, max_amount = v.max_amount::bigint
    FROM (VALUES ${sql.join(orders.map((order) => sql`(${order.id}::uuid, ${order.answerDueAt.toISOString()}, ${order.maxAmount === null ? null : order.maxAmount.toString()})`))})
      AS v (id, answer_due_at, max_amount)
    WHERE o.id = v.id AND o.status = 'pending'`.execute(tx);
  if (result.numAffectedRows !== BigInt(orders.length)) {
    throw new DomainError("TRANSITION_NOT_ALLOWED", { orderIds: orders.map((order) => order.id), from: "pending", to: "sent" });
  }
}
