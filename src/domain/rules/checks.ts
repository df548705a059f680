/**
 * The automatic checks on a request, judged by one rule version. Each check says pass,
 * fail or refer (to a clerk or a judge) with its reason in Arabic and English; the
 * outcome is: any failure rejects; otherwise any referral (or a kind the rules leave to a
 * person) goes to that queue, a judge before a clerk; otherwise the request is approved.
 *
 * Who may approve is the state machine's to enforce: the rules only ever propose
 * "approve" for a kind whose machine allows approval from `requested` (a travel ban does
 * not, Art. 297); should a version say otherwise, the request is referred to a judge.
 */
import { enforceabilityFailures, type EnforceabilityFailure, type ExecutoryTitle } from "../file/title.ts";
import { formatKwd, type Fils } from "../money/index.ts";
import { canProcedure, type ProcedureKind } from "../procedures/index.ts";
import { addCalendarDays, kuwaitDate } from "./calendar.ts";
import type { ReviewQueue, RulePath, RuleVersion } from "./rule-set.ts";
import { sourceReference, type RuleSourceKind } from "./sources.ts";

export interface Bilingual {
  ar: string;
  en: string;
}

export type CheckOutcome = "pass" | "fail" | "refer";

/** The rule a check applied and where it comes from (the law, a resolution, or department policy). */
export interface CheckRule {
  path: RulePath;
  kind: RuleSourceKind;
  /** The article or resolution; "Department policy" for a policy. */
  reference: Bilingual;
}

export interface CheckResult {
  id: CheckId;
  outcome: CheckOutcome;
  /** The rule applied and its source (absent in checks stored before rules carried sources). */
  rule?: CheckRule;
  /** The queue a "refer" goes to. */
  queue?: ReviewQueue;
  message: Bilingual;
  details?: Record<string, string | number | boolean | string[] | null>;
}

export const checkIds = [
  "title_enforceable",
  "title_served",
  "evidence_debt_certain",
  "evidence_flight_risk",
  "evidence_ability_to_pay",
  "travel_ban_minimum",
  "amount_review",
  "decided_by",
] as const;
export type CheckId = (typeof checkIds)[number];

export interface TravelBanEvidenceFacts {
  debtCertainAndDue: string;
  flightRisk: string;
  abilityToPay: string;
}

export interface RequestFacts {
  kind: ProcedureKind;
  requestedAt: Date;
  titles: readonly ExecutoryTitle[];
  outstanding: Fils;
  /** A bank attachment's amount. */
  amount: Fils | null;
  /** When the title was served on this debtor, if recorded. */
  titleServedAt: Date | null;
  evidence?: TravelBanEvidenceFacts;
  /**
   * A travel ban petitioned before suit on a file opened with no executory title, on a
   * provisional estimate (Art. 297): no title or service is checked where the rules allow it
   * (`travelBan.beforeSuitWithoutTitle`); `outstanding` is the estimate.
   */
  withoutTitle?: boolean;
}

export type RuleOutcome = "approve" | "reject" | "refer";

export interface RuleDecision {
  ruleVersion: string;
  outcome: RuleOutcome;
  queue: ReviewQueue | null;
  /** What the request owes: the sum of `feeItems`. */
  fee: Fils;
  /** The fee's parts: the order's fee and, from kw-2025.4, the notice serving the measure on the debtor. */
  feeItems: readonly FeeLine[];
  checks: CheckResult[];
}

/** One part of a request's fee: the order (by its kind) or the notice to the debtor. */
export interface FeeLine {
  item: "order" | "notice";
  amount: Fils;
}

/** A request's fee by the version that judges it: the order's fee, and the notice's when the version charges it. */
export function feeLinesFor(kind: ProcedureKind, version: RuleVersion): FeeLine[] {
  const lines: FeeLine[] = [{ item: "order", amount: version.values.fees[kind] }];
  if (version.values.feeCollection.noticeWithRequest) lines.push({ item: "notice", amount: version.values.fees.notice });
  return lines.filter((line) => line.amount > 0n);
}

const failureText: Record<EnforceabilityFailure, Bilingual> = {
  type_not_enforceable: { ar: "نوع السند ليس من السندات التنفيذية في القواعد السارية (المادة 190)", en: "the kind of title is not an executory title under the rules in force (Art. 190)" },
  no_executory_formula: { ar: "صورة السند لا تحمل الصيغة التنفيذية", en: "the copy of the title does not bear the executory formula" },
  not_final: { ar: "الحكم غير نهائي وليس مشمولًا بالنفاذ المعجل", en: "the judgment is not final and not provisionally enforceable" },
  issued_in_future: { ar: "تاريخ صدور السند لاحق لتاريخ اليوم", en: "the title's issue date is in the future" },
  not_due: { ar: "الحق الثابت في السند لم يحل أجله بعد (المادة 190)", en: "the right in the title is not yet due (Art. 190)" },
};

const evidenceChecks = [
  ["evidence_debt_certain", "debtCertainAndDue", { ar: "ثبوت الدين وحلول أجله", en: "that the debt is certain and due" }],
  ["evidence_flight_risk", "flightRisk", { ar: "أسباب جدية يُخشى معها فرار المدين", en: "serious reasons to fear the debtor will leave" }],
  ["evidence_ability_to_pay", "abilityToPay", { ar: "قدرة المدين على الوفاء", en: "the debtor's ability to pay" }],
] as const;

/** The evidence a travel-ban petition must carry (Art. 297), by field name, that is missing. */
export function missingTravelBanEvidence(evidence: TravelBanEvidenceFacts): (keyof TravelBanEvidenceFacts)[] {
  return evidenceChecks.filter(([, field]) => evidence[field].trim().length === 0).map(([, field]) => field);
}

function titleCheck(facts: RequestFacts, version: RuleVersion, today: string): CheckResult {
  const failures = [...new Set(facts.titles.flatMap((title) => enforceabilityFailures(title, today, version.values.titles)))];
  if (facts.titles.length > 0 && failures.length === 0) {
    return { id: "title_enforceable", outcome: "pass", message: { ar: "السند التنفيذي قابل للتنفيذ.", en: "The executory title is enforceable." } };
  }
  if (facts.titles.length === 0) {
    return { id: "title_enforceable", outcome: "fail", message: { ar: "لا يوجد سند تنفيذي في الملف.", en: "The file has no executory title." }, details: { failures: ["no_title"] } };
  }
  return {
    id: "title_enforceable",
    outcome: "fail",
    message: {
      ar: `السند غير قابل للتنفيذ: ${failures.map((f) => failureText[f].ar).join("، ")}.`,
      en: `The title is not enforceable: ${failures.map((f) => failureText[f].en).join("; ")}.`,
    },
    details: { failures },
  };
}

function serviceCheck(facts: RequestFacts, version: RuleVersion, today: string): CheckResult {
  const { waitingDays, whenUnrecorded } = version.values.service;
  if (facts.titleServedAt === null) {
    const message =
      whenUnrecorded === "pass"
        ? { ar: "يُعتد بإعلان السند الذي أثبته الموظف عند فتح الملف.", en: "Service of the title is taken as attested by the clerk who opened the file." }
        : whenUnrecorded === "refer"
          ? { ar: "لم يُسجَّل إعلان السند للمدين بعد: يحيله النظام إلى موظف للتحقق.", en: "Service of the title on the debtor is not recorded yet: a clerk will verify it." }
          : { ar: "لم يُعلَن السند للمدين بعد، والتنفيذ قبل الإعلان باطل.", en: "The title has not been served on the debtor; enforcement before service is void." };
    return { id: "title_served", outcome: whenUnrecorded, ...(whenUnrecorded === "refer" ? { queue: "clerk" as const } : {}), message, details: { servedAt: null, waitingDays } };
  }
  const servedOn = kuwaitDate(facts.titleServedAt);
  const mayStartOn = addCalendarDays(servedOn, waitingDays);
  if (today >= mayStartOn) {
    return {
      id: "title_served",
      outcome: "pass",
      message: { ar: `أُعلن السند للمدين في ${servedOn} وانقضت مهلة ${waitingDays} يوم.`, en: `The title was served on ${servedOn} and the ${waitingDays}-day waiting period has passed.` },
      details: { servedOn, mayStartOn, waitingDays },
    };
  }
  return {
    id: "title_served",
    outcome: "fail",
    message: {
      ar: `أُعلن السند للمدين في ${servedOn}؛ لا يبدأ التنفيذ قبل ${mayStartOn} (مهلة ${waitingDays} يوم).`,
      en: `The title was served on ${servedOn}; enforcement may not start before ${mayStartOn} (a ${waitingDays}-day waiting period).`,
    },
    details: { servedOn, mayStartOn, waitingDays },
  };
}

/** In place of the title and service checks, for a ban before suit with no title (Art. 297). */
function withoutTitleChecks(facts: RequestFacts, version: RuleVersion): CheckResult[] {
  const days = version.values.deadlines.banBeforeSuitFilingDays;
  if (facts.kind !== "travel_ban" || !version.values.travelBan.beforeSuitWithoutTitle) {
    return [
      {
        id: "title_enforceable",
        outcome: "fail",
        message: { ar: "لا يوجد سند تنفيذي في الملف، ولا تجيز القواعد السارية طلب منع السفر قبل رفع الدعوى بغير سند.", en: "The file has no executory title, and the rules in force allow no travel ban before suit without one." },
        details: { failures: ["no_title"] },
      },
    ];
  }
  return [
    {
      id: "title_enforceable",
      outcome: "pass",
      message: {
        ar: "منع السفر قبل رفع الدعوى يُطلب بتقدير مؤقت للدين ولا يلزم له سند تنفيذي (المادة 297).",
        en: "A travel ban before suit is asked on a provisional estimate of the debt; no executory title is needed (Art. 297).",
      },
    },
    {
      id: "title_served",
      outcome: "pass",
      message: {
        ar: `لا سند يُعلن قبل رفع الدعوى؛ ويسقط المنع إن لم يثبت الدائن رفع الدعوى خلال ${days} أيام من صدور الأمر (المادة 298/هـ).`,
        en: `There is no title to serve before suit; the ban lapses unless the creditor proves the suit was filed within ${days} days of the order (Art. 298(e)).`,
      },
      details: { filingDays: days },
    },
  ];
}

function travelBanChecks(facts: RequestFacts, version: RuleVersion): CheckResult[] {
  const evidence = facts.evidence ?? { debtCertainAndDue: "", flightRisk: "", abilityToPay: "" };
  const results: CheckResult[] = evidenceChecks.map(([id, field, what]) =>
    evidence[field].trim().length > 0
      ? { id, outcome: "pass", message: { ar: `قُدّم ما يثبت ${what.ar}.`, en: `Evidence was given of ${what.en}.` } }
      : { id, outcome: "fail", message: { ar: `لم يُقدَّم ما يثبت ${what.ar} (المادة 297).`, en: `No evidence was given of ${what.en} (Art. 297).` } },
  );
  const minimum = version.values.travelBan.minimumOutstanding;
  const owed = formatKwd(facts.outstanding);
  const floor = formatKwd(minimum);
  results.push(
    facts.outstanding >= minimum
      ? { id: "travel_ban_minimum", outcome: "pass", message: { ar: `المتبقي من الدين (${owed} د.ك) لا يقل عن الحد الأدنى لمنع السفر (${floor} د.ك).`, en: `The outstanding debt (KD ${owed}) is at least the travel-ban minimum (KD ${floor}).` }, details: { outstanding: owed, minimum: floor } }
      : { id: "travel_ban_minimum", outcome: "fail", message: { ar: `المتبقي من الدين (${owed} د.ك) أقل من الحد الأدنى لمنع السفر (${floor} د.ك).`, en: `The outstanding debt (KD ${owed}) is below the travel-ban minimum (KD ${floor}).` }, details: { outstanding: owed, minimum: floor } },
  );
  return results;
}

function amountReviewCheck(facts: RequestFacts, version: RuleVersion): CheckResult {
  const above = version.values.bankAttachment.clerkReviewAbove;
  if (above !== null && facts.amount !== null && facts.amount > above) {
    return {
      id: "amount_review",
      outcome: "refer",
      queue: "clerk",
      message: { ar: `مبلغ الحجز أكبر من ${formatKwd(above)} د.ك: يراجعه موظف.`, en: `The attachment exceeds KD ${formatKwd(above)}: a clerk reviews it.` },
      details: { reviewAbove: formatKwd(above) },
    };
  }
  return { id: "amount_review", outcome: "pass", message: { ar: "المبلغ لا يحتاج إلى مراجعة موظف.", en: "The amount needs no clerk's review." } };
}

const kindText: Record<ProcedureKind, Bilingual> = {
  bank_attachment: { ar: "الحجز لدى البنوك", en: "A bank attachment" },
  vehicle_seizure: { ar: "الحجز على المركبات", en: "A vehicle seizure" },
  travel_ban: { ar: "منع السفر", en: "A travel ban" },
};

function decidedByCheck(kind: ProcedureKind, version: RuleVersion): CheckResult {
  const byRules = version.values.decidedBy[kind];
  // The machine has the last word: no automatic approval where it does not allow one.
  const decidedBy = byRules === "automatic" && !canProcedure(kind, "requested", "approve") ? "judge" : byRules;
  if (decidedBy === "automatic") {
    return { id: "decided_by", outcome: "pass", message: { ar: `${kindText[kind].ar} يُقبل تلقائيًا متى استوفى الشروط.`, en: `${kindText[kind].en} is approved automatically when its checks pass.` } };
  }
  return decidedBy === "judge"
    ? { id: "decided_by", outcome: "refer", queue: "judge", message: { ar: `${kindText[kind].ar} يصدر بأمر من القاضي على عريضة (المادة 297).`, en: `${kindText[kind].en} is ordered by a judge on a petition (Art. 297).` } }
    : { id: "decided_by", outcome: "refer", queue: "clerk", message: { ar: `${kindText[kind].ar} يراجعه موظف.`, en: `${kindText[kind].en} is reviewed by a clerk.` } };
}

/** The rule each check applies (a travel ban's evidence: Art. 297, the source of who decides a ban). */
function ruleOfCheck(check: CheckResult, facts: RequestFacts): RulePath {
  switch (check.id) {
    case "title_enforceable": {
      if (facts.withoutTitle === true) return "travelBan.beforeSuitWithoutTitle";
      // A title failing only on its due day (Art. 190) names the rule that checks it.
      const failures = (check.details as { failures?: readonly string[] } | undefined)?.failures;
      return failures !== undefined && failures.length === 1 && failures[0] === "not_due" ? "titles.dueChecked" : "titles.enforceable";
    }
    case "title_served":
      if (facts.withoutTitle === true) return "travelBan.beforeSuitWithoutTitle";
      return facts.titleServedAt === null ? "service.whenUnrecorded" : "service.waitingDays";
    case "evidence_debt_certain":
    case "evidence_flight_risk":
    case "evidence_ability_to_pay":
      return "decidedBy.travel_ban";
    case "travel_ban_minimum":
      return "travelBan.minimumOutstanding";
    case "amount_review":
      return "bankAttachment.clerkReviewAbove";
    case "decided_by":
      return `decidedBy.${facts.kind}`;
  }
}

function withRule(check: CheckResult, facts: RequestFacts, version: RuleVersion): CheckResult {
  const path = ruleOfCheck(check, facts);
  const source = version.sources[path];
  return { ...check, rule: { path, kind: source.kind, reference: sourceReference(source) } };
}

/** Judges a request by one rule version (the one in force when it was made). Each check names its rule and the rule's source. */
export function evaluateRequest(facts: RequestFacts, version: RuleVersion): RuleDecision {
  const today = kuwaitDate(facts.requestedAt);
  const checks: CheckResult[] = facts.withoutTitle === true ? withoutTitleChecks(facts, version) : [titleCheck(facts, version, today), serviceCheck(facts, version, today)];
  if (facts.kind === "travel_ban") checks.push(...travelBanChecks(facts, version));
  if (facts.kind === "bank_attachment") checks.push(amountReviewCheck(facts, version));
  checks.push(decidedByCheck(facts.kind, version));
  for (const [index, check] of checks.entries()) checks[index] = withRule(check, facts, version);
  const feeItems = feeLinesFor(facts.kind, version);
  const fee = feeItems.reduce((total, line) => total + line.amount, 0n);
  if (checks.some((check) => check.outcome === "fail")) {
    return { ruleVersion: version.id, outcome: "reject", queue: null, fee, feeItems, checks };
  }
  const referrals = checks.filter((check) => check.outcome === "refer");
  if (referrals.length > 0) {
    const queue = referrals.some((check) => check.queue === "judge") ? "judge" : "clerk";
    return { ruleVersion: version.id, outcome: "refer", queue, fee, feeItems, checks };
  }
  return { ruleVersion: version.id, outcome: "approve", queue: null, fee, feeItems, checks };
}

/** The reasons for a rejection, one line per failed check, in each language. */
export function failureReasons(decision: RuleDecision): Bilingual {
  const failed = decision.checks.filter((check) => check.outcome === "fail");
  return { ar: failed.map((check) => check.message.ar).join("\n"), en: failed.map((check) => check.message.en).join("\n") };
}
