/**
 * Plans the payout of what a file holds for its creditors: each creditor's share by the
 * sharing rules (sharing.ts), and which of the file's held funds (common, or a deposit
 * reserved to a creditor) each share is drawn from. Pure: the use case posts the plan.
 */
import type { Fils } from "../money/index.ts";
import type { SharingRules } from "../rules/sharing.ts";
import type { FundsDraw } from "./movements.ts";
import { shareAmongCreditors } from "./sharing.ts";

/** A positive balance of a file's funds held: common (partyId null) or reserved to a creditor. */
export interface HeldFunds {
  partyId: string | null;
  amount: Fils;
}

export interface PayoutCreditor {
  partyId: string;
  /** The weight of their pro-rata share (equal weights: equal shares). */
  claim: Fils;
}

export interface PlannedPayout {
  creditorPartyId: string;
  amount: Fils;
  draws: FundsDraw[];
}

export interface PayoutPlan {
  payouts: PlannedPayout[];
  /** Funds that stay held: deposits reserved to someone who is not a creditor of the file. */
  kept: HeldFunds[];
}

export function planPayouts(held: readonly HeldFunds[], creditors: readonly PayoutCreditor[], rules: SharingRules): PayoutPlan {
  const positive = held.filter((funds) => funds.amount > 0n);
  const creditorIds = new Set(creditors.map((creditor) => creditor.partyId));
  const common = positive.filter((funds) => funds.partyId === null).reduce((sum, funds) => sum + funds.amount, 0n);
  const reservedOf = (partyId: string) => positive.filter((funds) => funds.partyId === partyId).reduce((sum, funds) => sum + funds.amount, 0n);
  const reservedSources = positive.filter((funds) => funds.partyId !== null).sort((a, b) => (a.partyId! < b.partyId! ? -1 : 1));

  // Under reserving rules a deposit for someone who is no creditor here is nobody's to share.
  const kept = rules.earmarkedDepositsReserved ? reservedSources.filter((funds) => !creditorIds.has(funds.partyId!)) : [];
  const pool = rules.earmarkedDepositsReserved ? common : positive.reduce((sum, funds) => sum + funds.amount, 0n);
  const shares = shareAmongCreditors(
    pool,
    creditors.map((creditor) => ({ creditorId: creditor.partyId, claim: creditor.claim, reserved: rules.earmarkedDepositsReserved ? reservedOf(creditor.partyId) : 0n })),
    { ...rules, earmarkedDepositsReserved: true },
  );

  // Common shares are drawn in order from the pooled sources, so the draws add up exactly.
  const sources = (rules.earmarkedDepositsReserved ? [{ partyId: null, amount: common }] : [{ partyId: null, amount: common }, ...reservedSources]).map((funds) => ({ ...funds }));
  const payouts: PlannedPayout[] = [];
  for (const share of shares) {
    const draws: FundsDraw[] = share.fromReserved > 0n ? [{ partyId: share.creditorId, amount: share.fromReserved }] : [];
    let needed = share.fromCommon;
    for (const source of sources) {
      if (needed === 0n) break;
      const taken = source.amount < needed ? source.amount : needed;
      if (taken === 0n) continue;
      source.amount -= taken;
      needed -= taken;
      const same = draws.find((draw) => draw.partyId === source.partyId);
      if (same) same.amount += taken;
      else draws.push({ partyId: source.partyId, amount: taken });
    }
    if (share.total > 0n) payouts.push({ creditorPartyId: share.creditorId, amount: share.total, draws });
  }
  return { payouts, kept };
}
