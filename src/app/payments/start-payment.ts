/**
 * Starting a payment: the creditor's fee for a request, or the debtor's payment of all or
 * part of what a file still owes. The hub fixes the amount and records the payment
 * (an action on the file) in one transaction, then asks the gateway for a hosted payment
 * page under the payment's id — idempotent there, so asking again after a failure makes no
 * second payment. The payer's browser is sent to that page; the result comes back signed.
 */
import { DomainError } from "../../domain/errors.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { formatKwd, type Fils } from "../../domain/money/index.ts";
import { assertPayable } from "../../domain/payments/payments.ts";
import { procedureKindLabels } from "../../domain/procedures/labels.ts";
import { isFeePayableStatus } from "../../domain/procedures/procedure-machine.ts";
import { findFee, insertPayment, pendingFeePayment, recentPendingDebtPayment, recordGatewayPayment, type StoredPayment } from "../../storage/payments/repository.ts";
import { GatewayUnavailableError } from "../ports/payments.ts";
import { procedureSummary } from "../../storage/procedures/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { reconcilePayment } from "./reconcile-payments.ts";

export interface StartedPayment {
  paymentId: string;
  purpose: StoredPayment["purpose"];
  fileId: string;
  procedureId: string | null;
  amount: Fils;
  status: StoredPayment["status"];
  /** Where to send the payer's browser. */
  paymentPageUrl: string;
}

export interface Described {
  payment: StoredPayment;
  description: { ar: string; en: string };
}

export function gatewayOf(deps: AppDeps) {
  const payments = deps.payments;
  if (!payments) throw new DomainError("PAYMENT_GATEWAY_UNAVAILABLE", { reason: "no gateway configured" });
  return payments;
}

/** The creditor (or their lawyer, or the company's system) pays a request's fee. */
/** `returnTo: "app"`: the payer comes back to the web application's payment page (/app/payments/<id>) rather than the plain return page. */
export type ReturnTo = "app";

export async function startFeePayment(deps: AppDeps, context: UseCaseContext, input: { fileId: string; procedureId: string; language?: "ar" | "en"; returnTo?: ReturnTo }, baseUrl: string): Promise<StartedPayment> {
  // A pending payment found for the fee may be one the payer abandoned: ask the gateway, then look again.
  for (let round = 0; round < 2; round++) {
    const prepared = await deps.db.transaction().execute(async (tx): Promise<Described & { reused: boolean }> => {
      const now = deps.clock.now();
      const { file, changes } = await openFileSession(tx, context, input.fileId, "fee.pay", now);
      // After the right to pay is settled: a stranger learns nothing, not even that payments are down.
      gatewayOf(deps);
      const procedure = await procedureSummary(tx, file.id, input.procedureId);
      if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
      const fee = await findFee(tx, input.procedureId, { lock: true });
      if (!fee || fee.status !== "due") throw new DomainError("FEE_NOT_DUE", { procedureId: input.procedureId, ...(fee ? { status: fee.status } : {}) });
      // A waived, rejected or lapsed request is not paid for: its measure was never carried out.
      if (!isFeePayableStatus(procedure.status)) throw new DomainError("FEE_NOT_DUE", { procedureId: input.procedureId, procedureStatus: procedure.status });
      const kind = procedureKindLabels[procedure.kind];
      const description = { ar: `رسوم طلب ${kind.ar} — ملف التنفيذ ${file.number}`, en: `Fee for a request: ${kind.en} — enforcement file ${file.number}` };
      const pending = await pendingFeePayment(tx, input.procedureId);
      if (pending) return { payment: pending, description, reused: true };
      const payment = newPayment(deps, context, { purpose: "fee", fileId: file.id, procedureId: input.procedureId, amount: fee.amount }, now);
      await insertPayment(tx, payment);
      changes.record("payment.initiated", { procedureId: input.procedureId, payload: { paymentId: payment.id, purpose: "fee", amount: fee.amount, gateway: payment.gateway } });
      await changes.commit();
      return { payment: { ...payment, status: "pending", gatewayPaymentId: null, paymentPageUrl: null, creditedAmount: 0n, settledAt: null, settledVia: null }, description, reused: false };
    });
    if (prepared.reused && round === 0 && prepared.payment.gatewayPaymentId !== null) {
      const answer = await reconcilePayment(deps, prepared.payment);
      if (answer === "settled" || answer === "abandoned") continue;
    }
    return openAtGateway(deps, gatewayOf(deps), prepared, input.language ?? "ar", baseUrl, input.returnTo);
  }
  throw new DomainError("FEE_NOT_DUE", { procedureId: input.procedureId });
}

/** The debtor pays all or part of what the file still owes. */
export async function startDebtPayment(deps: AppDeps, context: UseCaseContext, input: { fileId: string; amount: Fils; language?: "ar" | "en"; returnTo?: ReturnTo }, baseUrl: string): Promise<StartedPayment> {
  const prepared = await deps.db.transaction().execute(async (tx): Promise<Described> => {
    const now = deps.clock.now();
    const { file, changes } = await openFileSession(tx, context, input.fileId, "debt.pay", now);
    gatewayOf(deps);
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    assertPayable(input.amount, outstanding(file.claimTotal, file.recoveredTotal));
    const description = { ar: `سداد مبلغ ${formatKwd(input.amount)} د.ك — ملف التنفيذ ${file.number}`, en: `Payment of KWD ${formatKwd(input.amount)} — enforcement file ${file.number}` };
    // The same payer asking again for the same amount (a second click) gets the payment in flight.
    const again = await recentPendingDebtPayment(tx, { fileId: file.id, payer: context.subject.civilId, amount: input.amount, since: new Date(now.getTime() - 10 * 60_000) });
    if (again) return { payment: again, description };
    const payment = newPayment(deps, context, { purpose: "debt", fileId: file.id, procedureId: null, amount: input.amount }, now);
    await insertPayment(tx, payment);
    changes.record("payment.initiated", { payload: { paymentId: payment.id, purpose: "debt", amount: input.amount, gateway: payment.gateway } });
    await changes.commit();
    return { payment: { ...payment, status: "pending", gatewayPaymentId: null, paymentPageUrl: null, creditedAmount: 0n, settledAt: null, settledVia: null }, description };
  });
  return openAtGateway(deps, gatewayOf(deps), prepared, input.language ?? "ar", baseUrl, input.returnTo);
}

export function newPayment(deps: AppDeps, context: UseCaseContext, fields: { purpose: StoredPayment["purpose"]; fileId: string; procedureId: string | null; amount: Fils }, now: Date) {
  const payer = context.subject.client ? `client:${context.subject.client.clientId}` : context.subject.civilId;
  return { id: deps.newId(), ...fields, payer, gateway: deps.payments!.gateway.name, initiatedAt: now };
}

export async function openAtGateway(deps: AppDeps, services: NonNullable<AppDeps["payments"]>, prepared: Described, language: "ar" | "en", baseUrl: string, returnTo?: ReturnTo): Promise<StartedPayment> {
  const { payment, description } = prepared;
  let pageUrl = payment.paymentPageUrl;
  if (pageUrl === null) {
    const base = (services.publicUrl ?? baseUrl).replace(/\/+$/, "");
    try {
      const created = await services.gateway.createPayment({
        reference: payment.id,
        amount: payment.amount,
        description,
        language,
        returnUrl: `${base}/payments/return/${payment.id}${returnTo === "app" ? "?to=app" : ""}`,
        callbackUrl: `${base}/payments/v1/callback`,
      });
      await recordGatewayPayment(deps.db, payment.id, created.gatewayPaymentId, created.paymentPageUrl, deps.clock.now());
      pageUrl = created.paymentPageUrl;
    } catch (error) {
      // The payment stays pending under its reference: asking again, or the reconciliation, picks it up.
      if (error instanceof GatewayUnavailableError) throw new DomainError("PAYMENT_GATEWAY_UNAVAILABLE", { paymentId: payment.id });
      throw error;
    }
  }
  return { paymentId: payment.id, purpose: payment.purpose, fileId: payment.fileId, procedureId: payment.procedureId, amount: payment.amount, status: payment.status, paymentPageUrl: pageUrl };
}
