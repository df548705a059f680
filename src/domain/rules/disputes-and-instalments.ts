/**
 * The rules for enforcement disputes and instalment plans, as values of a rule version
 * (rule-set.ts). LEGAL.md: "an enforcement dispute suspends enforcement only with a bond
 * (amount U)"; Arts. 292–293: instalments with the creditor's consent, ordered by a judge
 * where needed. Every amount here is U: a value with an effective date, never a constant.
 */
import type { Fils } from "../money/index.ts";
import type { ProcedureKind } from "../procedures/index.ts";

/** The bond a debtor posts for a dispute to suspend enforcement. */
export type DisputeBond =
  /** A share of what is outstanding when the dispute is filed, within bounds. */
  | { kind: "share_of_outstanding"; shareBps: number; minimum: Fils; maximum: Fils | null }
  | { kind: "fixed"; amount: Fils };

export interface DisputeRules {
  bond: DisputeBond;
  /** The judge may suspend enforcement only once the bond is posted (LEGAL.md: M). */
  suspensionRequiresBond: boolean;
  /** While enforcement is suspended, orders not yet sent wait (earlier bans and attachments stay: LEGAL.md, M). */
  suspensionHoldsDispatch: boolean;
}

export interface InstalmentRules {
  /** The most instalments a plan may have. */
  maxInstalments: number;
  /** The last instalment falls due at most this many calendar days after the proposal. */
  maxSpanDays: number;
  /** A plan for more than this needs a judge's order as well as the creditor's consent (null: never for the amount). */
  judgeOrderAbove: Fils | null;
  /** A plan for a debtor under a travel ban (ordered or in force) needs a judge's order: the ban is a judge's (Art. 297). */
  judgeOrderWhenTravelBanInForce: boolean;
  /** Working days after an instalment's due date by which the payment must be received (0: by the due date, or the next working day). */
  graceWorkingDays: number;
  /**
   * What becomes of each kind of measure the plan lifted when the plan defaults: "restore" (a
   * new procedure restoring it: orders at once where the rules approve the kind automatically
   * or a judge ordered the plan, else referred to the queue); "new_petition" (nothing comes
   * back by itself: the creditor may petition again, and the petition is checked like any).
   */
  restoreOnDefault: Record<ProcedureKind, "restore" | "new_petition">;
}

/** The bond for a dispute filed when `outstanding` is owed; never more than what is owed, never negative. */
export function disputeBondAmount(rules: DisputeRules, outstanding: Fils): Fils {
  const bond = rules.bond;
  let amount: Fils;
  if (bond.kind === "fixed") {
    amount = bond.amount;
  } else {
    // Rounded up to the fils: the bond is never below its share.
    const share = (outstanding * BigInt(bond.shareBps) + 9_999n) / 10_000n;
    amount = share < bond.minimum ? bond.minimum : share;
    if (bond.maximum !== null && amount > bond.maximum) amount = bond.maximum;
  }
  if (amount > outstanding) amount = outstanding;
  return amount < 0n ? 0n : amount;
}

export interface PlanOrderFacts {
  total: Fils;
  /** Measures of these kinds against the plan's debtor are ordered or in force. */
  activeMeasureKinds: readonly ProcedureKind[];
}

export type PlanOrderGround = "amount" | "travel_ban";

/** Why a plan needs a judge's order besides the creditor's consent (empty: the consent suffices). */
export function planOrderGrounds(rules: InstalmentRules, facts: PlanOrderFacts): PlanOrderGround[] {
  const grounds: PlanOrderGround[] = [];
  if (rules.judgeOrderAbove !== null && facts.total > rules.judgeOrderAbove) grounds.push("amount");
  if (rules.judgeOrderWhenTravelBanInForce && facts.activeMeasureKinds.includes("travel_ban")) grounds.push("travel_ban");
  return grounds;
}
