/**
 * Agency orders as the exchange reads and writes them besides their status moves
 * (procedures-repository.ts): where an order belongs, what a bank declared under it, what
 * the cap lets it hold, and what an agency reported (vehicles, a ban's reference).
 */
import type { AgencyOrderStatus, ProcedureStatus } from "../domain/procedures/index.ts";
import type { Tx } from "./action-log.ts";

export interface OrderLocation {
  id: string;
  fileId: string;
  procedureId: string;
}

/** The orders among `orderIds` that belong to `agencyKey` (an agency answers only its own orders); an order's file and procedure never change. */
export async function ordersOfAgency(tx: Tx, agencyKey: string, orderIds: readonly string[]): Promise<OrderLocation[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx.selectFrom("agency_orders").select(["id", "file_id", "procedure_id"]).where("id", "in", [...orderIds]).where("agency_key", "=", agencyKey).execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, procedureId: row.procedure_id }));
}

/** Where the orders are, whoever they belong to. */
export async function locateOrders(tx: Tx, orderIds: readonly string[]): Promise<OrderLocation[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx.selectFrom("agency_orders").select(["id", "file_id", "procedure_id"]).where("id", "in", [...orderIds]).execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, procedureId: row.procedure_id }));
}

/** The file a procedure belongs to (undefined: no such procedure). */
export async function fileOfProcedure(tx: Tx, procedureId: string): Promise<string | undefined> {
  const row = await tx.selectFrom("procedures").select("file_id").where("id", "=", procedureId).executeTakeFirst();
  return row?.file_id;
}

export interface DeclarationState {
  sequence: number;
  firstExecutedAt: Date | null;
}

export async function declarationState(tx: Tx, orderId: string): Promise<DeclarationState> {
  const row = await tx.selectFrom("agency_orders").select(["declaration_sequence", "first_executed_at"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  return { sequence: row.declaration_sequence, firstExecutedAt: row.first_executed_at };
}

/** A bank's declaration under an order: its number, the total frozen, and (when applied) when it first froze and the accounts. */
export async function recordDeclaration(
  tx: Tx,
  orderId: string,
  declaration: { sequence: number; frozen: bigint; firstExecutedAt?: Date | null; details?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await tx
    .updateTable("agency_orders")
    .set({
      declaration_sequence: declaration.sequence,
      frozen_declared: declaration.frozen,
      ...(declaration.firstExecutedAt !== undefined ? { first_executed_at: declaration.firstExecutedAt } : {}),
      ...(declaration.details !== undefined ? { details: JSON.stringify(declaration.details) } : {}),
      updated_at: now,
    })
    .where("id", "=", orderId)
    .execute();
}

/** What an agency reported under an order (the vehicles flagged, a ban's reference). */
export async function setOrderDetails(tx: Tx, orderId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await tx.updateTable("agency_orders").set({ details: JSON.stringify(details), updated_at: now }).where("id", "=", orderId).execute();
}

/** A lifted order holds nothing. */
export async function clearHoldings(tx: Tx, orderId: string, now: Date): Promise<void> {
  await tx.updateTable("agency_orders").set({ amount_held: 0n, frozen_declared: 0n, updated_at: now }).where("id", "=", orderId).execute();
}

export interface BankOrderHolding {
  id: string;
  agencyKey: string;
  procedureId: string;
  status: AgencyOrderStatus;
  procedureStatus: ProcedureStatus;
  /** The attachment's amount (the procedure's). */
  attachmentAmount: bigint | null;
  frozenDeclared: bigint;
  amountHeld: bigint;
  maxAmount: bigint | null;
  firstExecutedAt: Date | null;
}

/** Every bank-attachment order of a file, with what it declared and holds: what the cap reads. */
export async function bankOrderHoldings(tx: Tx, fileId: string): Promise<BankOrderHolding[]> {
  const rows = await tx
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select(["o.id", "o.agency_key", "o.procedure_id", "o.status", "o.frozen_declared", "o.amount_held", "o.max_amount", "o.first_executed_at", "p.status as procedure_status", "p.amount"])
    .where("o.file_id", "=", fileId)
    .where("p.procedure_kind", "=", "bank_attachment")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    agencyKey: row.agency_key,
    procedureId: row.procedure_id,
    status: row.status as AgencyOrderStatus,
    procedureStatus: row.procedure_status as ProcedureStatus,
    attachmentAmount: row.amount,
    frozenDeclared: row.frozen_declared,
    amountHeld: row.amount_held,
    maxAmount: row.max_amount,
    firstExecutedAt: row.first_executed_at,
  }));
}

/** What the cap lets an order hold, and (when it must release) the new most it may hold. */
export async function setHolding(tx: Tx, orderId: string, holding: { held: bigint; maxAmount?: bigint }, now: Date): Promise<void> {
  await tx
    .updateTable("agency_orders")
    .set({ amount_held: holding.held, updated_at: now, ...(holding.maxAmount !== undefined ? { max_amount: holding.maxAmount } : {}) })
    .where("id", "=", orderId)
    .execute();
}

/** Procedures waiting (ordered, not yet dispatched) against the person with this civil ID, on any file. */
export async function orderedProceduresAgainstPerson(tx: Tx, civilId: string): Promise<{ id: string; fileId: string }[]> {
  const rows = await tx
    .selectFrom("procedures as p")
    .innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id")
    .select(["p.id", "p.file_id"])
    .where("fp.civil_id", "=", civilId)
    .where("p.status", "=", "ordered")
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id }));
}

/** A file's orders holding frozen funds now (executed, something held): what a transfer order asks for. */
export async function ordersHoldingFunds(tx: Tx, fileId: string): Promise<{ id: string; procedureId: string; agencyKey: string; amountHeld: bigint }[]> {
  const rows = await tx
    .selectFrom("agency_orders")
    .select(["id", "procedure_id", "agency_key", "amount_held"])
    .where("file_id", "=", fileId)
    .where("status", "=", "executed")
    .where("amount_held", ">", 0n)
    .execute();
  return rows.map((row) => ({ id: row.id, procedureId: row.procedure_id, agencyKey: row.agency_key, amountHeld: row.amount_held }));
}
