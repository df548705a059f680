/**
 * The claim a file enforces and what is still owed. Outstanding is always derived from
 * the claim and the ledger, never kept on its own.
 */
import { DomainError } from "../errors.ts";
import { assertNonNegative, sumFils, type Fils } from "../money/index.ts";

export const claimItemKinds = ["principal", "costs", "fees", "interest"] as const;
export type ClaimItemKind = (typeof claimItemKinds)[number];

export type Claim = Record<ClaimItemKind, Fils>;

export function claimTotal(claim: Claim): Fils {
  return sumFils(claimItemKinds.map((kind) => assertNonNegative(claim[kind])));
}

/** A claim must award something, and interest only where the title grants it. */
export function assertValidClaim(claim: Claim, grantsInterest: boolean): void {
  if (claim.principal <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "claim.principal", reason: "positive" });
  if (!grantsInterest && claim.interest > 0n) throw new DomainError("INTEREST_NOT_GRANTED");
  claimTotal(claim);
}

export function outstanding(claimTotalFils: Fils, recoveredFils: Fils): Fils {
  const owed = claimTotalFils - recoveredFils;
  if (owed < 0n) throw new DomainError("INTERNAL", { reason: "recovered exceeds claim" });
  return owed;
}

/** A payment or recovery is credited only up to what is owed: overpayment is refused, not absorbed. */
export function assertCreditable(amount: Fils, owed: Fils): void {
  if (amount <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "amount", reason: "positive" });
  if (amount > owed) throw new DomainError("AMOUNT_EXCEEDS_OUTSTANDING", { outstanding: owed.toString() });
}
