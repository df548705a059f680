/**
 * The hub's adapter to a KNET-style payment gateway (src/payments/knet-protocol.ts):
 * signs every request with the merchant's secret, checks the signature of every answer,
 * and checks callbacks. The stand-in (src/payments/standin) speaks the same protocol.
 */
import { DomainError } from "../domain/errors.ts";
import type { GatewayResult } from "../domain/payments/payments.ts";
import {
  CALLBACK_SIGNATURE_HEADER,
  MERCHANT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  callbackBody,
  callbackSignature,
  paymentView,
  refundView,
  requestSignature,
  responseSignature,
  signatureMatches,
  type CreatePaymentBody,
  type PaymentView,
  type WireResult,
} from "./knet-protocol.ts";
import { GatewayUnavailableError, type GatewayPaymentStatus, type PaymentGateway, type VerifiedCallback } from "../app/ports/payments.ts";

export interface KnetGatewayOptions {
  /** The gateway's API base, e.g. https://kpay.example/ or the stand-in's address. */
  baseUrl: string;
  merchantId: string;
  /** The HMAC secret the gateway registered for this merchant. */
  secret: string;
  timeoutMs?: number;
  now?: () => Date;
}

const resultOf: Record<WireResult, GatewayResult> = { CAPTURED: "captured", NOT_CAPTURED: "declined", CANCELED: "cancelled", EXPIRED: "expired" };

function statusOf(view: PaymentView): GatewayPaymentStatus {
  return {
    gatewayPaymentId: view.paymentId,
    reference: view.reference,
    amount: BigInt(view.amountFils),
    result: view.status === "INITIATED" ? "pending" : resultOf[view.status],
    details: { authCode: view.authCode, gatewayReference: view.gatewayReference, transactionId: view.transactionId, decidedAt: view.decidedAt, refundedAmount: view.refundedFils },
  };
}

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function knetGateway(options: KnetGatewayOptions): PaymentGateway {
  const base = options.baseUrl.replace(/\/+$/, "");
  const now = options.now ?? (() => new Date());

  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const timestamp = now().toISOString();
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          accept: "application/json",
          [MERCHANT_HEADER]: options.merchantId,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: requestSignature(options.secret, method, path, timestamp, text),
        },
        ...(body === undefined ? {} : { body: text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new GatewayUnavailableError(`gateway unreachable: ${(error as Error).message}`);
    }
    const answer = await response.text();
    if (response.status >= 500 || response.status === 429) throw new GatewayUnavailableError(`gateway answered HTTP ${response.status}`);
    // An answer not signed with our secret is not the gateway's: never act on it.
    const answeredAt = response.headers.get(TIMESTAMP_HEADER) ?? "";
    if (!signatureMatches(responseSignature(options.secret, path, answeredAt, answer), response.headers.get(SIGNATURE_HEADER))) {
      throw new GatewayUnavailableError(`gateway answer to ${method} ${path} is not signed with the merchant's secret (HTTP ${response.status})`);
    }
    return { status: response.status, json: answer === "" ? null : JSON.parse(answer) };
  }

  return {
    name: "knet",
    async createPayment(input) {
      const body: CreatePaymentBody = {
        reference: input.reference,
        amountFils: input.amount.toString(),
        currency: "KWD",
        descriptionAr: input.description.ar,
        descriptionEn: input.description.en,
        language: input.language,
        returnUrl: input.returnUrl,
        callbackUrl: input.callbackUrl,
      };
      const { status, json } = await call("POST", "/gateway/v1/payments", body);
      if (status !== 200 && status !== 201) throw new GatewayUnavailableError(`payment refused by the gateway: HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      const view = paymentView.parse(json);
      if (view.reference !== input.reference || BigInt(view.amountFils) !== input.amount) throw new GatewayUnavailableError("the gateway answered for another payment");
      return { gatewayPaymentId: view.paymentId, paymentPageUrl: view.paymentPageUrl };
    },
    async paymentStatus(reference) {
      const { status, json } = await call("GET", `/gateway/v1/payments/by-reference/${encodeURIComponent(reference)}`);
      if (status === 404) return null;
      if (status !== 200) throw new GatewayUnavailableError(`status query refused: HTTP ${status}`);
      const view = paymentView.parse(json);
      if (view.reference !== reference) throw new GatewayUnavailableError("the gateway answered for another payment");
      return statusOf(view);
    },
    async refund(input) {
      const { status, json } = await call("POST", `/gateway/v1/payments/${encodeURIComponent(input.gatewayPaymentId)}/refunds`, {
        refundReference: input.refundReference,
        amountFils: input.amount.toString(),
      });
      if (status !== 200 && status !== 201) throw new GatewayUnavailableError(`refund refused by the gateway: HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      return { gatewayRefundId: refundView.parse(json).refundId };
    },
    verifyCallback(headers, body): VerifiedCallback {
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new DomainError("VALIDATION_FAILED", { reason: "callback body" });
      // The signature first: nothing in an unsigned body is read, not even to say what is wrong with it.
      if (header(headers, MERCHANT_HEADER) !== options.merchantId || !signatureMatches(callbackSignature(options.secret, body), header(headers, CALLBACK_SIGNATURE_HEADER))) {
        throw new DomainError("PAYMENT_SIGNATURE_INVALID");
      }
      const parsed = callbackBody.safeParse(body);
      if (!parsed.success || parsed.data.merchantId !== options.merchantId) throw new DomainError("VALIDATION_FAILED", { reason: "callback shape" });
      const callback = parsed.data;
      return {
        gatewayPaymentId: callback.paymentId,
        reference: callback.reference,
        amount: BigInt(callback.amountFils),
        result: resultOf[callback.result],
        sentAt: new Date(callback.timestamp),
        nonce: callback.nonce,
        details: { authCode: callback.authCode, gatewayReference: callback.gatewayReference, transactionId: callback.transactionId, decidedAt: callback.decidedAt },
        body: body as Record<string, unknown>,
      };
    },
  };
}
