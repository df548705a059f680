/**
 * The wire format between the hub (merchant) and the card network's payment gateway,
 * modelled on KNET's hosted payment page (docs/payments.md): JSON over HTTPS, every
 * request, response and callback authenticated with HMAC-SHA256 under the secret the
 * gateway registered for the merchant. Shared by the hub's adapter and the stand-in.
 *
 *   request   x-merchant-id, x-timestamp, x-signature = HMAC("request\n" METHOD "\n" PATH "\n" TIMESTAMP "\n" BODY)
 *   response  x-timestamp, x-signature = HMAC("response\n" PATH "\n" TIMESTAMP "\n" BODY)
 *   callback  x-merchant-id, x-gateway-signature = HMAC("callback\n" canonical JSON of the body);
 *             the body carries the payment ids, the amount in fils, the result, a timestamp and a nonce.
 * Signatures are base64url. Callbacks are verified over the canonical JSON (sorted keys,
 * no whitespace), so the proof does not depend on how the JSON was spaced.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../domain/audit/canonical-json.ts";

export const MERCHANT_HEADER = "x-merchant-id";
export const TIMESTAMP_HEADER = "x-timestamp";
export const SIGNATURE_HEADER = "x-signature";
export const CALLBACK_SIGNATURE_HEADER = "x-gateway-signature";

export function hmac(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("base64url");
}

/** Compares in constant time; false for anything that is not a string of the same length. */
export function signatureMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const requestSignature = (secret: string, method: string, path: string, timestamp: string, body: string) =>
  hmac(secret, `request\n${method.toUpperCase()}\n${path}\n${timestamp}\n${body}`);
export const responseSignature = (secret: string, path: string, timestamp: string, body: string) => hmac(secret, `response\n${path}\n${timestamp}\n${body}`);
export const callbackSignature = (secret: string, body: unknown) => hmac(secret, `callback\n${canonicalJson(body)}`);

const fils = z.string().regex(/^[1-9][0-9]{0,17}$/, "a positive whole number of fils");
const text = (max: number) => z.string().min(1).max(max);

/** KNET's result words. */
export const wireResults = ["CAPTURED", "NOT_CAPTURED", "CANCELED", "EXPIRED"] as const;
export type WireResult = (typeof wireResults)[number];

export const createPaymentBody = z
  .object({
    reference: z.uuid(),
    amountFils: fils,
    currency: z.literal("KWD"),
    descriptionAr: text(500),
    descriptionEn: text(500),
    language: z.enum(["ar", "en"]),
    returnUrl: z.url().max(2000),
    callbackUrl: z.url().max(2000),
  })
  .strict();
export type CreatePaymentBody = z.infer<typeof createPaymentBody>;

export const refundBody = z.object({ refundReference: z.uuid(), amountFils: fils }).strict();

export const paymentView = z.object({
  paymentId: text(100),
  reference: z.string(),
  amountFils: fils,
  currency: z.literal("KWD"),
  status: z.enum(["INITIATED", ...wireResults]),
  paymentPageUrl: z.string(),
  authCode: z.string().optional(),
  gatewayReference: z.string().optional(),
  transactionId: z.string().optional(),
  decidedAt: z.string().optional(),
  refundedFils: z.string().regex(/^[0-9]+$/),
});
export type PaymentView = z.infer<typeof paymentView>;

export const refundView = z.object({ refundId: text(100), refundReference: z.string(), amountFils: fils, status: z.literal("REFUNDED") });

export const callbackBody = z
  .object({
    type: z.literal("payment.result"),
    merchantId: text(100),
    paymentId: text(100),
    reference: z.uuid(),
    amountFils: fils,
    currency: z.literal("KWD"),
    result: z.enum(wireResults),
    authCode: z.string().max(100).optional(),
    gatewayReference: z.string().max(100).optional(),
    transactionId: z.string().max(100).optional(),
    decidedAt: z.string().max(40).optional(),
    timestamp: z.iso.datetime(),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  })
  .strict();
export type CallbackBody = z.infer<typeof callbackBody>;
