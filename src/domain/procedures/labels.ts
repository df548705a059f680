/**
 * Arabic and English labels for procedure and agency-order vocabulary, shown in the UI
 * and in notices. `satisfies Record<...>` makes a missing or stray label a compile error.
 */
import type { AgencyOrderEvent, AgencyOrderStatus } from "./agency-order-machine.ts";
import type { AgencyKind } from "./agencies.ts";
import type { ProcedureEvent, ProcedureKind, ProcedureStatus } from "./procedure-machine.ts";

export type Label = { readonly ar: string; readonly en: string };
export type Language = keyof Label;

export const procedureKindLabels = {
  bank_attachment: { ar: "حجز على الأموال لدى البنوك", en: "Bank attachment" },
  vehicle_seizure: { ar: "حجز المركبات", en: "Vehicle seizure" },
  travel_ban: { ar: "منع السفر", en: "Travel ban" },
} as const satisfies Record<ProcedureKind, Label>;

export const procedureStatusLabels = {
  requested: { ar: "طلب مقدَّم", en: "Requested" },
  under_review: { ar: "قيد الدراسة", en: "Under review" },
  ordered: { ar: "صدر الأمر", en: "Ordered" },
  dispatched: { ar: "أُرسل إلى الجهات المختصة", en: "Sent to the agencies" },
  in_force: { ar: "نافذ", en: "In force" },
  lifting: { ar: "قيد الرفع", en: "Being lifted" },
  lifted: { ar: "تم الرفع", en: "Lifted" },
  rejected: { ar: "مرفوض", en: "Rejected" },
  waived: { ar: "تم التنازل عنه", en: "Waived" },
  expired: { ar: "انقضت مدته", en: "Expired" },
} as const satisfies Record<ProcedureStatus, Label>;

export const procedureEventLabels = {
  refer: { ar: "إحالة للدراسة", en: "Referred for review" },
  approve: { ar: "إصدار الأمر", en: "Approved" },
  reject: { ar: "رفض الطلب", en: "Rejected" },
  dispatch: { ar: "إرسال الأوامر إلى الجهات", en: "Orders sent" },
  execute: { ar: "تنفيذ", en: "Executed" },
  fail: { ar: "تعذّر التنفيذ", en: "Nothing to enforce" },
  waive: { ar: "تنازل الدائن", en: "Waived by the creditor" },
  lift: { ar: "رفع الإجراء", en: "Lift ordered" },
  confirmLift: { ar: "تأكيد الرفع", en: "Lift confirmed" },
  expire: { ar: "انقضاء المهلة", en: "Deadline passed" },
} as const satisfies Record<ProcedureEvent, Label>;

export const agencyOrderStatusLabels = {
  pending: { ar: "بانتظار الإرسال", en: "Awaiting sending" },
  sent: { ar: "مُرسَل", en: "Sent" },
  acknowledged: { ar: "استلمته الجهة", en: "Acknowledged" },
  executed: { ar: "تم التنفيذ", en: "Executed" },
  nothing_found: { ar: "لا يوجد ما يُنفَّذ عليه", en: "Nothing found" },
  rejected: { ar: "رفضته الجهة", en: "Rejected by the agency" },
  lift_requested: { ar: "طُلب الرفع", en: "Lift requested" },
  lift_sent: { ar: "أُرسل أمر الرفع", en: "Lift order sent" },
  lifted: { ar: "تم الرفع", en: "Lifted" },
  cancelled: { ar: "أُلغي قبل الإرسال", en: "Cancelled before sending" },
} as const satisfies Record<AgencyOrderStatus, Label>;

export const agencyOrderEventLabels = {
  send: { ar: "إرسال الأمر", en: "Order sent" },
  acknowledge: { ar: "استلام الجهة", en: "Acknowledged by the agency" },
  execute: { ar: "تنفيذ الأمر", en: "Executed" },
  reportNothing: { ar: "إفادة بعدم وجود ما يُنفَّذ عليه", en: "Nothing found reported" },
  reject: { ar: "رفض الجهة", en: "Rejected by the agency" },
  requestLift: { ar: "طلب الرفع", en: "Lift requested" },
  sendLift: { ar: "إرسال أمر الرفع", en: "Lift order sent" },
  confirmLift: { ar: "تأكيد الرفع", en: "Lift confirmed" },
  cancel: { ar: "إلغاء قبل الإرسال", en: "Cancelled before sending" },
} as const satisfies Record<AgencyOrderEvent, Label>;

export const agencyKindLabels = {
  bank: { ar: "بنك", en: "Bank" },
  traffic: { ar: "الإدارة العامة للمرور", en: "General Traffic Department" },
  ports: { ar: "المنافذ", en: "Border ports" },
  civil_info: { ar: "الهيئة العامة للمعلومات المدنية", en: "Public Authority for Civil Information" },
  clearing: { ar: "الشركة الكويتية للمقاصة", en: "Kuwait Clearing Company" },
} as const satisfies Record<AgencyKind, Label>;
