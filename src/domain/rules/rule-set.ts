/**
 * The rules as data: versions with effective dates (LEGAL.md). Every U/L item and every
 * number the law changes often is a value here, never a constant in code. A request is
 * judged by the version in force on the Kuwait date it was made (`requested_at`); a new
 * version is added, never edited in place, so old decisions can be explained again.
 *
 * Why a TypeScript module and not (yet) a table of overrides: a version is reviewed like
 * code (the compiler checks every value's shape, tests run across each change), it ships
 * with the release that reads it, and a decision stores the version id it used. A table of
 * overrides would let the department change numbers without a release, but would need its
 * own review trail and validation; it can be added later behind `ruleVersionAt` without
 * touching the checks.
 */
import { DomainError } from "../errors.ts";
import { kuwaitDate } from "../file/calendar.ts";
import type { TitleType } from "../file/title.ts";
import type { Fils } from "../money/index.ts";
import type { ProcedureKind } from "../procedures/index.ts";
import type { DisputeRules, InstalmentRules } from "./disputes-and-instalments.ts";
import type { SharingRules } from "./sharing.ts";

export type ReviewQueue = "clerk" | "judge";
/** Who decides a request of this kind when every check passes. */
export type DecidedBy = "automatic" | ReviewQueue;
export type FeeItem = ProcedureKind | "notice";

export interface SalaryCap {
  debtKind: "general" | "alimony" | "state";
  /** Largest share of the salary that may be attached, in basis points (2500 = 25%). */
  maxShareBps: number;
  nameAr: string;
  nameEn: string;
}

export interface UnseizableCategory {
  id: string;
  nameAr: string;
  nameEn: string;
  /** A share that may still be attached for this kind of debt (e.g. ¼ of maintenance for alimony). */
  exception?: { debtKind: SalaryCap["debtKind"]; maxShareBps: number };
}

export interface RuleValues {
  titles: {
    /** Art. 190: titles enforceable before they are final (list U). */
    enforceableBeforeFinal: readonly TitleType[];
  };
  service: {
    /** Calendar days after service of the title before enforcement may start (U; default 1). */
    waitingDays: number;
    /**
     * When no service of the title on the debtor is recorded yet: "pass" (the clerk who
     * opened the file attests it, until electronic service is recorded), "refer" to a
     * clerk, or "fail".
     */
    whenUnrecorded: "pass" | "refer" | "fail";
  };
  /** Who decides each kind when its checks pass (the state machine must allow it). */
  decidedBy: Record<ProcedureKind, DecidedBy>;
  travelBan: {
    /** Practice (L): no bans over small debts. The outstanding must be at least this. */
    minimumOutstanding: Fils;
  };
  bankAttachment: {
    /** An attachment above this amount goes to a clerk (null: never). */
    clerkReviewAbove: Fils | null;
  };
  /** Fee per request (orders on petitions KD 10, notices KD 5 — 2025, M; per-request U). */
  fees: Record<FeeItem, Fils>;
  salary: {
    /** Art. 216: at most half. */
    legalMaximumBps: number;
    caps: readonly SalaryCap[];
    unseizable: readonly UnseizableCategory[];
  };
  deadlines: {
    /** Art. 230(e): a bank declares what it holds within 10 days of service. */
    bankDeclarationDays: number;
    /** Other agencies (traffic, ports, civil information) answer within this many days. */
    agencyAnswerDays: number;
    /** Art. 298(e): a ban before suit lapses unless filing is proven within 7 days. */
    banBeforeSuitFilingDays: number;
    /** Art. 298(b): a creditor reports a payment made outside the department within 1 week. */
    creditorReportsPaymentDays: number;
  };
  /** The agency exchange. */
  exchange: {
    /**
     * Department policy: orders against a person leave only once the civil-information
     * authority has confirmed who they are (found, alive) within this many days.
     */
    identityFreshnessDays: number;
  };
  /** Service levels per queue, in working days (Sunday–Thursday, holidays excluded). */
  sla: Record<ReviewQueue, number>;
  /** Enforcement disputes: the bond, and whether suspension needs it posted (disputes-and-instalments.ts). */
  disputes: DisputeRules;
  /** Instalment plans: their limits, when a judge's order is needed, the grace for payment. */
  instalments: InstalmentRules;
  /** Several creditors against one debtor: pro rata, Art. 298(d) deposits reserved (sharing.ts). */
  sharing: SharingRules;
}

export interface RuleVersion {
  id: string;
  /** Kuwait date (YYYY-MM-DD) from which requests are judged by this version. */
  effectiveFrom: string;
  source: string;
  values: RuleValues;
}

export type RuleSet = readonly RuleVersion[];

const kd = (dinars: number): Fils => BigInt(dinars) * 1000n;

/** The first version: the law as amended by the 2025 decree-laws (LEGAL.md). */
export const kw2025: RuleVersion = {
  id: "kw-2025.1",
  effectiveFrom: "2025-01-01",
  source: "Decree-Law 38/1980 as amended to Decree-Laws 58, 59 and 78 of 2025 (LEGAL.md); U/L values marked there",
  values: {
    titles: { enforceableBeforeFinal: ["provisional_judgment", "payment_order", "notarized_instrument", "ratified_settlement"] },
    service: { waitingDays: 1, whenUnrecorded: "pass" },
    decidedBy: { bank_attachment: "automatic", vehicle_seizure: "automatic", travel_ban: "judge" },
    travelBan: { minimumOutstanding: kd(150) },
    bankAttachment: { clerkReviewAbove: null },
    fees: { bank_attachment: kd(10), vehicle_seizure: kd(10), travel_ban: kd(10), notice: kd(5) },
    salary: {
      legalMaximumBps: 5000,
      caps: [
        { debtKind: "general", maxShareBps: 2500, nameAr: "الديون العادية", nameEn: "Ordinary debts" },
        { debtKind: "alimony", maxShareBps: 5000, nameAr: "النفقة", nameEn: "Alimony and maintenance" },
        { debtKind: "state", maxShareBps: 5000, nameAr: "ديون الدولة", nameEn: "Debts owed to the state" },
      ],
      unseizable: [
        { id: "state_property", nameAr: "أموال الدولة", nameEn: "State property" },
        { id: "necessities", nameAr: "ضروريات المعيشة", nameEn: "Necessities of life" },
        { id: "maintenance", nameAr: "النفقة", nameEn: "Maintenance payments", exception: { debtKind: "alimony", maxShareBps: 2500 } },
        { id: "student_stipend", nameAr: "المكافآت الطلابية", nameEn: "Student stipends" },
        { id: "rent_allowance", nameAr: "بدل الإيجار الحكومي", nameEn: "State rent allowance" },
        { id: "social_assistance", nameAr: "المساعدات الاجتماعية", nameEn: "Social assistance" },
      ],
    },
    deadlines: { bankDeclarationDays: 10, agencyAnswerDays: 1, banBeforeSuitFilingDays: 7, creditorReportsPaymentDays: 7 },
    exchange: { identityFreshnessDays: 30 },
    sla: { clerk: 2, judge: 3 },
    // U: 10% of what is outstanding when filed, at least KD 50.
    disputes: { bond: { kind: "share_of_outstanding", shareBps: 1000, minimum: kd(50), maximum: null }, suspensionRequiresBond: true, suspensionHoldsDispatch: true },
    // U: up to 24 monthly instalments over two years; a judge orders plans above KD 10,000 or for a debtor under a travel ban.
    instalments: { maxInstalments: 24, maxSpanDays: 731, judgeOrderAbove: kd(10_000), judgeOrderWhenTravelBanInForce: true, graceWorkingDays: 0 },
    // Pro rata (U: no legal privilege modelled yet); Art. 298(d) deposits reserved to their creditor (H);
    // proceeds of attached funds shared by every creditor attaching them (M: the distribution among attaching creditors).
    sharing: { method: "pro_rata", earmarkedDepositsReserved: true, acrossFiles: "attaching_creditors" },
  },
};

/** The versions shipped with this release, oldest first. */
export const kuwaitRules: RuleSet = [kw2025];

/** The version in force on a Kuwait date: the latest whose effectiveFrom is on or before it. */
export function ruleVersionAt(rules: RuleSet, kuwaitDay: string): RuleVersion {
  let chosen: RuleVersion | undefined;
  for (const version of rules) {
    if (version.effectiveFrom <= kuwaitDay && (!chosen || version.effectiveFrom > chosen.effectiveFrom)) chosen = version;
  }
  if (!chosen) throw new DomainError("RULES_NOT_IN_FORCE", { asOf: kuwaitDay });
  return chosen;
}

/** The version by which a request made at this instant is judged (its Kuwait date). */
export function ruleVersionFor(rules: RuleSet, at: Date): RuleVersion {
  return ruleVersionAt(rules, kuwaitDate(at));
}

export function ruleVersionById(rules: RuleSet, id: string): RuleVersion | undefined {
  return rules.find((version) => version.id === id);
}

/** A new version from the one before it, with some values changed (for data and tests). */
export function amendRules(base: RuleVersion, id: string, effectiveFrom: string, change: (values: RuleValues) => RuleValues, source = base.source): RuleVersion {
  return { id, effectiveFrom, source, values: change(structuredClone(base.values)) };
}
