/**
 * Every domain error code, once: its HTTP status and its message in Arabic and English.
 * The compiler refuses a code without an entry.
 */
import type { ErrorCode } from "../domain/errors.ts";

export interface ErrorEntry {
  status: number;
  ar: string;
  en: string;
}

export const errorMap = {
  VALIDATION_FAILED: { status: 400, ar: "البيانات المرسلة غير صحيحة.", en: "The request is not valid." },
  MONEY_INVALID: { status: 400, ar: "المبلغ غير صحيح. اكتبه بالدينار الكويتي بثلاث خانات عشرية على الأكثر، مثل 1,234.500.", en: "The amount is not valid. Write it in Kuwaiti dinars with at most three decimals, e.g. 1,234.500." },
  MONEY_NEGATIVE: { status: 400, ar: "لا يجوز أن يكون المبلغ سالبًا.", en: "The amount may not be negative." },
  MONEY_SUB_FILS: { status: 400, ar: "أصغر وحدة هي الفلس: لا تزيد الخانات العشرية على ثلاث.", en: "The smallest unit is the fils: at most three decimals." },
  MONEY_TOO_LARGE: { status: 400, ar: "المبلغ أكبر من الحد المسموح.", en: "The amount is larger than allowed." },
  ALLOCATION_INVALID: { status: 400, ar: "لا يمكن توزيع المبلغ بهذه الحصص.", en: "The amount cannot be split with these shares." },
  CIVIL_ID_INVALID: { status: 400, ar: "الرقم المدني غير صحيح.", en: "The civil ID number is not valid." },
  CR_NUMBER_INVALID: { status: 400, ar: "رقم السجل التجاري غير صحيح.", en: "The commercial registration number is not valid." },
  IBAN_INVALID: { status: 400, ar: "رقم الحساب الدولي (IBAN) غير صحيح.", en: "The IBAN is not valid." },
  BANK_CODE_UNKNOWN: { status: 400, ar: "رمز البنك غير معروف.", en: "The bank code is not known." },
  IBAN_NOT_OF_AGENCY: { status: 422, ar: "هذا الحساب ليس لدى جهتك: رمز البنك في رقم الحساب الدولي (IBAN) لا يطابقها.", en: "This account is not held at your institution: the bank code in the IBAN does not match it." },
  FILE_NUMBER_INVALID: { status: 400, ar: "رقم ملف التنفيذ غير صحيح.", en: "The enforcement file number is not valid." },
  PAYLOAD_TOO_LARGE: { status: 413, ar: "حجم الطلب أكبر من المسموح.", en: "The request is too large." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, ar: "نوع المحتوى غير مدعوم.", en: "The content type is not supported." },
  TRANSITION_NOT_ALLOWED: { status: 409, ar: "لا يمكن تنفيذ هذا الإجراء في الحالة الحالية للطلب.", en: "This action is not possible in the procedure's current state." },
  FILE_NOT_ENFORCEABLE: { status: 422, ar: "السند غير قابل للتنفيذ: تحقق من الصيغة التنفيذية ونهائية الحكم.", en: "The title is not enforceable: check the executory formula and finality." },
  FILE_CLOSED: { status: 409, ar: "ملف التنفيذ مغلق أو تم الوفاء به.", en: "The enforcement file is closed or satisfied." },
  AMOUNT_EXCEEDS_OUTSTANDING: { status: 422, ar: "المبلغ أكبر من المتبقي من الدين.", en: "The amount exceeds what is outstanding." },
  DEBTOR_NOT_ON_FILE: { status: 422, ar: "المنفذ ضده ليس طرفًا في هذا الملف.", en: "This debtor is not a party to the file." },
  PARTY_NOT_ON_FILE: { status: 422, ar: "الطرف ليس طرفًا في هذا الملف.", en: "This party is not on the file." },
  PROCEDURE_ALREADY_ACTIVE: { status: 409, ar: "يوجد إجراء قائم من النوع نفسه ضد هذا المنفذ ضده.", en: "A procedure of this kind is already active against this debtor." },
  EVIDENCE_REQUIRED: { status: 422, ar: "يلزم تقديم الأسباب: ثبوت الدين واستحقاقه، وخشية الفرار، والقدرة على الوفاء.", en: "Reasons are required: the debt is certain and due, the risk of flight, and the ability to pay." },
  DUPLICATE_TITLE: { status: 409, ar: "هذا السند التنفيذي مفتوح له ملف بالفعل.", en: "A file is already open for this executory title." },
  INTEREST_NOT_GRANTED: { status: 422, ar: "السند لا يقضي بفوائد.", en: "The title does not grant interest." },
  PARTY_ON_BOTH_SIDES: { status: 422, ar: "لا يكون الطرف دائنًا ومدينًا في الملف نفسه.", en: "A party cannot be both creditor and debtor in one file." },
  RULES_NOT_IN_FORCE: { status: 422, ar: "لا توجد قواعد نافذة في هذا التاريخ.", en: "No rules are in force on this date." },
  PARTIAL_GRANT_INVALID: { status: 422, ar: "القبول الجزئي يلزمه مبلغ أقل من المطلوب (للحجز لدى البنوك) أو شروط مكتوبة.", en: "A grant in part needs a smaller amount than requested (bank attachment) or written conditions." },
  ASSIGNEE_NOT_STAFF: { status: 422, ar: "لا يمكن الإسناد إلا إلى موظف يملك دور هذه القائمة.", en: "Work can be assigned only to staff holding this queue's role." },
  QUEUE_ITEM_NOT_FOUND: { status: 404, ar: "لا يوجد هذا العمل في قائمة المراجعة.", en: "This item is not in a review queue." },
  TRAVEL_BAN_NEEDS_PERSON: { status: 422, ar: "منع السفر لا يكون إلا على شخص طبيعي.", en: "A travel ban applies only to a natural person." },
  IDEMPOTENCY_CONFLICT: { status: 409, ar: "هذا المرجع مستخدم لعملية مختلفة.", en: "This reference was already used for a different operation." },
  ANSWER_NOT_APPLICABLE: { status: 422, ar: "هذا الرد لا يخص هذا الأمر أو الطلب.", en: "This answer does not apply to this order or request." },
  ALREADY_ANSWERED: { status: 409, ar: "تم الرد على هذا الطلب من قبل.", en: "This request has already been answered." },
  AMOUNT_EXCEEDS_ORDER: { status: 422, ar: "المبلغ أكبر مما يطلبه الأمر.", en: "The amount is more than the order asks for." },
  NOTHING_HELD: { status: 409, ar: "لا توجد مبالغ محجوزة لدى البنوك في هذا الملف.", en: "No bank holds anything under this file." },
  NOT_FOUND: { status: 404, ar: "غير موجود.", en: "Not found." },
  FILE_NOT_FOUND: { status: 404, ar: "ملف التنفيذ غير موجود.", en: "The enforcement file was not found." },
  PROCEDURE_NOT_FOUND: { status: 404, ar: "الإجراء غير موجود.", en: "The procedure was not found." },
  ORDER_NOT_FOUND: { status: 404, ar: "الأمر غير موجود.", en: "The order was not found." },
  DISCLOSURE_NOT_FOUND: { status: 404, ar: "طلب الإفصاح غير موجود.", en: "The disclosure request was not found." },
  DOCUMENT_NOT_FOUND: { status: 404, ar: "المستند غير موجود.", en: "The document was not found." },
  DOCUMENT_NOT_ISSUABLE: { status: 409, ar: "لا يمكن إصدار هذا المستند في الحالة الحالية للملف أو الأمر.", en: "This document cannot be issued in the current state of the file or order." },
  PERSON_NOT_FOUND: { status: 422, ar: "الشخص غير مسجل لدى الهيئة العامة للمعلومات المدنية.", en: "The person is not registered with the civil-information authority." },
  COMPANY_NOT_FOUND: { status: 422, ar: "الشركة غير مسجلة في السجل التجاري.", en: "The company is not in the commercial register." },
  UNAUTHENTICATED: { status: 401, ar: "يلزم تسجيل الدخول.", en: "Please sign in." },
  FORBIDDEN: { status: 403, ar: "ليست لديك صلاحية لهذا الإجراء.", en: "You are not allowed to do this." },
  RATE_LIMITED: { status: 429, ar: "طلبات كثيرة. حاول بعد قليل.", en: "Too many requests. Try again shortly." },
  SIGN_IN_LOCKED: { status: 429, ar: "تم إيقاف تسجيل الدخول بهذا الرقم المدني مؤقتًا بعد محاولات غير ناجحة متكررة. حاول بعد ربع ساعة.", en: "Sign-in with this civil ID is paused after repeated unsuccessful attempts. Try again in fifteen minutes." },
  APPROVAL_EXPIRED: { status: 410, ar: "انتهت مهلة الموافقة على الطلب. أعد المحاولة.", en: "The request was not approved in time. Please try again." },
  APPROVAL_DECIDED: { status: 409, ar: "تمت الموافقة على هذا الطلب أو رفضه من قبل.", en: "This request was already approved or rejected." },
  SIGNATURE_REQUIRED: { status: 428, ar: "يلزم توقيع هذا الطلب بالهوية الرقمية (هويتي) قبل تقديمه.", en: "This request must be signed with the mobile ID before it is submitted." },
  SIGNATURE_PENDING: { status: 409, ar: "طلب التوقيع بانتظار موافقتك على الهاتف.", en: "The signing request is waiting for your approval on the phone." },
  SIGNATURE_REJECTED: { status: 403, ar: "رُفض طلب التوقيع على الهاتف.", en: "The signing request was rejected on the phone." },
  SIGNATURE_INVALID: { status: 403, ar: "التوقيع غير صحيح أو لا يطابق الطلب المقدَّم.", en: "The signature is not valid or does not match the submitted request." },
  SIGNATURE_EXPIRED: { status: 403, ar: "انتهت صلاحية التوقيع. وقّع الطلب من جديد.", en: "The signature has expired. Please sign the request again." },
  SIGNATURE_REUSED: { status: 409, ar: "هذا التوقيع استُخدم من قبل؛ كل توقيع يصلح لطلب واحد فقط.", en: "This signature was already used; each signature is good for one request only." },
  IDENTITY_PROVIDER_UNAVAILABLE: { status: 503, ar: "خدمة الهوية الرقمية غير متاحة حاليًا. حاول بعد قليل.", en: "The identity service is not available. Try again shortly." },
  NOT_READY: { status: 503, ar: "الخدمة غير جاهزة حاليًا. حاول بعد قليل.", en: "The service is not ready. Try again shortly." },
  INTERNAL: { status: 500, ar: "حدث خطأ غير متوقع. تم تسجيله.", en: "An unexpected error occurred. It has been logged." },
} as const satisfies Record<ErrorCode, ErrorEntry>;

export function errorBody(code: ErrorCode, details: Record<string, unknown> = {}) {
  const entry: ErrorEntry = errorMap[code];
  return { status: entry.status, body: { code, message: { ar: entry.ar, en: entry.en }, details } };
}
