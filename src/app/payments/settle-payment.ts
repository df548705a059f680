/**
 * A gateway's result applied to the hub's payment, in one transaction with everything it
 * causes. The same function serves the signed callback and the status query, so a lost
 * callback settles a payment exactly as the callback would have, and whichever comes
 * second finds it settled and changes nothing.
 *
 * Captured fee: the fee is paid, posted to the treasury (fee_received) and the request's
 * dispatch queued again. Captured debt payment: the file is credited (creditFile: outstanding
 * falls, the bank cap is re-applied, on zero every measure is lifted); any part above what
 * is still owed by then is refunded.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Fils } from "../../domain/money/index.ts";
import { feeBookingParts, settlementOf, splitDebtPayment, type GatewayResult } from "../../domain/payments/payments.ts";
import { outstanding } from "../../domain/file/claim.ts";
import type { Actor, Tx } from "../../storage/action-log.ts";
import { findFee, findPayment, insertRefund, moveFee, paymentFeeItems, settlePaymentRow, type StoredPayment } from "../../storage/payments/repository.ts";
import type { RefundReason } from "../../storage/payments/schema.ts";
import type { GatewayDetails } from "../ports/payments.ts";
import type { FileChanges } from "../file-changes.ts";
import { procedureKind } from "../../storage/procedures/repository.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { creditFile } from "../record-ledger-entry.ts";
import { postTreasuryMovement } from "../treasury/post-movement.ts";

export interface GatewayOutcome {
  result: GatewayResult;
  gatewayPaymentId: string;
  amount: Fils;
  details: GatewayDetails;
  via: "callback" | "status_query";
}

/** Who acts when the gateway's word changes a payment. */
export const gatewayActor = (gateway: string): Actor => ({ id: `gateway:${gateway}`, role: "gateway" });

/**
 * Settles payment `paymentId` with the gateway's outcome. "already": it had this result.
 * Throws PAYMENT_NOT_FOUND, PAYMENT_AMOUNT_MISMATCH or PAYMENT_RESULT_CONFLICT (the caller's
 * transaction then writes nothing). `before` runs with the file and payment locked, before
 * anything is written (the callback's nonce is remembered there).
 */
export async function settlePayment(
  tx: Tx,
  newId: () => string,
  paymentId: string,
  outcome: GatewayOutcome,
  correlationId: string,
  now: Date,
  before?: (payment: StoredPayment) => Promise<void>,
): Promise<"settled" | "already"> {
  const located = await findPayment(tx, paymentId);
  if (!located) throw new DomainError("PAYMENT_NOT_FOUND", { paymentId });
  // The file first, then the payment: every writer of a file takes its lock in this order.
  const { file, changes } = await openFileAsSystem(tx, located.fileId, gatewayActor(located.gateway), correlationId, now);
  const payment = (await findPayment(tx, paymentId, { lock: true }))!;
  if (payment.gatewayPaymentId !== null && payment.gatewayPaymentId !== outcome.gatewayPaymentId) {
    throw new DomainError("PAYMENT_RESULT_CONFLICT", { paymentId, reason: "another gateway payment" });
  }
  if (outcome.amount !== payment.amount) throw new DomainError("PAYMENT_AMOUNT_MISMATCH", { paymentId });
  const settlement = settlementOf(payment.status, outcome.result);
  if (settlement === "conflict") throw new DomainError("PAYMENT_RESULT_CONFLICT", { paymentId, recorded: payment.status, reported: outcome.result });
  await before?.(payment);
  if (settlement === "already") return "already";

  const result = { result: outcome.result, ...outcome.details };
  changes.record(`payment.${outcome.result}`, {
    ...(payment.procedureId ? { procedureId: payment.procedureId } : {}),
    payload: { paymentId, purpose: payment.purpose, amount: payment.amount, gatewayPaymentId: outcome.gatewayPaymentId, via: outcome.via, ...outcome.details },
  });
  let credited: Fils | undefined;
  if (outcome.result === "captured") {
    if (payment.purpose === "fee") await feeCaptured(tx, changes, newId, payment, now);
    else if (payment.purpose === "fees") await feesCaptured(tx, changes, newId, payment, correlationId, now);
    else {
      const { credit, excess } = splitDebtPayment(payment.amount, outstanding(file.claimTotal, file.recoveredTotal), file.status === "open");
      if (credit > 0n) {
        await creditFile(tx, changes, file, { kind: "payment", amount: credit, source: "online_payment", reference: outcome.gatewayPaymentId, recordedBy: gatewayActor(payment.gateway).id }, newId, now);
      }
      if (excess > 0n) {
        // The whole amount reached the gateway's clearing account: the part not owed is the debtor's until refunded.
        await postTreasuryMovement(tx, { kind: "payment_excess", channel: "online_payment", fileId: payment.fileId, amount: excess, reference: `payment-excess:${payment.id}`, occurredAt: now }, { newId });
        await requestRefund(tx, changes, newId, payment, excess, "exceeds_outstanding", now);
      }
      credited = credit;
    }
  }
  const moved = await settlePaymentRow(tx, paymentId, payment.status, outcome.result, { via: outcome.via, result, gatewayPaymentId: outcome.gatewayPaymentId, ...(credited !== undefined ? { creditedAmount: credited } : {}) }, now);
  if (!moved) throw new DomainError("PAYMENT_RESULT_CONFLICT", { paymentId, reason: "moved meanwhile" });
  await changes.commit();
  return "settled";
}

async function feeCaptured(tx: Tx, changes: FileChanges, newId: () => string, payment: StoredPayment, now: Date): Promise<void> {
  const procedureId = payment.procedureId!;
  const fee = await findFee(tx, procedureId, { lock: true });
  const feeItem = await procedureKind(tx, payment.fileId, procedureId);
  if (feeItem === undefined) throw new Error(`payment ${payment.id}: procedure ${procedureId} is not of file ${payment.fileId}`);
  // The money reached the department whatever happens next: the treasury books it as fee income,
  // the order's fee and the notice fee (kw-2025.4) each as its own entry.
  for (const part of feeBookingParts(payment.amount, fee, feeItem)) {
    await postTreasuryMovement(tx, { kind: "fee_received", channel: "online_payment", feeItem: part.item, fileId: payment.fileId, procedureId, amount: part.amount, reference: `fee-payment:${payment.id}${part.suffix}`, occurredAt: now }, { newId });
  }
  if (fee && fee.status === "due" && fee.amount === payment.amount) {
    await moveFee(tx, procedureId, "due", "paid", { paymentId: payment.id, paidAt: now }, now);
    changes.record("fee.paid", { procedureId, payload: { paymentId: payment.id, amount: payment.amount } });
    // The orders that waited for the fee leave now (the dispatch checks everything else again).
    if (fee.holdsDispatch) changes.sideEffect({ topic: "procedure.dispatch", payload: { procedureId } });
    return;
  }
  // Paid already by another payment (two tabs), or nothing due: the money goes back.
  await requestRefund(tx, changes, newId, payment, payment.amount, "fee_paid_twice", now);
}

/**
 * A payment of several fees (purpose fees, start-fees-payment.ts), captured: each fee is
 * booked in the treasury and paid on its own file, as a single fee's payment would be
 * (its own reference `fee-payment:<payment>:<procedure>`), each file changed under its own
 * lock (in file order, the payment's own file first: it has the smallest id).
 */
async function feesCaptured(tx: Tx, changes: FileChanges, newId: () => string, payment: StoredPayment, correlationId: string, now: Date): Promise<void> {
  const items = await paymentFeeItems(tx, payment.id);
  const files = [...new Set(items.map((item) => item.fileId))];
  for (const fileId of files) {
    const fileChanges = fileId === payment.fileId ? changes : (await openFileAsSystem(tx, fileId, gatewayActor(payment.gateway), correlationId, now)).changes;
    for (const item of items.filter((entry) => entry.fileId === fileId)) {
      const feeItem = await procedureKind(tx, fileId, item.procedureId);
      if (feeItem === undefined) throw new Error(`payment ${payment.id}: procedure ${item.procedureId} is not of file ${fileId}`);
      const fee = await findFee(tx, item.procedureId, { lock: true });
      // The order's fee and the notice fee (kw-2025.4) each as its own entry.
      for (const part of feeBookingParts(item.amount, fee, feeItem)) {
        await postTreasuryMovement(tx, { kind: "fee_received", channel: "online_payment", feeItem: part.item, fileId, procedureId: item.procedureId, amount: part.amount, reference: `fee-payment:${payment.id}:${item.procedureId}${part.suffix}`, occurredAt: now }, { newId });
      }
      if (fee && fee.status === "due" && fee.amount === item.amount) {
        await moveFee(tx, item.procedureId, "due", "paid", { paymentId: payment.id, paidAt: now }, now);
        fileChanges.record("fee.paid", { procedureId: item.procedureId, payload: { paymentId: payment.id, amount: item.amount } });
        if (fee.holdsDispatch) fileChanges.sideEffect({ topic: "procedure.dispatch", payload: { procedureId: item.procedureId } });
      } else {
        // Paid meanwhile by another payment: this fee's part goes back.
        await requestRefund(tx, fileChanges, newId, payment, item.amount, "fee_paid_twice", now, { procedureId: item.procedureId, fileId });
      }
    }
    if (fileChanges !== changes) await fileChanges.commit();
  }
}

/**
 * Asks for a refund through the gateway (the worker sends it); once per payment and reason,
 * and per fee for a payment of several fees (`fee`: the fee's procedure and file).
 */
export async function requestRefund(tx: Tx, changes: FileChanges, newId: () => string, payment: StoredPayment, amount: Fils, reason: RefundReason, now: Date, fee?: { procedureId: string; fileId: string }): Promise<void> {
  const refundId = newId();
  if (!(await insertRefund(tx, { id: refundId, paymentId: payment.id, fileId: fee?.fileId ?? payment.fileId, amount, reason, procedureId: fee?.procedureId ?? null }, now))) return;
  const procedureId = fee?.procedureId ?? payment.procedureId;
  changes.record("payment.refund_requested", {
    ...(procedureId ? { procedureId } : {}),
    payload: { paymentId: payment.id, refundId, amount, reason },
  });
}
