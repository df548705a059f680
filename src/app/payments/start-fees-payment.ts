/**
 * One payment for the fees of several requests (a batch: several measures on one file, or
 * one measure on many files): the payer's right to pay each fee is checked on its file
 * (fee.pay), each fee must be due on a request still payable, and the hub records one
 * payment (purpose fees) for their sum with its fees (payment_fee_items), an action
 * `payment.initiated` on every file, then opens one page at the gateway. When it is
 * captured each fee is paid and booked on its own (settle-payment.ts).
 */
import { DomainError } from "../../domain/errors.ts";
import { sumFils } from "../../domain/money/index.ts";
import { BATCH_MAX_ITEMS } from "../../domain/procedures/batch.ts";
import { isFeePayableStatus } from "../../domain/procedures/procedure-machine.ts";
import { findFee, insertPayment, insertPaymentFeeItems, type PaymentFeeItem } from "../../storage/payments/repository.ts";
import { procedureSummary } from "../../storage/procedures/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession, type FileSession } from "../locked-file.ts";
import { gatewayOf, newPayment, openAtGateway, startFeePayment, type Described, type ReturnTo, type StartedPayment } from "./start-payment.ts";

export interface FeesPaymentInput {
  fees: readonly { fileId: string; procedureId: string }[];
  language?: "ar" | "en";
  returnTo?: ReturnTo;
}

export async function startFeesPayment(deps: AppDeps, context: UseCaseContext, input: FeesPaymentInput, baseUrl: string): Promise<StartedPayment & { fees: PaymentFeeItem[] }> {
  const unique = [...new Map(input.fees.map((fee) => [fee.procedureId, fee])).values()];
  if (unique.length === 0 || unique.length > BATCH_MAX_ITEMS) throw new DomainError("VALIDATION_FAILED", { field: "fees", maxItems: BATCH_MAX_ITEMS });
  if (unique.length === 1) {
    // One fee is paid as it always was (a second click gets the payment in flight).
    const [only] = unique;
    const started = await startFeePayment(deps, context, { fileId: only!.fileId, procedureId: only!.procedureId, ...(input.language ? { language: input.language } : {}), ...(input.returnTo ? { returnTo: input.returnTo } : {}) }, baseUrl);
    return { ...started, fees: [{ fileId: only!.fileId, procedureId: only!.procedureId, amount: started.amount }] };
  }
  // Files locked in one order (as the settlement locks them), so two payers never deadlock.
  const sorted = [...unique].sort((a, b) => (a.fileId === b.fileId ? a.procedureId.localeCompare(b.procedureId) : a.fileId.localeCompare(b.fileId)));
  const prepared = await deps.db.transaction().execute(async (tx): Promise<Described & { items: PaymentFeeItem[] }> => {
    const now = deps.clock.now();
    const sessions = new Map<string, FileSession>();
    for (const fee of sorted) {
      if (!sessions.has(fee.fileId)) sessions.set(fee.fileId, await openFileSession(tx, context, fee.fileId, "fee.pay", now));
    }
    gatewayOf(deps);
    const items: PaymentFeeItem[] = [];
    for (const wanted of sorted) {
      const procedure = await procedureSummary(tx, wanted.fileId, wanted.procedureId);
      if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: wanted.procedureId });
      const fee = await findFee(tx, wanted.procedureId, { lock: true });
      if (!fee || fee.status !== "due") throw new DomainError("FEE_NOT_DUE", { procedureId: wanted.procedureId, ...(fee ? { status: fee.status } : {}) });
      if (!isFeePayableStatus(procedure.status)) throw new DomainError("FEE_NOT_DUE", { procedureId: wanted.procedureId, procedureStatus: procedure.status });
      items.push({ fileId: wanted.fileId, procedureId: wanted.procedureId, amount: fee.amount });
    }
    const total = sumFils(items.map((item) => item.amount));
    const files = sessions.size;
    const numbers = [...sessions.values()].map((session) => session.file.number);
    const description =
      files === 1
        ? { ar: `رسوم ${items.length} طلبات — ملف التنفيذ ${numbers[0]}`, en: `Fees for ${items.length} requests — enforcement file ${numbers[0]}` }
        : { ar: `رسوم ${items.length} طلبات في ${files} ملفات تنفيذ`, en: `Fees for ${items.length} requests in ${files} enforcement files` };
    const payment = newPayment(deps, context, { purpose: "fees", fileId: sorted[0]!.fileId, procedureId: null, amount: total }, now);
    await insertPayment(tx, payment);
    await insertPaymentFeeItems(tx, payment.id, items);
    for (const item of items) {
      sessions.get(item.fileId)!.changes.record("payment.initiated", { procedureId: item.procedureId, payload: { paymentId: payment.id, purpose: "fees", amount: item.amount, total, gateway: payment.gateway } });
    }
    for (const session of sessions.values()) await session.changes.commit();
    return { payment: { ...payment, status: "pending", gatewayPaymentId: null, paymentPageUrl: null, creditedAmount: 0n, settledAt: null, settledVia: null }, description, items };
  });
  const started = await openAtGateway(deps, gatewayOf(deps), prepared, input.language ?? "ar", baseUrl, input.returnTo);
  return { ...started, fees: prepared.items };
}
