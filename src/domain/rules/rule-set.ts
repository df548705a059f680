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
import { law, policy, resolution, type RuleSource } from "./sources.ts";

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
    /** Art. 190: the kinds of executory title (list U). */
    enforceable: readonly TitleType[];
    /** Art. 190: titles enforceable before they are final (list U). */
    enforceableBeforeFinal: readonly TitleType[];
    /** Art. 190: a right not yet due (the title's due day after the request) is not enforced. From kw-2025.3. */
    dueChecked: boolean;
  };
  service: {
    /** Calendar days after service of the title before enforcement may start (U; default 1). */
    waitingDays: number;
    /**
     * When no service of the title on the debtor is recorded yet (neither a clerk's
     * attestation nor a notice's proof of service): "fail" from kw-2025.2 (enforcement
     * without service is void); "pass" in kw-2025.1 (taken as attested by the clerk who
     * opened the file); "refer" to a clerk. Changed only by a new dated version.
     */
    whenUnrecorded: "pass" | "refer" | "fail";
  };
  /** Who decides each kind when its checks pass (the state machine must allow it). */
  decidedBy: Record<ProcedureKind, DecidedBy>;
  travelBan: {
    /** Practice (L): no bans over small debts. The outstanding must be at least this. */
    minimumOutstanding: Fils;
    /**
     * When a ban ends on payment: "file" (kw-2025.1 to .4: only once the whole file is
     * satisfied); "creditor" (from kw-2025.5, Art. 298: the ban lasts until the debt to the
     * creditor it was ordered for ends — their share of the file paid, or deposited for them).
     */
    endsWith: "file" | "creditor";
    /**
     * Art. 297: a creditor may petition before suing, on a provisional estimate, with no
     * executory title (false before kw-2025.5: every request needed a file opened from a
     * title, served on the debtor).
     */
    beforeSuitWithoutTitle: boolean;
  };
  bankAttachment: {
    /** An attachment above this amount goes to a clerk (null: never). */
    clerkReviewAbove: Fils | null;
  };
  /** Fee per request (orders on petitions KD 10, notices KD 5 — 2025, M; per-request U). */
  fees: Record<FeeItem, Fils>;
  /** Which fees of the table a request owes besides its order's. */
  feeCollection: {
    /**
     * The notice fee (`fees.notice`) for the notice serving the measure on its debtor, owed with
     * the request that causes it: false in kw-2025.1–3 (never charged), true from kw-2025.4.
     */
    noticeWithRequest: boolean;
  };
  salary: {
    /** Art. 216: at most half. */
    legalMaximumBps: number;
    caps: readonly SalaryCap[];
    unseizable: readonly UnseizableCategory[];
    /**
     * Who applies the shares and the exempt kinds: "bank" (kw-2025.1/2: each bank by its own
     * reading, the hub holds whatever a bank declares up to the debt); "hub" (from kw-2025.3:
     * orders carry the terms, banks declare salary and exempt credits, the hub keeps no more
     * than the rules allow — src/domain/cap/salary-protection.ts).
     */
    appliedBy: "bank" | "hub";
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
  /** Payments made outside the department and reported (Art. 298(b)). */
  outsidePayments: {
    /**
     * A creditor's report after `deadlines.creditorReportsPaymentDays`: "not_checked" in
     * kw-2025.1–3 (the week was read nowhere); "flagged" from kw-2025.4 — the payment still
     * credits the debtor, the report is marked late, the department and the debtor are told.
     */
    lateCreditorReport: "not_checked" | "flagged";
  };
  /** Third parties' declarations (Arts. 230(e), 234(2)). */
  declarations: {
    /**
     * A bank states, for every account it holds money on under an order, the cause of what it
     * owes the debtor and the documents supporting it (`declaration.particulars`): false in
     * kw-2025.1–3; true from kw-2025.4 (particulars that leave out a holding account are refused).
     */
    causeAndDocumentsRequired: boolean;
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
  /** Separation of duties (src/domain/access/duties.ts). */
  duties: {
    /** The deciding roles an administrator may hold as well (none: who grants roles never decides, reviews or audits). */
    administratorMayAlsoHold: readonly ("clerk" | "judge" | "auditor")[];
  };
}

/** A value the walk stops at: scalars, lists, and tagged unions (a bond's kind). */
type Leaf = string | number | bigint | boolean | null | readonly unknown[] | { readonly kind: string };

/** Every rule value's dotted path ("service.waitingDays", "fees.travel_ban", …): the compiler checks each has a source. */
export type PathsOf<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends Leaf ? `${Prefix}${K}` : PathsOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type RulePath = PathsOf<RuleValues>;

/** The source of every value of a version (sources.ts). */
export type RuleSources = { readonly [P in RulePath]: RuleSource };

export interface RuleVersion {
  id: string;
  /** Kuwait date (YYYY-MM-DD) from which requests are judged by this version. */
  effectiveFrom: string;
  /** What this version is (the laws it encodes, what it changed). */
  source: string;
  values: RuleValues;
  /** Where each value comes from: the law, a resolution, or department policy (sources.ts). */
  sources: RuleSources;
}

export type RuleSet = readonly RuleVersion[];

const kd = (dinars: number): Fils => BigInt(dinars) * 1000n;

/** The first version: the law as amended by the 2025 decree-laws (LEGAL.md). */
export const kw2025: RuleVersion = {
  id: "kw-2025.1",
  effectiveFrom: "2025-01-01",
  source: "Decree-Law 38/1980 as amended to Decree-Laws 58, 59 and 78 of 2025 (LEGAL.md); U/L values marked there",
  values: {
    titles: {
      enforceable: ["final_judgment", "provisional_judgment", "payment_order", "notarized_instrument", "ratified_settlement"],
      enforceableBeforeFinal: ["provisional_judgment", "payment_order", "notarized_instrument", "ratified_settlement"],
      dueChecked: false,
    },
    service: { waitingDays: 1, whenUnrecorded: "pass" },
    decidedBy: { bank_attachment: "automatic", vehicle_seizure: "automatic", travel_ban: "judge" },
    travelBan: { minimumOutstanding: kd(150), endsWith: "file", beforeSuitWithoutTitle: false },
    bankAttachment: { clerkReviewAbove: null },
    fees: { bank_attachment: kd(10), vehicle_seizure: kd(10), travel_ban: kd(10), notice: kd(5) },
    feeCollection: { noticeWithRequest: false },
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
      appliedBy: "bank",
    },
    deadlines: { bankDeclarationDays: 10, agencyAnswerDays: 1, banBeforeSuitFilingDays: 7, creditorReportsPaymentDays: 7 },
    outsidePayments: { lateCreditorReport: "not_checked" },
    declarations: { causeAndDocumentsRequired: false },
    exchange: { identityFreshnessDays: 30 },
    sla: { clerk: 2, judge: 3 },
    // U: 10% of what is outstanding when filed, at least KD 50.
    disputes: { bond: { kind: "share_of_outstanding", shareBps: 1000, minimum: kd(50), maximum: null }, suspensionRequiresBond: true, suspensionHoldsDispatch: true },
    // U: up to 24 monthly instalments over two years; a judge orders plans above KD 10,000 or for a debtor under a travel ban.
    instalments: {
      maxInstalments: 24,
      maxSpanDays: 731,
      judgeOrderAbove: kd(10_000),
      judgeOrderWhenTravelBanInForce: true,
      graceWorkingDays: 0,
      restoreOnDefault: { bank_attachment: "restore", vehicle_seizure: "restore", travel_ban: "restore" },
    },
    // Pro rata (U: no legal privilege modelled yet); Art. 298(d) deposits reserved to their creditor (H);
    // proceeds of attached funds shared by every creditor attaching them (M: the distribution among attaching creditors).
    sharing: { method: "pro_rata", earmarkedDepositsReserved: true, acrossFiles: "attaching_creditors" },
    duties: { administratorMayAlsoHold: [] },
  },
  sources: {
    "titles.enforceable": law("Decree-Law 38/1980, Art. 190", "Executory titles: final judgments, judgments with provisional enforcement, payment orders, notarized instruments, court-ratified settlements, each bearing the executory formula (the list is not confirmed).", "U"),
    "titles.enforceableBeforeFinal": law("Decree-Law 38/1980, Art. 190", "A title is enforceable for a right that is certain, fixed in amount and due: final judgments, judgments with provisional enforcement, payment orders, notarized instruments, court-ratified settlements (the list is not confirmed).", "U"),
    "titles.dueChecked": policy("A title's due day was not recorded or checked: a right was taken as due on the title's issue. Superseded by kw-2025.3.", "U"),
    "service.waitingDays": policy("The law requires service of the title before enforcement; the waiting period after service is not confirmed, so the department waits one day.", "U"),
    "service.whenUnrecorded": policy("Before electronic service was recorded, service was taken as attested by the clerk who opened the file. The law voids enforcement without service (LEGAL.md, M): superseded by kw-2025.2.", "U"),
    "decidedBy.bank_attachment": policy("Attachments whose checks pass are ordered automatically; a person reviews only what the checks refer.", "U"),
    "decidedBy.vehicle_seizure": policy("Seizures whose checks pass are ordered automatically; a person reviews only what the checks refer.", "U"),
    "decidedBy.travel_ban": law("Decree-Law 38/1980, Art. 297", "A travel ban is ordered by the director or an assisting judge on the creditor's petition with evidence, with reasons.", "H"),
    "travelBan.minimumOutstanding": policy("Practice reported in the press: no bans over small debts (about KD 100–200).", "L"),
    "travelBan.endsWith": policy("A ban was lifted on payment only when the whole file was satisfied, whoever had asked for it. Superseded by kw-2025.5 (Art. 298: per creditor).", "U"),
    "travelBan.beforeSuitWithoutTitle": policy("Every request was made on a file opened from an executory title served on the debtor, a ban before suit included. Superseded by kw-2025.5 (Art. 297).", "U"),
    "bankAttachment.clerkReviewAbove": policy("No amount needs a clerk's review by default; a department may set a threshold.", "U"),
    "fees.bank_attachment": resolution("Fees on orders on petitions (2025)", "Orders on petitions: KD 10 (reported 2025 fee schedule); per-request fees are not confirmed.", "M"),
    "fees.vehicle_seizure": resolution("Fees on orders on petitions (2025)", "Orders on petitions: KD 10 (reported 2025 fee schedule); per-request fees are not confirmed.", "M"),
    "fees.travel_ban": resolution("Fees on orders on petitions (2025)", "Orders on petitions: KD 10 (reported 2025 fee schedule).", "M"),
    "fees.notice": resolution("Fees on notices (2025)", "Notices: KD 5 (reported 2025 fee schedule).", "M"),
    "feeCollection.noticeWithRequest": policy("The fee table carried KD 5 for notices, but no request or notice was ever charged it. Superseded by kw-2025.4.", "U"),
    "salary.legalMaximumBps": law("Decree-Law 38/1980, Art. 216", "Wages not governed by a special law are attachable up to one half.", "H"),
    "salary.caps": law("Decree-Law 38/1980, Art. 216; DL 15/1979 Art. 20; Amiri Decree 61/1976 Art. 102", "Half of wages at most; when creditors compete, half of the attachable part to alimony; civil servants' pay only for alimony or debts to the state; pensions a quarter. The department's 25–50 % by kind of debt is reported practice (L).", "M"),
    "salary.unseizable": law("Decree-Law 38/1980 (exempt property); DL 121/1986; ministry circulars", "Not attachable: state property, necessities, maintenance (except a quarter for alimony), tools of trade, the Kuwaiti debtor's home; social aid, rent allowance and student stipends by circular.", "M"),
    "salary.appliedBy": policy("The shares and the exempt kinds were left to each bank; the hub held whatever a bank declared up to the debt. Superseded by kw-2025.3.", "U"),
    "deadlines.bankDeclarationDays": law("Decree-Law 38/1980, Art. 230(e)", "The garnishee declares what it holds within 10 days of service of the attachment.", "H"),
    "deadlines.agencyAnswerDays": policy("Agencies other than banks (traffic, ports, civil information) are asked to answer within a working day; no text sets it.", "U"),
    "deadlines.banBeforeSuitFilingDays": law("Decree-Law 38/1980, Art. 298(e)", "A ban ordered before suit lapses unless the creditor proves within 7 days that the suit was filed.", "H"),
    "deadlines.creditorReportsPaymentDays": law("Decree-Law 38/1980, Art. 298(b)", "A payment made outside the department must be reported by the creditor within one week.", "H"),
    "outsidePayments.lateCreditorReport": policy("A creditor's report of a payment received outside the department was credited whenever it came; the week of Art. 298(b) was not checked. Superseded by kw-2025.4.", "U"),
    "declarations.causeAndDocumentsRequired": policy("Banks declared the amounts they froze per account and the other attachments, without the cause of the debt or its documents. Superseded by kw-2025.4.", "U"),
    "exchange.identityFreshnessDays": policy("Orders against a person leave only once the civil-information authority has confirmed them within 30 days, so no order names a dead or unknown person.", "U"),
    "sla.clerk": policy("Clerks decide referred requests within 2 working days (service level).", "U"),
    "sla.judge": policy("Judges decide petitions within 3 working days (service level).", "U"),
    "disputes.bond": policy("The bond for a dispute to suspend enforcement: 10 % of what is outstanding, at least KD 50 (the amount is not set by a known text).", "U"),
    "disputes.suspensionRequiresBond": law("Decree-Law 38/1980 (enforcement disputes)", "An enforcement dispute suspends enforcement only with a bond.", "M"),
    "disputes.suspensionHoldsDispatch": law("Decree-Law 38/1980 (enforcement disputes)", "While enforcement is suspended, no new step is taken; earlier bans and attachments stay.", "M"),
    "instalments.maxInstalments": policy("Plans of at most 24 monthly instalments.", "U"),
    "instalments.maxSpanDays": policy("Plans of at most two years.", "U"),
    "instalments.judgeOrderAbove": policy("A plan above KD 10,000 needs a judge's order besides the creditors' consent.", "U"),
    "instalments.judgeOrderWhenTravelBanInForce": law("Decree-Law 38/1980, Art. 297", "A travel ban is a judge's order: a plan that would lift it needs a judge's order.", "M"),
    "instalments.graceWorkingDays": policy("An instalment is due by its date (or the next working day); no grace is given.", "U"),
    "instalments.restoreOnDefault.bank_attachment": policy(
      "The law names no new decision to restore an attachment a plan lifted (LEGAL.md is silent; Art. 227(2): an attachment stays until the department lifts it). The creditor consented to the lift only while the plan is kept, so on default the department restores it at once, for no more than is owed, so that a default does not open a window to move the money.",
      "U",
    ),
    "instalments.restoreOnDefault.vehicle_seizure": policy(
      "The law names no new decision to restore a seizure a plan lifted (LEGAL.md is silent). The creditor consented to the lift only while the plan is kept, so on default the department restores it at once.",
      "U",
    ),
    "instalments.restoreOnDefault.travel_ban": policy("A ban the plan lifted came back on default: at once under the judge's order of the plan, else referred to a judge. Superseded by kw-2025.5 (Art. 297: a new petition).", "U"),
    "sharing.method": law("Decree-Law 38/1980 (several creditors)", "Creditors share pro rata unless the law gives one a privilege (privileges not modelled).", "U"),
    "sharing.earmarkedDepositsReserved": law("Decree-Law 38/1980, Art. 298(d)", "A deposit of the debt and its accessories earmarked for a creditor is reserved to that creditor.", "H"),
    "duties.administratorMayAlsoHold": policy("Who grants roles does not decide, review or audit: an administrator holds no judge, clerk or auditor role as well (separation of duties).", "U"),
    "sharing.acrossFiles": policy("The proceeds of the debtor's attached funds are shared among every creditor whose attachment reached the banks, across their files.", "M"),
  },
};

/**
 * The second version: no enforcement without recorded service of the title (LEGAL.md, M:
 * enforcement before service is void). A request whose debtor has no service recorded —
 * neither a clerk's attestation of the process server's report nor an electronic notice's
 * proof of delivery (Art. 5 as amended in 2020; Resolution 26/2021) — fails its service check.
 *
 * Effective from 8 December 2026, the first Kuwait day after this release: a version never
 * reaches back, because every request made before it was judged by kw-2025.1 and stores that
 * id, and `ruleVersionAt` must keep naming the version that decided it. Requests made on or
 * after that day are judged by this one.
 */
export const kw2025b: RuleVersion = amendRules(
  kw2025,
  "kw-2025.2",
  "2026-12-08",
  (values) => ({ ...values, service: { ...values.service, whenUnrecorded: "fail" } }),
  "kw-2025.1 with service of the title required before enforcement (no request passes on an unrecorded service)",
  {
    "service.whenUnrecorded": law(
      "Decree-Law 38/1980, Book 3 (service of the executory title before enforcement)",
      "The title must be served on the debtor before enforcement, stating what is owed and ordering payment; otherwise enforcement is void. Service counts when recorded: the clerk's attestation of the process server's report, or the electronic notice's proof of delivery (Art. 5 as amended in 2020; Resolution 26/2021).",
      "M",
    ),
  },
);

/**
 * The third version: salaries and exempt sums honoured by the hub (Art. 216; the unattachable
 * kinds). An attachment order carries the share of a salary and of each exempt kind that may
 * be held for the file's kind of debt; banks declare salary and exempt credits separately;
 * the hub keeps, across banks and orders, no more than the share of a salary and nothing of
 * an exempt sum (but a quarter of maintenance for alimony), and tells a bank holding more to
 * release it (hold.adjust).
 *
 * It also checks Art. 190's "due" condition: a title whose right falls due after the request
 * (its `dueOn`) is not enforced before that day.
 *
 * Effective from 9 December 2026: a day after kw-2025.2 (two versions cannot share a day),
 * never reaching back — attachments requested earlier keep the version that judged them.
 */
export const kw2025c: RuleVersion = amendRules(
  kw2025b,
  "kw-2025.3",
  "2026-12-09",
  (values) => ({ ...values, titles: { ...values.titles, dueChecked: true }, salary: { ...values.salary, appliedBy: "hub" } }),
  "kw-2025.2 with the salary shares and the exempt kinds applied by the hub (Art. 216), and a title's right checked to be due (Art. 190)",
  {
    "titles.dueChecked": law(
      "Decree-Law 38/1980, Art. 190",
      "A title is enforceable only for a right that is certain, fixed in amount and due: a title whose right falls due on a later day than the request is not enforced before that day.",
      "M",
    ),
    "salary.appliedBy": law(
      "Decree-Law 38/1980, Art. 216; exempt property (LEGAL.md, Bank attachment)",
      "Wages are attachable only up to a share (at most one half; the department applies 25–50 % by kind of debt) and state property, necessities, maintenance (except a quarter for alimony), student stipends, the state rent allowance and social assistance not at all: a salary account must never be frozen in full. The hub applies the shares to what every bank declares.",
      "M",
    ),
  },
);

/**
 * The fourth version (issue 15's last defects): the KD 5 notice fee charged, the Art. 298(b)
 * week read, and a bank's declaration stating the cause and documents (Art. 234(2)).
 *
 * - The notice fee: LEGAL.md sets notices at KD 5 (2025, M) but says neither which notices are
 *   charged nor when; the department's choice (policy) is written with its reason.
 * - Art. 298(b): the creditor reports a payment received outside the department within one
 *   week. LEGAL.md does not say what follows a late report; it does say the debtor may report
 *   the payment at any time — so a late report still credits the debtor, and is flagged late,
 *   told to the department and to the debtor (policy, with its reason).
 * - Art. 234(2): the garnishee's declaration states the cause of the debt and its documents.
 *
 * Effective from 10 December 2026: a day after kw-2025.3, never reaching back.
 */
export const kw2025d: RuleVersion = amendRules(
  kw2025c,
  "kw-2025.4",
  "2026-12-10",
  (values) => ({
    ...values,
    feeCollection: { noticeWithRequest: true },
    outsidePayments: { lateCreditorReport: "flagged" },
    declarations: { causeAndDocumentsRequired: true },
  }),
  "kw-2025.3 with the notice fee charged with each request, the Art. 298(b) week checked on a creditor's report of an outside payment, and declarations stating cause and documents (Art. 234(2))",
  {
    "feeCollection.noticeWithRequest": policy(
      "LEGAL.md sets the fee for notices at KD 5 (2025, M: 'orders on petitions KD 10, notices KD 5') but is silent on which notices are charged and when. The department charges one notice per request — the notice that serves the measure on its debtor when its orders leave (Art. 5 as amended in 2020: the debtor is notified of every measure) — collected with the order's fee before dispatch, paid and booked with it, and refunded with it when nothing was sent (then no notice was served either). The notice serving the title when a file is opened is not charged: no fee is collected when a file opens, and service is a condition of enforcement a fee must not delay.",
      "U",
    ),
    "outsidePayments.lateCreditorReport": policy(
      "Art. 298(b) (H) has the creditor report a payment received outside the department within one week and lets the debtor report it at any time; LEGAL.md does not say what follows a late report. The department still credits the payment (refusing it would make the debtor pay twice, and the debtor could report it at any time anyway), flags the report as late with the days past the week, records it for the department (audit action ledger.reported_late, shown to staff) and tells the debtor, who sees it on their page and may complain.",
      "U",
    ),
    "declarations.causeAndDocumentsRequired": law(
      "Decree-Law 38/1980, Art. 234(2); Art. 230(e)",
      "The garnishee declares within 10 days of service what it holds: the amount and the cause of the debt, the other attachments, and the documents supporting it. A bank states, per account holding money under the order, the cause (the account's kind) and the documents (statement, account agreement, deposit certificate) in a declaration.particulars message; particulars that leave out an account holding money are refused (PARTICULARS_INCOMPLETE).",
      "M",
    ),
  },
);

/**
 * The fifth version: the travel ban as Arts. 297–298 write it.
 * - A ban lasts until the debt **to the creditor it was ordered for** ends (Art. 298): it is
 *   lifted once that creditor's share of the file is paid or deposited for them (Art.
 *   298(d)), even while other creditors of the file are still owed.
 * - A ban a plan lifted does not come back by itself on default: the creditor petitions
 *   again, with evidence, and the petition passes the checks (the minimum included) and a
 *   judge's order (Art. 297). Attachments and seizures are restored as before: department
 *   policy, LEGAL.md names no new decision for them.
 * - A ban before suit (Art. 297): a creditor with no executory title petitions on a
 *   provisional estimate of the debt with their own evidence; no title or service is
 *   checked; the ban lapses unless the suit is proven filed within the Art. 298(e) period.
 *
 * Effective from 11 December 2026, amending kw-2025.4 (effective 10 December).
 */
export const kw2025e: RuleVersion = amendRules(
  kw2025d,
  "kw-2025.5",
  "2026-12-11",
  (values) => ({
    ...values,
    travelBan: { ...values.travelBan, endsWith: "creditor", beforeSuitWithoutTitle: true },
    instalments: { ...values.instalments, restoreOnDefault: { ...values.instalments.restoreOnDefault, travel_ban: "new_petition" } },
  }),
  "kw-2025.4 with the travel ban of Arts. 297–298: ended per creditor, not restored on an instalment default without a new petition, and asked before suit on a provisional estimate without a title",
  {
    "travelBan.endsWith": law(
      "Decree-Law 38/1980, Art. 298",
      "The ban lasts until the debt to the creditor who asked for it ends (payment, a deposit earmarked for that creditor under Art. 298(d)), whatever remains owed to other creditors of the file.",
      "H",
    ),
    "travelBan.beforeSuitWithoutTitle": law(
      "Decree-Law 38/1980, Art. 297",
      "A creditor whose right is certain and due may petition the director for a travel ban even before suing, with a provisional estimate of the debt; the petition shows the debt is certain and due, serious reasons to fear flight and the debtor's ability to pay. No executory title exists yet, so none is served: the ban lapses unless the suit is proven filed within 7 days (Art. 298(e)).",
      "H",
    ),
    "instalments.restoreOnDefault.travel_ban": law(
      "Decree-Law 38/1980, Art. 297",
      "A travel ban is ordered only on the creditor's petition with evidence, decided by a judge with reasons. A ban lifted for a plan does not revive by itself when the plan defaults: the creditor petitions again and the petition is checked (the evidence, the minimum) like any other.",
      "H",
    ),
  },
);

/** The versions shipped with this release, oldest first. */
export const kuwaitRules: RuleSet = [kw2025, kw2025b, kw2025c, kw2025d, kw2025e];

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
export function amendRules(
  base: RuleVersion,
  id: string,
  effectiveFrom: string,
  change: (values: RuleValues) => RuleValues,
  source = base.source,
  sources: Partial<RuleSources> = {},
): RuleVersion {
  return { id, effectiveFrom, source, values: change(structuredClone(base.values)), sources: { ...base.sources, ...sources } };
}
