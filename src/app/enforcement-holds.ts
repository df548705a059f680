/**
 * What a dispute's suspension and an instalment plan in force hold back, in one place:
 * new measures are refused (ENFORCEMENT_SUSPENDED, INSTALMENT_PLAN_IN_FORCE), an order not
 * yet dispatched waits while the file is suspended, and money waits too: no transfer of
 * frozen funds to the department and no pay-out to a creditor while the file is suspended
 * (`assertMoneyMayMove`). Measures already sent stay as they are: a suspension never lifts
 * a ban or an attachment by itself, so what is frozen stays frozen. When the suspension
 * ends, held dispatches are queued again and transfers and pay-outs may be ordered again.
 */
import { DomainError } from "../domain/errors.ts";
import type { Tx } from "../storage/action-log.ts";
import { suspendingDispute } from "../storage/disputes/repository.ts";
import { planInForce } from "../storage/instalments/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../storage/procedures/repository.ts";
import type { FileChanges } from "./file-changes.ts";

/** Throws unless a new measure may be taken against this debtor of the (locked) file now. */
export async function assertEnforcementMayProceed(tx: Tx, fileId: string, debtorPartyId: string): Promise<void> {
  const suspension = await suspendingDispute(tx, fileId);
  if (suspension) throw new DomainError("ENFORCEMENT_SUSPENDED", { disputeId: suspension.id });
  const planId = await planInForce(tx, fileId, debtorPartyId);
  if (planId) throw new DomainError("INSTALMENT_PLAN_IN_FORCE", { planId });
}

/**
 * Throws ENFORCEMENT_SUSPENDED while a judge's suspension holds the (locked) file: a transfer
 * of frozen funds or a pay-out to a creditor would carry enforcement on (the law: while
 * enforcement is suspended no new step is taken; earlier attachments stay).
 */
export async function assertMoneyMayMove(tx: Tx, fileId: string, movement: "transfer" | "payout"): Promise<void> {
  const suspension = await suspendingDispute(tx, fileId);
  if (suspension) throw new DomainError("ENFORCEMENT_SUSPENDED", { disputeId: suspension.id, held: movement });
}

/**
 * Called by the dispatch of a procedure's orders, with the file locked: while the file is
 * suspended the orders stay pending (recorded on the file) and true is returned; the
 * dispatch is queued again when the suspension ends (resumeHeldDispatches).
 */
export async function holdDispatchIfSuspended(tx: Tx, changes: FileChanges, fileId: string, procedureId: string): Promise<boolean> {
  const suspension = await suspendingDispute(tx, fileId);
  if (!suspension) return false;
  changes.record("procedure.dispatch_held", { procedureId, payload: { disputeId: suspension.id }, reason: "Enforcement is suspended pending an enforcement dispute." });
  return true;
}

/** The suspension ended: every ordered procedure with orders still pending is dispatched again. Returns their ids. */
export async function resumeHeldDispatches(tx: Tx, changes: FileChanges, fileId: string): Promise<string[]> {
  const ordered = (await proceduresOfFile(tx, fileId)).filter((procedure) => procedure.status === "ordered");
  const orders = await ordersOfProcedures(tx, ordered.map((procedure) => procedure.id));
  const held = ordered.filter((procedure) => orders.some((order) => order.procedureId === procedure.id && order.status === "pending"));
  for (const procedure of held) changes.sideEffect({ topic: "procedure.dispatch", payload: { procedureId: procedure.id } });
  return held.map((procedure) => procedure.id);
}
