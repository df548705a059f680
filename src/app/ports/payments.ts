/**
 * The payment-gateway port (implemented by src/payments): what the hub needs from a card network's hosted payment page
 * service (KNET in Kuwait). An adapter speaks the network's wire format; the hub's use
 * cases only see this. Every operation is idempotent by the hub's own reference, so a
 * retry after a lost answer never makes a second payment or refund.
 */
import type { GatewayResult } from "../../domain/payments/payments.ts";
import type { Fils } from "../../domain/money/index.ts";

export interface CreatePaymentInput {
  /** The hub's payment id: the gateway's merchant reference, its idempotency key. */
  reference: string;
  /** Fixed by the hub; the payer's browser never sends an amount. */
  amount: Fils;
  description: { ar: string; en: string };
  language: "ar" | "en";
  /** Where the payer's browser is sent back after paying (informative only: it proves nothing). */
  returnUrl: string;
  /** Where the gateway sends its signed result. */
  callbackUrl: string;
}

export interface CreatedPayment {
  gatewayPaymentId: string;
  /** The hosted payment page the payer's browser is redirected to. */
  paymentPageUrl: string;
}

/** What the gateway says about one of its payments, beyond the result. */
export interface GatewayDetails {
  authCode?: string | undefined;
  gatewayReference?: string | undefined;
  transactionId?: string | undefined;
  /** When the gateway decided (ISO 8601). */
  decidedAt?: string | undefined;
  refundedAmount?: string | undefined;
}

export interface GatewayPaymentStatus {
  gatewayPaymentId: string;
  reference: string;
  amount: Fils;
  /** "pending": the payer has not finished on the hosted page yet. */
  result: GatewayResult | "pending";
  details: GatewayDetails;
}

/** A callback whose signature and shape the adapter checked; the hub checks the rest. */
export interface VerifiedCallback {
  gatewayPaymentId: string;
  reference: string;
  amount: Fils;
  result: GatewayResult;
  sentAt: Date;
  nonce: string;
  details: GatewayDetails;
  /** The body as received, kept as evidence. */
  body: Record<string, unknown>;
}

export interface PaymentGateway {
  /** Recorded with each payment (e.g. "knet"). */
  readonly name: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** The gateway's record of the payment made under this reference; null when it has none. */
  paymentStatus(reference: string): Promise<GatewayPaymentStatus | null>;
  /** Gives back part or all of a captured payment; idempotent by refundReference. */
  refund(input: { gatewayPaymentId: string; refundReference: string; amount: Fils }): Promise<{ gatewayRefundId: string }>;
  /**
   * Checks a callback's signature (and that it is well formed): throws DomainError
   * PAYMENT_SIGNATURE_INVALID or VALIDATION_FAILED. Freshness, single use, the payment
   * and its amount are the hub's checks (src/app/payments/accept-callback.ts).
   */
  verifyCallback(headers: Record<string, string | string[] | undefined>, body: unknown): VerifiedCallback;
}

/** The gateway could not be reached or answered with a server error: try again later. */
export class GatewayUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatewayUnavailableError";
  }
}

/** What the HTTP routes and use cases need to take payments. */
export interface PaymentServices {
  gateway: PaymentGateway;
  /** Public base URL of the hub for the gateway's callback and the payer's return; unset: the address a request came to. */
  publicUrl?: string | undefined;
}
