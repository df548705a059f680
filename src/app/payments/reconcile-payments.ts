/**
 * Callbacks get lost: a payment still pending after a while is asked about (the gateway's
 * status query) and settled from the answer exactly as its callback would have settled it.
 * A payment the gateway never heard of (our request to create it failed) is given up once
 * no payer can still be on its page.
 */
import { isDomainError } from "../../domain/errors.ts";
import type { Tx } from "../../storage/action-log.ts";
import { expireUnknownPayment, findPayment, markChecked, stalePendingPayments, type StoredPayment } from "../../storage/payments/repository.ts";
import { GatewayUnavailableError } from "../ports/payments.ts";
import type { AppDeps } from "../deps.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { gatewayActor, settlePayment } from "./settle-payment.ts";

/** A payment unknown to the gateway this long after it was started is given up (KNET pages live 15 minutes). */
export const ABANDON_UNKNOWN_AFTER_MS = 30 * 60_000;

export type ReconcileResult = "settled" | "already" | "pending" | "abandoned" | "unavailable" | "refused";

/** Asks the gateway about one payment and applies its answer. Never throws for the gateway's trouble. */
export async function reconcilePayment(deps: AppDeps, payment: StoredPayment): Promise<ReconcileResult> {
  const gateway = deps.payments?.gateway;
  if (!gateway) return "unavailable";
  let status;
  try {
    status = await gateway.paymentStatus(payment.id);
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return "unavailable";
    throw error;
  }
  const now = deps.clock.now();
  if (status === null) {
    if (now.getTime() - payment.initiatedAt.getTime() < ABANDON_UNKNOWN_AFTER_MS) {
      await markChecked(deps.db, payment.id, now);
      return "pending";
    }
    return (await deps.db.transaction().execute((tx) => abandonPayment(tx, payment.id, now))) ? "abandoned" : "already";
  }
  if (status.result === "pending") {
    await markChecked(deps.db, payment.id, now);
    return "pending";
  }
  try {
    return await deps.db.transaction().execute((tx) =>
      settlePayment(tx, deps.newId, payment.id, { result: status.result as Exclude<typeof status.result, "pending">, gatewayPaymentId: status.gatewayPaymentId, amount: status.amount, details: status.details, via: "status_query" }, `reconcile-${payment.id}`, now),
    );
  } catch (error) {
    // A contradiction between the gateway and the hub is for people to look at; it is not retried in a loop.
    if (isDomainError(error)) {
      await markChecked(deps.db, payment.id, now);
      return "refused";
    }
    throw error;
  }
}

async function abandonPayment(tx: Tx, paymentId: string, now: Date): Promise<boolean> {
  const located = (await findPayment(tx, paymentId))!;
  const { changes } = await openFileAsSystem(tx, located.fileId, gatewayActor(located.gateway), `reconcile-${paymentId}`, now);
  if (!(await expireUnknownPayment(tx, paymentId, { result: "expired", reason: "unknown to the gateway" }, now))) return false;
  changes.record("payment.expired", { ...(located.procedureId ? { procedureId: located.procedureId } : {}), payload: { paymentId, purpose: located.purpose, amount: located.amount, via: "status_query", reason: "unknown to the gateway" } });
  await changes.commit();
  return true;
}

/** The worker's pass: every payment pending longer than `afterMs` (and not asked about since) is asked about. */
export async function reconcilePendingPayments(deps: AppDeps, afterMs: number): Promise<Record<ReconcileResult, number>> {
  const counts: Record<ReconcileResult, number> = { settled: 0, already: 0, pending: 0, abandoned: 0, unavailable: 0, refused: 0 };
  const stale = await stalePendingPayments(deps.db, new Date(deps.clock.now().getTime() - afterMs));
  for (const payment of stale) counts[await reconcilePayment(deps, payment)]++;
  return counts;
}
