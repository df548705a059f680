/**
 * Notice templates, in Arabic and English: the file number, what was done, by which
 * agency, amounts in KWD with three decimals, times in Asia/Kuwait. `satisfies` makes a
 * kind without both languages a compile error; a test renders every one.
 */
import { isolateIdentifiers } from "../domain/identifiers/ltr.ts";
import { formatKwd } from "../domain/money/index.ts";
import {
  procedureAgencyKinds,
  procedureKindLabels,
  procedureStatusLabels,
  type Label,
  type ProcedureKind,
  type ProcedureStatus,
} from "../domain/procedures/index.ts";
import type { NoticeLanguage } from "../storage/notices/schema.ts";
import type { DisputeNoticeEvent } from "../app/disputes/notify.ts";
import type { PlanNoticeEvent } from "../app/instalments/notify.ts";

export const noticeKinds = ["title_served", "measure_changed", "procedure_changed", "dispute_changed", "instalment_plan_changed", "money_moved"] as const;
export type NoticeKind = (typeof noticeKinds)[number];
export const noticeLanguages = ["ar", "en"] as const satisfies readonly NoticeLanguage[];

export interface TitleServedData {
  fileNumber: string;
  at: Date;
  court: string;
  caseNumber: string;
  claimTotal: bigint;
}

export interface ProcedureData {
  fileNumber: string;
  at: Date;
  procedureKind: ProcedureKind;
  status: ProcedureStatus;
  /** The amount a bank attachment is for, if any. */
  amount: bigint | null;
}

interface NoticeDataByKind {
  title_served: TitleServedData;
  measure_changed: ProcedureData;
  procedure_changed: ProcedureData;
  dispute_changed: DisputeData;
  instalment_plan_changed: PlanData;
  money_moved: MoneyData;
}

/** Money on a file, told to its creditor(s): a payment credited, or a payout executed to their account. */
export interface MoneyData {
  fileNumber: string;
  at: Date;
  event: "payment" | "payout_paid" | "outside_payment_reported_late";
  amount: bigint;
  /** What is still owed after a payment. */
  outstanding: bigint | null;
  /** A payout: the account (partly hidden) and the bank's reference. */
  iban: string | null;
  reference: string | null;
  /** A creditor's late report (Art. 298(b)), told to the debtor: the day received and the days past the week. */
  receivedOn?: string | null;
  daysLate?: number | null;
}

/** The debtor is told a creditor reported an outside payment after the week of Art. 298(b): credited, flagged late; they may complain. */
function lateReportNotice(d: MoneyData, language: "ar" | "en") {
  if (language === "ar") {
    return {
      subject: `إبلاغ متأخر عن سداد - ملف رقم ${d.fileNumber}`,
      body: [
        "السيد/ة المدين،",
        `أبلغ الدائن في ملف التنفيذ رقم ${d.fileNumber} أنه تلقى منك ${formatAmount(d.amount, "ar")} خارج إدارة التنفيذ بتاريخ ${d.receivedOn ?? ""}، وقد قُيد المبلغ لصالحك.`,
        `جاء الإبلاغ بعد مهلة الأسبوع المقررة (المادة 298(ب)) بـ ${d.daysLate ?? 0} يوم، ووُسم بالتأخير وأُحيط به قسم التنفيذ. لك أن تتظلم لدى الإدارة.`,
        ...(d.outstanding !== null ? [`المتبقي: ${formatAmount(d.outstanding, "ar")}`] : []),
        `الوقت: ${formatKuwaitTime(d.at, "ar")}`,
        departmentName.ar,
      ].join("\n"),
      shortText: `ملف ${d.fileNumber}: أبلغ الدائن متأخرًا عن سداد ${formatAmount(d.amount, "ar")}؛ قُيد لك.`,
    };
  }
  return {
    subject: `Payment reported late - file ${d.fileNumber}`,
    body: [
      "To the judgment debtor,",
      `The creditor on enforcement file ${d.fileNumber} reported receiving ${formatAmount(d.amount, "en")} from you outside the enforcement department on ${d.receivedOn ?? ""}; it has been credited to you.`,
      `The report came ${d.daysLate ?? 0} day(s) after the week allowed (Art. 298(b)); it is flagged late and the department has been told. You may complain to the department.`,
      ...(d.outstanding !== null ? [`Still owed: ${formatAmount(d.outstanding, "en")}`] : []),
      `Time: ${formatKuwaitTime(d.at, "en")}`,
      departmentName.en,
    ].join("\n"),
    shortText: `File ${d.fileNumber}: a payment of ${formatAmount(d.amount, "en")} reported late by the creditor; credited to you.`,
  };
}

/** A step of an enforcement dispute, told to the file's creditors and debtors alike. */
export interface DisputeData {
  fileNumber: string;
  at: Date;
  event: DisputeNoticeEvent;
  bondAmount: bigint;
}

/** A step of an instalment plan, told to the file's creditors and debtors alike. */
export interface PlanData {
  fileNumber: string;
  at: Date;
  event: PlanNoticeEvent;
  total: bigint;
  instalmentCount: number;
  /** The next instalment not yet paid, if any. */
  nextDue: { dueOn: string; amount: bigint } | null;
}

const disputeText: Record<DisputeNoticeEvent, (d: DisputeData) => Label> = {
  filed: (d) => ({
    ar: `قُدِّمت منازعة تنفيذ في هذا الملف، والكفالة المقررة ${formatAmount(d.bondAmount, "ar")}. تُعرض على القاضي، ولا يُوقف تقديمُها التنفيذَ بذاته.`,
    en: `An enforcement dispute was filed on this file; the bond required is ${formatAmount(d.bondAmount, "en")}. It goes to the judge; filing it does not by itself suspend enforcement.`,
  }),
  bond_declared: () => ({ ar: "أعلن المنفَّذ ضده إيداع الكفالة، ويتحقق منه موظف الإدارة.", en: "The debtor declared the deposit of the bond; a clerk of the department is to verify it." }),
  bond_posted: (d) => ({ ar: `تحقق موظف الإدارة من إيداع الكفالة (${formatAmount(d.bondAmount, "ar")}).`, en: `A clerk of the department verified the deposit of the bond (${formatAmount(d.bondAmount, "en")}).` }),
  bond_rejected: () => ({ ar: "لم يُعثر على إيداع الكفالة المعلَن عنه: ما زالت الكفالة مطلوبة.", en: "The declared deposit of the bond was not found: the bond is still required." }),
  suspended: () => ({
    ar: "قرر القاضي وقف التنفيذ حتى الفصل في المنازعة: لا تُتخذ إجراءات جديدة، وتبقى إجراءات الحجز ومنع السفر السابقة قائمة.",
    en: "The judge suspended enforcement until the dispute is ruled on: no new measure is taken; earlier attachments and travel bans stay in force.",
  }),
  suspension_refused: () => ({ ar: "رفض القاضي وقف التنفيذ، ويستمر التنفيذ إلى حين الفصل في المنازعة.", en: "The judge refused to suspend enforcement; it continues until the dispute is ruled on." }),
  upheld: () => ({ ar: "قبل القاضي المنازعة، وتُرفع الإجراءات التي أمر برفعها.", en: "The judge upheld the dispute; the measures the judge ordered lifted are being lifted." }),
  dismissed: () => ({ ar: "رفض القاضي المنازعة، ويستمر التنفيذ.", en: "The judge dismissed the dispute; enforcement continues." }),
};

function nextDueLine(d: PlanData, language: NoticeLanguage): string[] {
  if (d.nextDue === null) return [];
  return [language === "ar" ? `القسط التالي: ${formatAmount(d.nextDue.amount, "ar")} يستحق في ${d.nextDue.dueOn}.` : `Next instalment: ${formatAmount(d.nextDue.amount, "en")} due on ${d.nextDue.dueOn}.`];
}

const planText: Record<PlanNoticeEvent, (d: PlanData) => Label> = {
  proposed: (d) => ({
    ar: `قدّم المنفَّذ ضده طلب سداد الدين على ${d.instalmentCount} أقساط بمجموع ${formatAmount(d.total, "ar")}، وتنتظر الخطة موافقة الدائن.`,
    en: `The debtor proposed to pay in ${d.instalmentCount} instalments totalling ${formatAmount(d.total, "en")}; the plan awaits the creditor's consent.`,
  }),
  awaiting_order: () => ({ ar: "وافق الدائن على خطة التقسيط، وتُعرض على القاضي لإصدار الأمر بها.", en: "The creditor consented to the instalment plan; it goes to the judge to be ordered." }),
  in_force: () => ({
    ar: "أصبحت خطة التقسيط نافذة: تُرفع الإجراءات المتفق على رفعها ما دامت الأقساط تُسدَّد في مواعيدها، وتُعاد إذا تأخر قسط.",
    en: "The instalment plan is in force: the measures agreed are lifted while the instalments are paid on time, and restored if one is missed.",
  }),
  refused: () => ({ ar: "رفض الدائن خطة التقسيط.", en: "The creditor refused the instalment plan." }),
  declined: () => ({ ar: "رفض القاضي إصدار الأمر بخطة التقسيط.", en: "The judge declined to order the instalment plan." }),
  instalment_paid: () => ({ ar: "سُدِّد قسط من خطة التقسيط.", en: "An instalment of the plan was paid." }),
  completed: () => ({ ar: "سُدِّدت أقساط الخطة كلها، وانتهت الخطة.", en: "Every instalment of the plan is paid; the plan has ended." }),
  defaulted: () => ({
    ar: "لم يُسدَّد قسط في موعده: انتهت خطة التقسيط، وتُعاد الإجراءات التي رُفعت بموجبها.",
    en: "An instalment was not paid on time: the plan has ended and the measures lifted under it are restored.",
  }),
  lapsed: () => ({ ar: "انقضت خطة التقسيط قبل نفاذها لأن الدين سُدِّد.", en: "The instalment plan lapsed before it came into force: the debt is paid." }),
};

export interface RenderedNotice {
  subject: string;
  body: string;
  shortText: string;
}

type Templates = { [K in NoticeKind]: Record<NoticeLanguage, (data: NoticeDataByKind[K]) => RenderedNotice> };

export const departmentName: Label = { ar: "إدارة التنفيذ - وزارة العدل", en: "Enforcement Department, Ministry of Justice" };

/** Who carries the measure out, by procedure kind. */
const executingAgency = {
  bank: { ar: "البنوك العاملة في الكويت", en: "the banks operating in Kuwait" },
  traffic: { ar: "الإدارة العامة للمرور", en: "the General Traffic Department" },
  ports: { ar: "الإدارة العامة للمنافذ", en: "the General Administration of Border Ports" },
} as const satisfies Record<(typeof procedureAgencyKinds)[ProcedureKind], Label>;

export function formatKuwaitTime(at: Date, language: NoticeLanguage): string {
  const text = new Intl.DateTimeFormat(language === "ar" ? "ar-KW-u-nu-latn" : "en-GB", {
    timeZone: "Asia/Kuwait",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return language === "ar" ? `${text} بتوقيت الكويت` : `${text} (Kuwait time)`;
}

export const formatAmount = (fils: bigint, language: NoticeLanguage) => (language === "ar" ? `${formatKwd(fils)} د.ك` : `KWD ${formatKwd(fils)}`);

const agencyOf = (kind: ProcedureKind) => executingAgency[procedureAgencyKinds[kind]];

function amountLine(data: ProcedureData, language: NoticeLanguage): string[] {
  if (data.amount === null) return [];
  return [language === "ar" ? `المبلغ: ${formatAmount(data.amount, "ar")}` : `Amount: ${formatAmount(data.amount, "en")}`];
}

export const templates = {
  title_served: {
    ar: (d) => ({
      subject: `إعلان بالسند التنفيذي - ملف التنفيذ رقم ${d.fileNumber}`,
      body: [
        "السيد/ة المنفَّذ ضده،",
        `نعلنكم بأنه قد فُتح ملف التنفيذ رقم ${d.fileNumber} بموجب السند التنفيذي الصادر من ${d.court} في الدعوى رقم ${d.caseNumber}.`,
        `المبلغ المطلوب: ${formatAmount(d.claimTotal, "ar")}`,
        `تاريخ الإعلان: ${formatKuwaitTime(d.at, "ar")}`,
        "يمكنكم السداد والاطلاع على تفاصيل الملف عبر بوابة التنفيذ.",
        departmentName.ar,
      ].join("\n"),
      shortText: `إعلان بالسند التنفيذي: ملف ${d.fileNumber}، المبلغ ${formatAmount(d.claimTotal, "ar")}. ${departmentName.ar}`,
    }),
    en: (d) => ({
      subject: `Service of the executory title - enforcement file ${d.fileNumber}`,
      body: [
        "To the judgment debtor,",
        `You are hereby served: enforcement file ${d.fileNumber} has been opened on the executory title issued by ${d.court} in case ${d.caseNumber}.`,
        `Amount claimed: ${formatAmount(d.claimTotal, "en")}`,
        `Served at: ${formatKuwaitTime(d.at, "en")}`,
        "You may pay and see the file's details in the enforcement portal.",
        departmentName.en,
      ].join("\n"),
      shortText: `Executory title served: file ${d.fileNumber}, amount ${formatAmount(d.claimTotal, "en")}. ${departmentName.en}`,
    }),
  },
  measure_changed: {
    ar: (d) => ({
      subject: `إشعار بإجراء تنفيذي (${procedureKindLabels[d.procedureKind].ar}): ${procedureStatusLabels[d.status].ar} - ملف رقم ${d.fileNumber}`,
      body: [
        "السيد/ة المنفَّذ ضده،",
        `نحيطكم علماً بأن إجراء «${procedureKindLabels[d.procedureKind].ar}» في ملف التنفيذ رقم ${d.fileNumber} أصبح: ${procedureStatusLabels[d.status].ar}.`,
        `الجهة المنفِّذة: ${agencyOf(d.procedureKind).ar}، بأمر من ${departmentName.ar}.`,
        ...amountLine(d, "ar"),
        `الوقت: ${formatKuwaitTime(d.at, "ar")}`,
        "يُرفع الإجراء فور سداد المبلغ المستحق عبر بوابة التنفيذ.",
      ].join("\n"),
      shortText: `ملف ${d.fileNumber}: ${procedureKindLabels[d.procedureKind].ar} - ${procedureStatusLabels[d.status].ar} (${agencyOf(d.procedureKind).ar}).`,
    }),
    en: (d) => ({
      subject: `Enforcement measure (${procedureKindLabels[d.procedureKind].en}): ${procedureStatusLabels[d.status].en} - file ${d.fileNumber}`,
      body: [
        "To the judgment debtor,",
        `The measure "${procedureKindLabels[d.procedureKind].en}" in enforcement file ${d.fileNumber} is now: ${procedureStatusLabels[d.status].en}.`,
        `Carried out by ${agencyOf(d.procedureKind).en}, on the order of the ${departmentName.en}.`,
        ...amountLine(d, "en"),
        `Time: ${formatKuwaitTime(d.at, "en")}`,
        "The measure is lifted as soon as the amount due is paid in the enforcement portal.",
      ].join("\n"),
      shortText: `File ${d.fileNumber}: ${procedureKindLabels[d.procedureKind].en} - ${procedureStatusLabels[d.status].en} (${agencyOf(d.procedureKind).en}).`,
    }),
  },
  procedure_changed: {
    ar: (d) => ({
      subject: `تحديث حالة طلبك (${procedureKindLabels[d.procedureKind].ar}): ${procedureStatusLabels[d.status].ar} - ملف رقم ${d.fileNumber}`,
      body: [
        "السيد/ة الدائن،",
        `تغيّرت حالة طلب «${procedureKindLabels[d.procedureKind].ar}» في ملف التنفيذ رقم ${d.fileNumber} إلى: ${procedureStatusLabels[d.status].ar}.`,
        `الجهة المعنية: ${agencyOf(d.procedureKind).ar}، عن طريق ${departmentName.ar}.`,
        ...amountLine(d, "ar"),
        `الوقت: ${formatKuwaitTime(d.at, "ar")}`,
      ].join("\n"),
      shortText: `ملف ${d.fileNumber}: ${procedureKindLabels[d.procedureKind].ar} - ${procedureStatusLabels[d.status].ar}.`,
    }),
    en: (d) => ({
      subject: `Your request (${procedureKindLabels[d.procedureKind].en}): ${procedureStatusLabels[d.status].en} - file ${d.fileNumber}`,
      body: [
        "To the judgment creditor,",
        `Your request "${procedureKindLabels[d.procedureKind].en}" in enforcement file ${d.fileNumber} is now: ${procedureStatusLabels[d.status].en}.`,
        `Agency: ${agencyOf(d.procedureKind).en}, through the ${departmentName.en}.`,
        ...amountLine(d, "en"),
        `Time: ${formatKuwaitTime(d.at, "en")}`,
      ].join("\n"),
      shortText: `File ${d.fileNumber}: ${procedureKindLabels[d.procedureKind].en} - ${procedureStatusLabels[d.status].en}.`,
    }),
  },
  dispute_changed: {
    ar: (d) => ({
      subject: `منازعة تنفيذ - ملف رقم ${d.fileNumber}`,
      body: [`بشأن ملف التنفيذ رقم ${d.fileNumber}:`, disputeText[d.event](d).ar, `الوقت: ${formatKuwaitTime(d.at, "ar")}`, departmentName.ar].join("\n"),
      shortText: `ملف ${d.fileNumber}: ${disputeText[d.event](d).ar}`,
    }),
    en: (d) => ({
      subject: `Enforcement dispute - file ${d.fileNumber}`,
      body: [`Enforcement file ${d.fileNumber}:`, disputeText[d.event](d).en, `Time: ${formatKuwaitTime(d.at, "en")}`, departmentName.en].join("\n"),
      shortText: `File ${d.fileNumber}: ${disputeText[d.event](d).en}`,
    }),
  },
  instalment_plan_changed: {
    ar: (d) => ({
      subject: `خطة تقسيط - ملف رقم ${d.fileNumber}`,
      body: [`بشأن ملف التنفيذ رقم ${d.fileNumber}:`, planText[d.event](d).ar, ...nextDueLine(d, "ar"), `الوقت: ${formatKuwaitTime(d.at, "ar")}`, departmentName.ar].join("\n"),
      shortText: `ملف ${d.fileNumber}: ${planText[d.event](d).ar}`,
    }),
    en: (d) => ({
      subject: `Instalment plan - file ${d.fileNumber}`,
      body: [`Enforcement file ${d.fileNumber}:`, planText[d.event](d).en, ...nextDueLine(d, "en"), `Time: ${formatKuwaitTime(d.at, "en")}`, departmentName.en].join("\n"),
      shortText: `File ${d.fileNumber}: ${planText[d.event](d).en}`,
    }),
  },
  money_moved: {
    ar: (d) =>
      d.event === "outside_payment_reported_late"
        ? lateReportNotice(d, "ar")
        : d.event === "payment"
        ? {
            subject: `سداد في ملف التنفيذ رقم ${d.fileNumber}`,
            body: [
              "السيد/ة الدائن،",
              `سُدد مبلغ ${formatAmount(d.amount, "ar")} في ملف التنفيذ رقم ${d.fileNumber}.`,
              ...(d.outstanding !== null ? [`المتبقي: ${formatAmount(d.outstanding, "ar")}`] : []),
              `الوقت: ${formatKuwaitTime(d.at, "ar")}`,
              departmentName.ar,
            ].join("\n"),
            shortText: `ملف ${d.fileNumber}: سُدد ${formatAmount(d.amount, "ar")}.`,
          }
        : {
            subject: `صرف مبلغ إلى حسابك - ملف رقم ${d.fileNumber}`,
            body: [
              "السيد/ة الدائن،",
              `صُرف مبلغ ${formatAmount(d.amount, "ar")} من ملف التنفيذ رقم ${d.fileNumber} إلى حسابك ${d.iban ?? ""}.`,
              ...(d.reference ? [`مرجع البنك: ${d.reference}`] : []),
              `الوقت: ${formatKuwaitTime(d.at, "ar")}`,
              departmentName.ar,
            ].join("\n"),
            shortText: `ملف ${d.fileNumber}: صُرف ${formatAmount(d.amount, "ar")} إلى حسابك.`,
          },
    en: (d) =>
      d.event === "outside_payment_reported_late"
        ? lateReportNotice(d, "en")
        : d.event === "payment"
        ? {
            subject: `Payment on enforcement file ${d.fileNumber}`,
            body: [
              "To the judgment creditor,",
              `${formatAmount(d.amount, "en")} was paid on enforcement file ${d.fileNumber}.`,
              ...(d.outstanding !== null ? [`Still owed: ${formatAmount(d.outstanding, "en")}`] : []),
              `Time: ${formatKuwaitTime(d.at, "en")}`,
              departmentName.en,
            ].join("\n"),
            shortText: `File ${d.fileNumber}: ${formatAmount(d.amount, "en")} paid.`,
          }
        : {
            subject: `Paid out to your account - file ${d.fileNumber}`,
            body: [
              "To the judgment creditor,",
              `${formatAmount(d.amount, "en")} from enforcement file ${d.fileNumber} was paid out to your account ${d.iban ?? ""}.`,
              ...(d.reference ? [`Bank reference: ${d.reference}`] : []),
              `Time: ${formatKuwaitTime(d.at, "en")}`,
              departmentName.en,
            ].join("\n"),
            shortText: `File ${d.fileNumber}: ${formatAmount(d.amount, "en")} paid out to your account.`,
          },
  },
} as const satisfies Templates;

/**
 * A notice in one language. In Arabic every identifier (file number, IBAN, civil ID, plate,
 * reference) is an isolated left-to-right run (U+2066 … U+2069) in the subject, the body and
 * the SMS text alike, so that each channel shows it in its own order.
 */
export function renderNotice<K extends NoticeKind>(kind: K, language: NoticeLanguage, data: NoticeDataByKind[K]): RenderedNotice {
  const template = (templates as Templates)[kind][language] as (data: NoticeDataByKind[K]) => RenderedNotice;
  const rendered = template(data);
  if (language !== "ar") return rendered;
  return { subject: isolateIdentifiers(rendered.subject), body: isolateIdentifiers(rendered.body), shortText: isolateIdentifiers(rendered.shortText) };
}
