/**
 * A request's fee, assessed in the request's own transaction from the rule version that
 * judged it: a row the creditor pays through the gateway, and whether the request's orders
 * wait for it (the department's setting, fixed at the time of the request). The row is the
 * projection of the request's own action, which carries the fee and `feeHoldsDispatch`.
 */
import type { RuleDecision } from "../../domain/rules/index.ts";
import { feeOwed } from "../../domain/payments/payments.ts";
import type { Tx } from "../../storage/action-log.ts";
import { insertFee } from "../../storage/payments/repository.ts";
import type { StoredProcedure } from "../../storage/procedures/repository.ts";
import type { AppDeps } from "../deps.ts";

/** The request's orders wait for its fee: a fee is owed and the department collects before dispatch. */
export function feeHoldsDispatchFor(deps: AppDeps, decision: RuleDecision): boolean {
  return feeOwed(decision) !== null && deps.settings.feesBeforeDispatch === true;
}

export async function assessFee(tx: Tx, deps: AppDeps, procedure: StoredProcedure, decision: RuleDecision, now: Date): Promise<void> {
  const amount = feeOwed(decision);
  if (amount === null) return;
  const noticeAmount = decision.feeItems.filter((line) => line.item === "notice").reduce((total, line) => total + line.amount, 0n);
  await insertFee(tx, { procedureId: procedure.id, fileId: procedure.fileId, amount, noticeAmount, ruleVersion: decision.ruleVersion, holdsDispatch: feeHoldsDispatchFor(deps, decision), assessedAt: now });
}
