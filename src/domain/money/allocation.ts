/**
 * Exact splitting of amounts: every function returns parts that add up to the
 * input to the fils, because a lost or invented fils is a wrong judgment record.
 */
import { DomainError } from "../errors.ts";
import type { Fils } from "./money.ts";

/**
 * Splits total in proportion to weights by the largest-remainder method: each share
 * is floor(total × w / Σw), and the fils left over go one each to the largest
 * remainders, ties to the lower index so the result is deterministic.
 */
export function allocateByWeights(total: Fils, weights: readonly bigint[]): Fils[] {
  assertNotNegative(total, "total");
  if (weights.length === 0) {
    throw new DomainError("ALLOCATION_INVALID", { reason: "noWeights" });
  }
  let weightSum = 0n;
  weights.forEach((weight, index) => {
    if (weight < 0n) {
      throw new DomainError("ALLOCATION_INVALID", { reason: "negativeWeight", index });
    }
    weightSum += weight;
  });
  if (weightSum === 0n) {
    throw new DomainError("ALLOCATION_INVALID", { reason: "zeroWeightSum" });
  }

  const shares = weights.map((weight) => (total * weight) / weightSum);
  const remainders = weights.map((weight) => (total * weight) % weightSum);
  let leftover = total - shares.reduce((sum, share) => sum + share, 0n);

  // leftover < weights.length, and a zero weight has remainder 0 so it ranks last.
  const order = weights
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const index of order) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return shares;
}

/**
 * Fills caps in order, first come first served, never above a cap: how a total to
 * hold is spread over banks that can each hold at most their balance.
 */
export function allocateUpToCaps(
  total: Fils,
  caps: readonly Fils[],
): { allocated: Fils[]; unallocated: Fils } {
  assertNotNegative(total, "total");
  caps.forEach((cap, index) => assertNotNegative(cap, "caps", index));
  let remaining = total;
  const allocated = caps.map((cap) => {
    const share = cap < remaining ? cap : remaining;
    remaining -= share;
    return share;
  });
  return { allocated, unallocated: remaining };
}

/**
 * Given amounts already held in arrival order, keeps the earliest up to the
 * outstanding and releases the excess from the latest, so older holds stay put.
 */
export function capHoldings(
  outstanding: Fils,
  holdings: readonly Fils[],
): { kept: Fils[]; released: Fils[] } {
  assertNotNegative(outstanding, "outstanding");
  holdings.forEach((held, index) => assertNotNegative(held, "holdings", index));
  const { allocated: kept } = allocateUpToCaps(outstanding, holdings);
  const released = holdings.map((held, index) => held - (kept[index] ?? 0n));
  return { kept, released };
}

function assertNotNegative(fils: Fils, field: string, index?: number): void {
  if (fils < 0n) {
    throw new DomainError(
      "MONEY_NEGATIVE",
      index === undefined ? { field } : { field, index },
    );
  }
}
