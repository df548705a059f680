/**
 * Money going back through the gateway, by the worker: a fee for a request that never
 * reached an agency (rejected, waived or lapsed before anything was sent), a fee paid
 * twice, or the part of a debtor's payment above what was still owed when it arrived.
 * Each refund is asked for once (payment_refunds), sent under its own id (the gateway is
 * idempotent by it), and on success recorded with its treasury movement in one transaction.
 */
import { findPayment, completeRefund, dueRefunds, moveFee, postponeRefund, unusedPaidFees, findFee, type StoredRefund } from "../../storage/payments/repository.ts";
import { feeBookingParts } from "../../domain/payments/payments.ts";
import { procedureKind } from "../../storage/procedures/repository.ts";
import { GatewayUnavailableError } from "../ports/payments.ts";
import type { AppDeps } from "../deps.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { postTreasuryMovement } from "../treasury/post-movement.ts";
import { gatewayActor, requestRefund } from "./settle-payment.ts";

/** Paid fees of requests that ended before anything was sent: each gets a refund (fee_unused). */
export async function refundUnusedFees(deps: AppDeps, paidSince: Date): Promise<number> {
  let asked = 0;
  for (const unused of await unusedPaidFees(deps.db, paidSince)) {
    const now = deps.clock.now();
    const done = await deps.db.transaction().execute(async (tx) => {
      const payment = (await findPayment(tx, unused.paymentId))!;
      const { changes } = await openFileAsSystem(tx, unused.fileId, { id: "system", role: "worker" }, `fee-refund-${unused.procedureId}`, now);
      const fee = await findFee(tx, unused.procedureId, { lock: true });
      if (!fee || fee.status !== "paid") return false;
      await moveFee(tx, unused.procedureId, "paid", "refunding", {}, now);
      // A payment of several fees gives back this fee's part, under its own refund.
      await requestRefund(tx, changes, deps.newId, payment, fee.amount, "fee_unused", now, payment.purpose === "fees" ? { procedureId: unused.procedureId, fileId: unused.fileId } : undefined);
      await changes.commit();
      return true;
    });
    if (done) asked++;
  }
  return asked;
}

/** Sends every refund that is due; a failure is retried later with backoff. */
export async function sendDueRefunds(deps: AppDeps): Promise<{ completed: number; failed: number }> {
  const gateway = deps.payments?.gateway;
  const round = { completed: 0, failed: 0 };
  if (!gateway) return round;
  for (const refund of await dueRefunds(deps.db, deps.clock.now())) {
    const payment = await findPayment(deps.db, refund.paymentId);
    if (!payment?.gatewayPaymentId) continue;
    let gatewayRefundId: string;
    try {
      ({ gatewayRefundId } = await gateway.refund({ gatewayPaymentId: payment.gatewayPaymentId, refundReference: refund.id, amount: refund.amount }));
    } catch (error) {
      await postponeRefund(deps.db, refund.id, error instanceof GatewayUnavailableError ? error.message : String(error), deps.clock.now());
      round.failed++;
      continue;
    }
    if (await recordRefunded(deps, refund, gatewayRefundId)) round.completed++;
  }
  return round;
}

async function recordRefunded(deps: AppDeps, refund: StoredRefund, gatewayRefundId: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const payment = (await findPayment(tx, refund.paymentId))!;
    const { changes } = await openFileAsSystem(tx, refund.fileId, gatewayActor(payment.gateway), `refund-${refund.id}`, now);
    if (!(await completeRefund(tx, refund.id, gatewayRefundId, now))) return false;
    // A payment of several fees: the refund names its fee, booked under that fee's own reference.
    const procedureId = payment.purpose === "fees" ? (refund.procedureId ?? null) : payment.procedureId;
    changes.record("payment.refunded", {
      ...(procedureId ? { procedureId } : {}),
      payload: { paymentId: payment.id, refundId: refund.id, gatewayRefundId, amount: refund.amount, reason: refund.reason },
    });
    if (payment.purpose === "fee" || payment.purpose === "fees") {
      // Fee income given back through the channel it came by: the notice fee's part (kw-2025.4) as its own entry, as it was booked.
      const feeReference = payment.purpose === "fees" ? `fee-payment:${payment.id}:${procedureId}` : `fee-payment:${payment.id}`;
      const fee = procedureId ? await findFee(tx, procedureId) : undefined;
      const kind = (procedureId ? await procedureKind(tx, refund.fileId, procedureId) : undefined) ?? "fee";
      for (const part of feeBookingParts(refund.amount, fee, kind)) {
        await postTreasuryMovement(tx, { kind: "fee_refunded", channel: "online_payment", feeReference: `${feeReference}${part.suffix}`, fileId: refund.fileId, procedureId, amount: part.amount, reference: `fee-refund:${refund.id}${part.suffix}`, occurredAt: now }, { newId: deps.newId });
      }
      if (refund.reason === "fee_unused" && procedureId) {
        await moveFee(tx, procedureId, "refunding", "refunded", {}, now);
        changes.record("fee.refunded", { procedureId, payload: { paymentId: payment.id, refundId: refund.id, amount: refund.amount } });
      }
    } else {
      // A debt payment's excess, owed back to the debtor since the capture, leaves through the gateway.
      await postTreasuryMovement(tx, { kind: "refund_paid", channel: "online_payment", fileId: payment.fileId, amount: refund.amount, reference: `payment-refund:${refund.id}`, occurredAt: now }, { newId: deps.newId });
    }
    await changes.commit();
    return true;
  });
}
