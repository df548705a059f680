/**
 * Payments as the hub decides them, pure: what a gateway's result does to a payment the
 * hub recorded, whether a signed callback is fresh, which fee a request owes, and how a
 * captured debtor's payment splits between the file and a refund.
 */
import { DomainError } from "../errors.ts";
import type { Fils } from "../money/index.ts";

/** A result the gateway reports for a payment (callback or status query). */
export type GatewayResult = "captured" | "declined" | "cancelled" | "expired";
export type PaymentStatus = "pending" | GatewayResult;

export const gatewayResults: readonly GatewayResult[] = ["captured", "declined", "cancelled", "expired"];

/**
 * What a result means for a payment in `status`: settle it (pending → the result), nothing
 * to do (the same result again: a callback after the status query, or the other way
 * round), or a contradiction (captured, then declined) that must be refused and looked at.
 */
export function settlementOf(status: PaymentStatus, result: GatewayResult): "settle" | "already" | "conflict" {
  if (status === "pending") return "settle";
  if (status === result) return "already";
  // The hub gave up on a payment its gateway later reports as paid: the money is real, so
  // it is taken (and credited or refunded) rather than refused.
  if (status === "expired" && result === "captured") return "settle";
  return "conflict";
}

/** How far a callback's own timestamp may be from the hub's clock (either way). */
export const CALLBACK_FRESHNESS_MS = 300_000;

export function isFresh(sentAt: Date, now: Date, windowMs = CALLBACK_FRESHNESS_MS): boolean {
  return Number.isFinite(sentAt.getTime()) && Math.abs(now.getTime() - sentAt.getTime()) <= windowMs;
}

/**
 * The fee a request owes, from the automatic checks' decision: the fee table's amount in
 * the rule version in force when it was made. A request refused outright owes nothing
 * (nothing is ordered); a zero fee is no fee.
 */
export function feeOwed(decision: { outcome: "approve" | "refer" | "reject"; fee: Fils }): Fils | null {
  if (decision.outcome === "reject" || decision.fee <= 0n) return null;
  return decision.fee;
}

/** A debtor may pay all or part of what is owed, never more. */
export function assertPayable(amount: Fils, owed: Fils): void {
  if (amount <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "amount", reason: "positive" });
  if (owed === 0n) throw new DomainError("FILE_CLOSED", { reason: "nothing_owed" });
  if (amount > owed) throw new DomainError("AMOUNT_EXCEEDS_OUTSTANDING", { outstanding: owed.toString() });
}

/**
 * A captured debtor's payment: credited up to what is still owed when it arrives (other
 * money may have come in since it was started); the rest goes back to the payer.
 */
export function splitDebtPayment(amount: Fils, owed: Fils, fileOpen: boolean): { credit: Fils; excess: Fils } {
  if (amount <= 0n || owed < 0n) throw new DomainError("INTERNAL", { reason: "invalid payment split" });
  const credit = fileOpen ? (amount < owed ? amount : owed) : 0n;
  return { credit, excess: amount - credit };
}

/**
 * How money for a fee is booked: the order's part under the request's kind and, from
 * kw-2025.4, the notice fee's part under "notice" — each its own fee_received (or
 * fee_refunded) entry. An amount that is not exactly the fee assessed (a stray payment) is
 * booked whole under the request's kind.
 */
export function feeBookingParts(amount: Fils, fee: { amount: Fils; noticeAmount: Fils } | undefined, kind: string): { item: string; amount: Fils; suffix: string }[] {
  if (!fee || fee.amount !== amount || fee.noticeAmount <= 0n || fee.noticeAmount >= amount) return [{ item: kind, amount, suffix: "" }];
  return [
    { item: kind, amount: amount - fee.noticeAmount, suffix: "" },
    { item: "notice", amount: fee.noticeAmount, suffix: ":notice" },
  ];
}
