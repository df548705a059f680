/** Reads and conditional writes of procedures and their agency orders. */
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

export async function ordersOfProcedures(tx: Tx, procedureIds: readonly string[]): Promise<StoredOrder[]> {
  if (procedureIds.length === 0) return [];
  const rows = await tx
    .selectFrom("agency_orders")
    .select(["id", "procedure_id", "agency_key", "status", "amount_held"])
    .where("procedure_id", "in", procedureIds)
    .orderBy("agency_key")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    procedureId: row.procedure_id,
    agencyKey: row.agency_key,
    status: row.status as AgencyOrderStatus,
    amountHeld: row.amount_held,
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
