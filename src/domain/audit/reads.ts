/**
 * The read log's vocabulary (docs/security.md, "Reads are recorded"): what was read, and how
 * a reader is named to the debtor — by office or capacity, never by a staff member's name.
 */
export const readKinds = {
  file_page: { ar: "صفحة الملف", en: "File page" },
  documents: { ar: "مستندات الملف", en: "File documents" },
  document: { ar: "تنزيل مستند", en: "Document downloaded" },
  notices: { ar: "إعلانات الملف", en: "File notices" },
  statement: { ar: "كشف حساب الملف", en: "File account statement" },
  disputes: { ar: "منازعات التنفيذ", en: "Enforcement disputes" },
  instalment_plans: { ar: "خطط التقسيط", en: "Instalment plans" },
  title_services: { ar: "إعلان السند", en: "Service of the title" },
  file_search: { ar: "بحث في الملفات", en: "File search" },
  file_list: { ar: "قائمة الملفات", en: "File list" },
  audit_search: { ar: "بحث في سجل التدقيق", en: "Audit log search" },
  read_log_search: { ar: "بحث في سجل الاطلاع", en: "Read log search" },
  read_log: { ar: "سجل الاطلاع", en: "Read log" },
  agency_orders: { ar: "أوامر الجهة", en: "Agency's orders" },
  agency_order: { ar: "أمر لدى الجهة", en: "Agency order" },
  agency_disclosures: { ar: "طلبات الإفصاح لدى الجهة", en: "Agency's disclosure requests" },
} as const satisfies Record<string, { ar: string; en: string }>;

export type ReadKind = keyof typeof readKinds;

/** A reader's capacity as the debtor is shown it (the agency key is added for an agency officer). */
export const readerRoles = {
  creditor: { ar: "الدائن", en: "The creditor" },
  lawyer: { ar: "محامٍ موكل", en: "A lawyer under a mandate" },
  debtor: { ar: "المدين أو من يمثله", en: "The debtor or their representative" },
  machine_client: { ar: "نظام المؤسسة الدائنة", en: "The creditor institution's system" },
  clerk: { ar: "موظف إدارة التنفيذ", en: "An enforcement clerk" },
  judge: { ar: "قاضي التنفيذ", en: "An enforcement judge" },
  auditor: { ar: "مدقق", en: "An auditor" },
  administrator: { ar: "مسؤول النظام", en: "A system administrator" },
  agency_officer: { ar: "موظف جهة", en: "An agency's officer" },
} as const satisfies Record<string, { ar: string; en: string }>;

export type ReaderRole = keyof typeof readerRoles;

export function readerRoleLabel(role: string): { ar: string; en: string } {
  return Object.hasOwn(readerRoles, role) ? readerRoles[role as ReaderRole] : { ar: role, en: role };
}

export function readKindLabel(what: string): { ar: string; en: string } {
  return Object.hasOwn(readKinds, what) ? readKinds[what as ReadKind] : { ar: what, en: what };
}
