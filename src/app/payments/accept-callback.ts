/**
 * The gateway's signed result for a payment. Refused with a stable code, writing nothing,
 * when it is not signed with the gateway's key (PAYMENT_SIGNATURE_INVALID), not fresh
 * (PAYMENT_CALLBACK_STALE), for no payment of ours (PAYMENT_NOT_FOUND), for another amount
 * (PAYMENT_AMOUNT_MISMATCH), already received (PAYMENT_CALLBACK_REPLAYED: its nonce is
 * kept), or contradicting the result recorded (PAYMENT_RESULT_CONFLICT). A fresh callback
 * repeating the recorded result is accepted and changes nothing else.
 */
import { DomainError } from "../../domain/errors.ts";
import { isFresh } from "../../domain/payments/payments.ts";
import { rememberCallback } from "../../storage/payments/repository.ts";
import type { AppDeps } from "../deps.ts";
import { settlePayment } from "./settle-payment.ts";

export interface CallbackOutcome {
  paymentId: string;
  result: string;
  /** "already": the payment had this result (e.g. the status query found it first). */
  outcome: "settled" | "already";
}

export async function acceptGatewayCallback(deps: AppDeps, headers: Record<string, string | string[] | undefined>, body: unknown): Promise<CallbackOutcome> {
  const gateway = deps.payments?.gateway;
  if (!gateway) throw new DomainError("PAYMENT_GATEWAY_UNAVAILABLE");
  const callback = gateway.verifyCallback(headers, body);
  const now = deps.clock.now();
  if (!isFresh(callback.sentAt, now)) throw new DomainError("PAYMENT_CALLBACK_STALE", { sentAt: callback.sentAt.toISOString() });
  const outcome = await deps.db.transaction().execute((tx) =>
    settlePayment(
      tx,
      deps.newId,
      callback.reference,
      { result: callback.result, gatewayPaymentId: callback.gatewayPaymentId, amount: callback.amount, details: callback.details, via: "callback" },
      `callback-${callback.nonce}`,
      now,
      async (payment) => {
        // Single use: the nonce is kept with the payment locked, so two copies racing cannot both pass.
        const first = await rememberCallback(tx, { nonce: callback.nonce, paymentId: payment.id, result: callback.result, sentAt: callback.sentAt, body: callback.body }, now);
        if (!first) throw new DomainError("PAYMENT_CALLBACK_REPLAYED", { paymentId: payment.id });
      },
    ),
  );
  return { paymentId: callback.reference, result: callback.result, outcome };
}
