/**
 * Sharing recovered funds among several creditors of one debtor (LEGAL.md): money
 * deposited under Art. 298(d) for a named creditor goes to that creditor; everything else
 * is common and divided pro rata to each creditor's claim, to the fils, by the largest
 * remainder (src/domain/money/allocation.ts). The shares always add up to the funds.
 */
import { DomainError } from "../errors.ts";
import { allocateByWeights, type Fils } from "../money/index.ts";
import type { SharingRules } from "../rules/sharing.ts";

export interface CreditorClaim {
  /** The creditor (a file party id, or any key the caller chooses). */
  creditorId: string;
  /** Their claim: the weight of their pro-rata share of common funds. */
  claim: Fils;
  /** Funds deposited for them alone under Art. 298(d). */
  reserved: Fils;
}

export interface CreditorShare {
  creditorId: string;
  fromReserved: Fils;
  fromCommon: Fils;
  total: Fils;
}

/**
 * Shares `common` funds plus every creditor's reserved deposit. When the rules do not
 * reserve deposits, they join the common funds. When every claim is zero the common
 * funds are split equally (creditors of one joint title with no shares stated).
 */
export function shareAmongCreditors(common: Fils, claims: readonly CreditorClaim[], rules: SharingRules): CreditorShare[] {
  if (claims.length === 0) throw new DomainError("ALLOCATION_INVALID", { reason: "noCreditors" });
  if (common < 0n) throw new DomainError("MONEY_NEGATIVE", { field: "common" });
  const ids = new Set<string>();
  for (const claim of claims) {
    if (claim.claim < 0n || claim.reserved < 0n) throw new DomainError("MONEY_NEGATIVE", { field: "claims" });
    if (ids.has(claim.creditorId)) throw new DomainError("ALLOCATION_INVALID", { reason: "duplicateCreditor" });
    ids.add(claim.creditorId);
  }
  const reservedTotal = claims.reduce((sum, claim) => sum + claim.reserved, 0n);
  const pooled = rules.earmarkedDepositsReserved ? common : common + reservedTotal;
  const weights = claims.every((claim) => claim.claim === 0n) ? claims.map(() => 1n) : claims.map((claim) => claim.claim);
  const commonShares = pooled === 0n ? claims.map(() => 0n) : allocateByWeights(pooled, weights);
  return claims.map((claim, index) => {
    const fromReserved = rules.earmarkedDepositsReserved ? claim.reserved : 0n;
    const fromCommon = commonShares[index] ?? 0n;
    return { creditorId: claim.creditorId, fromReserved, fromCommon, total: fromReserved + fromCommon };
  });
}
