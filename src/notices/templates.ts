/**
 * Notice templates, in Arabic and English: the file number, what was done, by which
 * agency, amounts in KWD with three decimals, times in Asia/Kuwait. `satisfies` makes a
 * kind without both languages a compile error; a test renders every one.
 */
import { formatKwd } from "../domain/money/index.ts";
import {
  procedureAgencyKinds,
  procedureKindLabels,
  procedureStatusLabels,
  type Label,
  type ProcedureKind,
  type ProcedureStatus,
} from "../domain/procedures/index.ts";
import type { NoticeLanguage } from "../storage/notices-schema.ts";

export const noticeKinds = ["title_served", "measure_changed", "procedure_changed"] as const;
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
}

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
      subject: `إشعار بإجراء تنفيذي (${procedureKindLabels[d.procedureKind].ar}) - ملف رقم ${d.fileNumber}`,
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
      subject: `Enforcement measure (${procedureKindLabels[d.procedureKind].en}) - file ${d.fileNumber}`,
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
      subject: `تحديث حالة طلبك (${procedureKindLabels[d.procedureKind].ar}) - ملف رقم ${d.fileNumber}`,
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
      subject: `Your request (${procedureKindLabels[d.procedureKind].en}) changed status - file ${d.fileNumber}`,
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
} as const satisfies Templates;

export function renderNotice<K extends NoticeKind>(kind: K, language: NoticeLanguage, data: NoticeDataByKind[K]): RenderedNotice {
  const template = (templates as Templates)[kind][language] as (data: NoticeDataByKind[K]) => RenderedNotice;
  return template(data);
}
