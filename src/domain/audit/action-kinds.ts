/**
 * Every kind of action the log records, in one typed registry: kind → payload type → who
 * may see it → a label and a one-sentence description in Arabic and English. The use cases
 * record only registered kinds with their payload types (`FileChanges.record`,
 * `appendActions`); the file's timeline and the audit search show the labels; a test walks
 * every kind for its texts. A new kind is added here first, or the compiler refuses it.
 *
 * Who may see it (`audience`): "parties" — the file's creditors, debtors, their lawyers and
 * representatives, on the file's timeline, and the department's staff; "staff" — the
 * department's staff and auditors only (internal workflow, reads and housekeeping).
 */
import type { AgencyOrderEvent } from "../procedures/agency-order-machine.ts";
import type { ProcedureEvent, ProcedureKind } from "../procedures/procedure-machine.ts";

type Fils = bigint;
type Json = Record<string, unknown>;

// ---- payloads of the state machines' events -----------------------------------------------

/** A procedure's move through its state machine (`procedure.<event>`): the event and why. */
export interface ProcedureEventPayload {
  event: ProcedureEvent;
  /** Moved because its orders moved (e.g. every lift confirmed), not by a person. */
  derivedFromOrders?: boolean;
  /** Decided by the automatic checks, with the rule version that judged it. */
  automatic?: boolean;
  ruleVersion?: string;
  failedChecks?: readonly unknown[];
  /** Referred to a queue. */
  queue?: string;
  reviewItemId?: string;
  dueAt?: string;
  /** A person's decision (grant, grant in part, reject) and its terms. */
  decision?: string;
  conditions?: string;
  grantedAmount?: Fils;
  /** Why a measure ended (a lift): the file satisfied, a dispute upheld, an Art. 298 lapse, a plan. */
  cause?: string;
  ground?: string;
  disputeId?: string;
  planId?: string;
  restores?: string;
  /** The creditor's signature of a waiver. */
  signature?: Json;
  /** The civil-information authority's answer, when it did not confirm the debtor. */
  found?: boolean;
  [detail: string]: unknown;
}

/** An agency order's move (`order.<event>`): the event, the agency, and what its answer said. */
export interface OrderEventPayload {
  event: AgencyOrderEvent;
  agencyKey: string;
  messageId?: string;
  /** Given by an agency officer in the portal. */
  channel?: "portal";
  code?: string;
  reason?: string;
  totalFrozen?: Fils;
  sequence?: number;
  vehicles?: number;
  reference?: string;
}

// ---- the payload of each kind -----------------------------------------------------------------

type ProcedureEventKinds = { [E in ProcedureEvent as `procedure.${E}`]: ProcedureEventPayload };
type OrderEventKinds = { [E in AgencyOrderEvent as `order.${E}`]: OrderEventPayload };

interface PaymentPayload {
  paymentId: string;
  purpose?: "fee" | "debt" | "fees";
  amount: Fils;
  [detail: string]: unknown;
}

interface PlanEventPayload {
  planId: string;
  event?: string;
  [detail: string]: unknown;
}

export interface DisputePayload {
  disputeId: string;
  [detail: string]: unknown;
}

/** Who a queue item was given to. */
export interface ReviewAssignment {
  reviewItemId: string;
  queue: string;
  assignedTo: string;
  previouslyAssignedTo: string | null;
}

interface DocumentPayload {
  documentId: string;
  kind: string;
  sha256: string | null;
  [detail: string]: unknown;
}

export type ActionPayloads = ProcedureEventKinds &
  OrderEventKinds & {
    // files
    "file.open": { number: string; title: Json; parties: readonly Json[]; claim: Json; claimTotal: Fils };
    "file.open_before_suit": { number: string; parties: readonly Json[]; provisionalEstimate: Fils; claimTotal: Fils; ruleVersion: string };
    "file.satisfy": { claimTotal: Fils };
    "title.served": { debtorPartyId: string; channel: string | null; servedAt: string; noticeId?: string; reference?: string; documentId?: string };
    // procedures
    "procedure.request": { kind: ProcedureKind; debtorPartyId: string; amount: Fils | null; parameters: unknown; outstanding: Fils; ruleVersion: string; [detail: string]: unknown };
    "procedure.identity_check": { queryId: string };
    "procedure.dispatch_held": { disputeId: string };
    "travel_ban.suit_filed": { documentId: string; court: string; caseNumber: string; filedOn: string; orderedOn: string; lastDay: string };
    // orders
    "order.create": { agencyKey: string };
    "order.declaration": { totalFrozen: Fils; sequence: number };
    "order.hold": { held: Fils; frozenDeclared: Fils; released: Fils; reason?: "cap" | "payment" | "transfer" };
    "order.lift_repeated": { frozenAfterLift: Fils };
    "order.protected_credits": { sequence: number; credits: number; frozen: Fils };
    /** Art. 234(2): the cause and documents a bank stated behind a declaration. */
    "order.particulars": { sequence: number; accounts: number; documents: number };
    "order.protected_release": { debtKind: string; excess: Fils; credits: number };
    "order.resent": { agencyKey: string; reason: string };
    "order.over_declared": { agencyKey: string; declared: Fils; maximum: Fils; excess: Fils; sequence: number };
    "order.transfer": { amount: Fils; agencyKey: string };
    "order.deadline_missed": { agencyKey: string; dueAt: Date | null };
    // money on the file
    "ledger.payment": { entryId: string; amount: Fils; source: string; reference: string | null; outstanding: Fils; treasuryEntryId?: string | undefined };
    "ledger.recovery": { entryId: string; amount: Fils; source: string; reference: string | null; outstanding: Fils; treasuryEntryId?: string | undefined };
    /** Art. 298(b): a creditor reported an outside payment after its week (credited all the same; policy of kw-2025.4). */
    "ledger.reported_late": { entryId: string; amount: Fils; receivedOn: string; reportBy: string; daysLate: number; ruleVersion: string };
    "fee.paid": { paymentId: string; amount: Fils };
    "fee.refunded": { paymentId: string; refundId: string; amount: Fils };
    "payment.initiated": PaymentPayload;
    "payment.captured": PaymentPayload;
    "payment.declined": PaymentPayload;
    "payment.cancelled": PaymentPayload;
    "payment.expired": PaymentPayload;
    "payment.refund_requested": PaymentPayload;
    "payment.refunded": PaymentPayload;
    // the treasury
    "treasury.transfer_excess": { treasuryEntryId: string; amount: Fils };
    "treasury.proceeds_received": { distributionId: string; amount: Fils; reference: string; attachingFiles: number; ruleVersion: string; treasuryEntryId: string };
    "treasury.proceeds_distributed": { distributionId: string; amount: Fils; ruleVersion: string; shares: readonly { fileNumber: string; outstanding: Fils; amount: Fils }[]; excess: Fils; excessTreasuryEntryId: string | null };
    "treasury.payout_instructed": { payoutId: string; creditorPartyId: string; amount: Fils; reservedPart: Fils; ruleVersion: string; treasuryEntryId: string };
    "treasury.payout_paid": { payoutId: string; amount: Fils; bankReference: string; treasuryEntryId: string };
    "treasury.refund_paid": { amount: Fils; reference: string; treasuryEntryId: string };
    "treasury.settlement": { from: string; amount: Fils; reference: string; treasuryEntryId: string };
    // disclosure (Art. 204 bis)
    "disclosure.petition": { petitionId: string; debtorPartyId: string; grounds: string };
    "disclosure.request": { requestId: string; debtorPartyId: string; agencies: readonly string[]; petitionId?: string; funds?: "present_and_future" };
    "disclosure.statement": { requestId: string; agencyKey: string; channel?: "portal" };
    "disclosure.refused": { requestId: string; agencyKey: string; channel?: "portal" };
    // documents
    "document.issued": DocumentPayload;
    "document.uploaded": DocumentPayload;
    "document.filed": DocumentPayload;
    "document.downloaded": DocumentPayload;
    "document.verified": DocumentPayload;
    "document.rejected": DocumentPayload;
    // disputes
    "dispute.file": DisputePayload;
    "dispute.bond_declare": DisputePayload;
    "dispute.bond_post": DisputePayload;
    "dispute.bond_reject": DisputePayload;
    "dispute.suspend": DisputePayload;
    "dispute.refuseSuspension": DisputePayload;
    "dispute.uphold": DisputePayload;
    "dispute.dismiss": DisputePayload;
    "dispute.suspension_end": { disputeId: string; resumedProcedureIds: readonly string[] };
    // instalment plans
    "instalment_plan.propose": PlanEventPayload;
    "instalment_plan.creditor_answer": PlanEventPayload;
    "instalment_plan.consent": PlanEventPayload;
    "instalment_plan.refuse": PlanEventPayload;
    "instalment_plan.start": PlanEventPayload;
    "instalment_plan.order": PlanEventPayload;
    "instalment_plan.decline": PlanEventPayload;
    "instalment_plan.instalment_credit": PlanEventPayload;
    "instalment_plan.complete": PlanEventPayload;
    "instalment_plan.lapse": PlanEventPayload;
    "instalment_plan.default": PlanEventPayload;
    "instalment_plan.restore": { planId: string; restored: readonly unknown[]; awaitingPetition?: readonly unknown[] };
    // the back office
    "review.assign": ReviewAssignment & { titleSubmissionId?: string };
    "notices.read": { notices: number };
    // titles submitted online
    "title_submission.create": { titleSubmissionId: string; [detail: string]: unknown };
    "title_submission.copy_attached": { titleSubmissionId: string; mediaType: string; sha256: string; sizeBytes: number; reviewItemId: string; dueAt: string };
    "title_submission.copy_downloaded": { titleSubmissionId: string; sha256: string | null };
    "title_submission.opened": { titleSubmissionId: string; fileId: string; fileNumber: string; documentId: string; reviewItemId: string | null };
    "title_submission.rejected": { titleSubmissionId: string; reviewItemId: string | null };
    // the registry
    "registry.persons": { count: number };
    "registry.company": { crNumber: string; representatives: readonly string[] };
    "registry.person.from_identity": { civilId: string };
    "registry.staff_role.grant": { staffRoleId: string; civilId: string; role: string; agencyKey?: string | null };
    "registry.staff_role.revoke": { staffRoleId: string; [detail: string]: unknown };
    "registry.staff_role.propose": { proposalId: string; civilId: string; role: string };
    "registry.staff_role.approve": { proposalId: string; civilId: string; role: string; proposedBy: string; staffRoleId: string };
    "registry.staff_role.refuse": { proposalId: string; civilId: string; role: string; proposedBy: string };
    "registry.conflict.record": { conflictId: string; staffCivilId: string; fileId: string | null; partyCivilId: string | null; partyCrNumber: string | null };
    "registry.conflict.end": { conflictId: string; staffCivilId: string };
    "registry.mandate": { mandateId: string; verified: boolean; [detail: string]: unknown };
    "registry.mandate.verify": { mandateId: string };
    "registry.mandate.revoke": { mandateId: string };
    "registry.representative.add": { crNumber: string; civilId: string; [detail: string]: unknown };
    "registry.representative.remove": { crNumber: string; civilId: string };
    "registry.machine_client.create": { clientId: string; crNumber: string; name: string; scopes: readonly string[] };
    "registry.machine_client.revoke": { clientId: string };
    // a person's identity events
    "identity.sign_in": { method: string; authTime: Date | null; newPerson: boolean };
    "identity.sign_in_failed": { reason: string };
    "identity.sign_out": Record<string, never>;
    "identity.session_expired": { timeout: "idle" | "absolute" };
    "identity.signing.requested": { purpose: string; digest: string; idpRequestId: string; signingRequestId?: string; bulkJobId?: string };
    "identity.signing.approved": { signingRequestId: string; [detail: string]: unknown };
    "identity.signing.rejected": { signingRequestId: string; [detail: string]: unknown };
    "identity.signing.expired": { signingRequestId: string; [detail: string]: unknown };
    "notice.preferences_set": { language: string; email?: string | null };
    // the stand-in identity provider's own record of approvals on the phone
    "idp.sign_in_failed": { reason: string };
    "idp.approval.approved": { approvalId: string; kind: string; digest?: string };
    "idp.approval.rejected": { approvalId: string; kind: string; digest?: string };
    "idp.approval.expired": { approvalId: string; kind: string; digest?: string };
    "idp.approval.pending": { approvalId: string; kind: string; digest?: string };
    // institutions' bulk jobs
    "bulk.job.submit": { jobId: string; crNumber: string; reference: string; [detail: string]: unknown };
    "bulk.job.sign": { jobId: string; reference: string; signedDigest: string; signature: Json };
    // several requests signed at once (src/app/request-batch.ts): the one signature, and every procedure it made
    "procedure.request.batch": { batchId: string; digest: string; procedures: readonly { fileId: string; procedureId: string; kind: string; status: string; fee: Fils; ruleOutcome: string }[]; signature: Json };
    // the audit itself
    "audit.search": { filters: Json; page: "first" | "next"; limit: number; results: number };
    "audit.reads_search": { filters: Json; page: "first" | "next"; limit: number; results: number };
  };

export type ActionKind = keyof ActionPayloads;
/** Kinds recorded on an enforcement file's stream (the others go to the registry, a person's, a company's bulk or the treasury's stream). */
export type FileActionKind = Exclude<ActionKind, `registry.${string}` | `identity.${string}` | `idp.${string}` | `bulk.${string}` | `title_submission.${string}` | "audit.search" | "audit.reads_search" | "notice.preferences_set" | "treasury.settlement">;
export type PayloadOf<K extends ActionKind> = ActionPayloads[K];

export type Audience = "parties" | "staff";

export interface ActionKindSpec {
  audience: Audience;
  label: { ar: string; en: string };
  /** One sentence saying what happened, for the timeline's and the audit search's readers. */
  description: { ar: string; en: string };
}

const parties = (labelAr: string, labelEn: string, descriptionAr: string, descriptionEn: string): ActionKindSpec => ({
  audience: "parties",
  label: { ar: labelAr, en: labelEn },
  description: { ar: descriptionAr, en: descriptionEn },
});
const staff = (labelAr: string, labelEn: string, descriptionAr: string, descriptionEn: string): ActionKindSpec => ({
  audience: "staff",
  label: { ar: labelAr, en: labelEn },
  description: { ar: descriptionAr, en: descriptionEn },
});

export const actionKinds: { readonly [K in ActionKind]: ActionKindSpec } = {
  // files
  "file.open": parties("فتح ملف التنفيذ", "File opened", "فُتح ملف التنفيذ بالسند التنفيذي وأطرافه والمبلغ المطالب به.", "The enforcement file was opened with its executory title, parties and claim."),
  "file.open_before_suit": parties(
    "فتح ملف لمنع السفر قبل رفع الدعوى",
    "File opened for a ban before suit",
    "فتح الدائن ملفًا بغير سند تنفيذي لطلب منع المدين من السفر قبل رفع الدعوى، بتقدير مؤقت للدين (المادة 297).",
    "The creditor opened a file without an executory title to petition a travel ban before suit, on a provisional estimate of the debt (Art. 297).",
  ),
  "file.satisfy": parties("سداد الدين بالكامل", "Debt paid in full", "لم يعد على المدين شيء في هذا الملف، فرُفعت كل الإجراءات.", "Nothing is owed on this file any more, so every measure is lifted."),
  "title.served": parties("إعلان السند التنفيذي", "Title served", "أُعلن السند التنفيذي للمدين، ويبدأ التنفيذ بعد مدة الانتظار.", "The executory title was served on the debtor; enforcement may start after the waiting period."),
  // procedures
  "procedure.request": parties("طلب إجراء", "Measure requested", "طلب الدائن إجراءً تنفيذياً ضد المدين.", "The creditor asked for an enforcement measure against the debtor."),
  "procedure.refer": parties("إحالة الطلب للمراجعة", "Referred for review", "أُحيل الطلب إلى موظف أو قاضٍ ليقرر فيه.", "The request was referred to a clerk or a judge to decide."),
  "procedure.approve": parties("الموافقة على الإجراء", "Measure approved", "وافقت الإدارة على الإجراء، وستُرسل الأوامر إلى الجهات.", "The department approved the measure; its orders go to the agencies."),
  "procedure.reject": parties("رفض الطلب", "Request rejected", "رُفض طلب الإجراء، والأسباب مذكورة.", "The request for the measure was rejected, with its reasons."),
  "procedure.dispatch": parties("إرسال الأوامر", "Orders sent", "أُرسلت أوامر الإجراء إلى الجهات المختصة.", "The measure's orders were sent to the agencies."),
  "procedure.execute": parties("تنفيذ الإجراء", "Measure in force", "نفذت الجهات الإجراء، وهو نافذ الآن.", "The agencies carried out the measure; it is in force."),
  "procedure.fail": parties("تعذر التنفيذ", "Nothing found", "أجابت الجهات بأنه لا يوجد ما يمكن تنفيذ الإجراء عليه.", "The agencies answered that there was nothing to apply the measure to."),
  "procedure.waive": parties("التنازل عن الإجراء", "Measure waived", "تنازل الدائن عن الإجراء، وتُرسل أوامر رفعه.", "The creditor waived the measure; its lift is sent to the agencies."),
  "procedure.lift": parties("رفع الإجراء", "Measure lifted", "قررت الإدارة رفع الإجراء، وتُرسل أوامر الرفع إلى الجهات.", "The department lifted the measure; the lift is sent to the agencies."),
  "procedure.confirmLift": parties("تأكيد رفع الإجراء", "Lift confirmed", "أكدت كل الجهات رفع الإجراء.", "Every agency confirmed the measure is lifted."),
  "procedure.expire": parties("انتهاء الطلب", "Request ended", "انتهى الطلب قبل أن يُرسل إلى أي جهة.", "The request ended before anything was sent to an agency."),
  "procedure.identity_check": staff("التحقق من هوية المدين", "Debtor's identity checked", "سُئلت الهيئة العامة للمعلومات المدنية عن هوية المدين قبل إرسال الأوامر.", "The civil-information authority was asked to confirm the debtor before the orders leave."),
  "procedure.dispatch_held": parties("تعليق إرسال الأوامر", "Orders held", "أوامر الإجراء معلقة لأن التنفيذ موقوف بسبب منازعة.", "The measure's orders wait: enforcement is suspended pending a dispute."),
  "travel_ban.suit_filed": parties("إثبات رفع الدعوى", "Suit filing proven", "أثبت الدائن رفع الدعوى الموضوعية، فيبقى منع السفر.", "The creditor proved the suit was filed, so the travel ban stays."),
  // orders
  "order.create": parties("إعداد أمر لجهة", "Order prepared", "أُعد أمر لجهة من الجهات لهذا الإجراء.", "An order to one agency was prepared for this measure."),
  "order.send": parties("إرسال الأمر", "Order sent", "أُرسل الأمر إلى الجهة.", "The order was sent to the agency."),
  "order.acknowledge": parties("استلام الجهة للأمر", "Order received", "أكدت الجهة استلام الأمر.", "The agency confirmed it received the order."),
  "order.execute": parties("تنفيذ الجهة للأمر", "Order carried out", "نفذت الجهة الأمر (حجز أو علامة أو منع).", "The agency carried out the order (a freeze, a flag or a ban)."),
  "order.reportNothing": parties("لا شيء لدى الجهة", "Nothing found at the agency", "أجابت الجهة بأنه لا يوجد لديها ما يُحجز.", "The agency answered that it holds nothing to attach."),
  "order.reject": parties("رفض الجهة للأمر", "Order refused by the agency", "رفضت الجهة الأمر، والسبب مذكور.", "The agency refused the order, giving its reason."),
  "order.requestLift": parties("طلب رفع الأمر", "Lift requested", "طُلب رفع الأمر لدى الجهة.", "The order's lift was asked of the agency."),
  "order.sendLift": parties("إرسال أمر الرفع", "Lift sent", "أُرسل أمر الرفع إلى الجهة.", "The lift order was sent to the agency."),
  "order.confirmLift": parties("تأكيد الجهة للرفع", "Lift confirmed by the agency", "أكدت الجهة رفع الأمر.", "The agency confirmed the order is lifted."),
  "order.cancel": parties("إلغاء الأمر", "Order cancelled", "أُلغي الأمر قبل إرساله إلى الجهة.", "The order was cancelled before it reached the agency."),
  "order.declaration": parties("إقرار البنك", "Bank's declaration", "أقر البنك بالحسابات والمبالغ المحجوزة لديه.", "The bank declared the accounts and amounts it froze."),
  "order.hold": parties("المبلغ المحتسب محجوزاً", "Amount held", "حُدد ما يبقى محجوزاً لدى البنك في حدود المستحق، ويُفرج عن الزيادة.", "What the bank keeps frozen was set within what is owed; any excess is released."),
  "order.particulars": parties("بيان سبب الدين ومستنداته", "Cause and documents declared", "بيّن البنك سبب ما في ذمته للمدين والمستندات المؤيدة له (المادة 234(2)).", "The bank stated the cause of what it owes the debtor and the supporting documents (Art. 234(2))."),
  "order.protected_credits": parties("إقرار البنك بالرواتب والمبالغ غير القابلة للحجز", "Bank's salary and exempt credits", "أقر البنك بما ورد إلى حسابات المدين من راتب أو مبالغ لا يجوز حجزها، وبما حجزه منها.", "The bank declared the salary and exempt credits on the debtor's accounts and what it froze of them."),
  "order.protected_release": parties("الإفراج عن الزائد من الراتب والمبالغ غير القابلة للحجز", "Salary above its share and exempt sums released", "طُلب من البنك الإفراج عما حجزه من الراتب فوق النسبة الجائزة ومن المبالغ التي لا يجوز حجزها (المادة 216).", "The bank was told to release what it froze of a salary above the allowed share and of exempt sums (Art. 216)."),
  "order.lift_repeated": parties("إعادة إرسال أمر الرفع", "Lift sent again", "أُعيد إرسال أمر الرفع لأن البنك حجز بعد الرفع.", "The lift was sent again because the bank froze funds after it."),
  "order.resent": staff("إعادة إرسال الأمر", "Order sent again", "أفادت الجهة عند الاستعلام بأنها لم تتلق الأمر، فأُعيد إرساله.", "Asked where the order stands, the agency said it never received it; the order was sent again."),
  "order.over_declared": staff("إقرار بنك يتجاوز الحد", "Bank declared above its maximum", "أقر البنك بحجز أكثر من الحد الذي أُبلغ به؛ احتُسب في حدود المسموح وطُلب منه الإفراج عن الزيادة، وسُجلت المخالفة على البنك.", "The bank declared more frozen than the maximum it was told; it was counted within what is allowed, told to release the excess, and the breach recorded against the bank."),
  "order.transfer": parties("الأمر بتحويل المحجوز", "Transfer ordered", "أُمر البنك بتحويل المبلغ المحجوز إلى حساب الإدارة.", "The bank was ordered to transfer the frozen amount to the department's account."),
  "order.deadline_missed": parties("تأخر رد الجهة", "Agency's answer is late", "لم ترد الجهة في المدة المحددة.", "The agency did not answer within its deadline."),
  // money on the file
  "ledger.payment": parties("تسجيل سداد", "Payment recorded", "سُجل سداد من المدين في حساب الملف.", "A payment by the debtor was recorded on the file."),
  "ledger.reported_late": parties(
    "إبلاغ متأخر عن سداد خارج الإدارة",
    "Outside payment reported late",
    "أبلغ الدائن عن سداد تلقاه خارج الإدارة بعد مهلة الأسبوع (المادة 298(ب)): قُيد للمدين ووُسم بالتأخير.",
    "The creditor reported a payment received outside the department after the week allowed (Art. 298(b)): credited to the debtor and flagged late.",
  ),
  "ledger.recovery": parties("تسجيل مبلغ محصل", "Recovery recorded", "سُجل مبلغ محصل من الأموال المحجوزة في حساب الملف.", "An amount recovered from attached funds was recorded on the file."),
  "fee.paid": parties("دفع الرسم", "Fee paid", "دُفع رسم الطلب.", "The request's fee was paid."),
  "fee.refunded": parties("رد الرسم", "Fee refunded", "رُد رسم الطلب إلى من دفعه.", "The request's fee was refunded to its payer."),
  "payment.initiated": parties("بدء الدفع الإلكتروني", "Online payment started", "بدأ دفع إلكتروني عبر بوابة الدفع.", "An online payment was started at the payment gateway."),
  "payment.captured": parties("تم الدفع الإلكتروني", "Online payment received", "أكدت بوابة الدفع استلام المبلغ.", "The payment gateway confirmed it received the amount."),
  "payment.declined": parties("رفض الدفع الإلكتروني", "Online payment declined", "رفضت بوابة الدفع العملية، ولم يُخصم شيء.", "The payment gateway declined the payment; nothing was taken."),
  "payment.cancelled": parties("إلغاء الدفع الإلكتروني", "Online payment cancelled", "أُلغي الدفع قبل إتمامه.", "The payment was cancelled before it completed."),
  "payment.expired": parties("انتهاء مهلة الدفع", "Online payment expired", "انتهت مهلة الدفع دون إتمامه.", "The payment expired without completing."),
  "payment.refund_requested": parties("طلب رد مبلغ", "Refund requested", "طُلب رد مبلغ دُفع زيادة أو مرتين.", "A refund was asked for an amount paid in excess or twice."),
  "payment.refunded": parties("رد المبلغ", "Amount refunded", "رُد المبلغ إلى الدافع عبر بوابة الدفع.", "The amount was refunded to the payer through the gateway."),
  // the treasury
  "treasury.transfer_excess": parties("زيادة التحويل للمدين", "Excess owed to the debtor", "زاد المحول عن المستحق، فالزيادة مستحقة للمدين.", "The transfer exceeded what was owed; the excess is owed back to the debtor."),
  "treasury.proceeds_received": parties("استلام حصيلة للتوزيع", "Proceeds held for sharing", "وصلت أموال محجوزة ويشترك فيها دائنو المدين الحاجزون، فتوزع بينهم.", "Frozen funds arrived that the debtor's attaching creditors share; they are being distributed."),
  "treasury.proceeds_distributed": parties("توزيع الحصيلة", "Proceeds shared", "وُزعت الحصيلة بين ملفات الدائنين الحاجزين بنسبة المستحق لكل منهم.", "The proceeds were shared among the attaching creditors' files in proportion to what each is owed."),
  "treasury.payout_instructed": parties("أمر صرف للدائن", "Payout instructed", "صدر أمر بصرف مبلغ للدائن إلى حسابه البنكي.", "A payout to the creditor's bank account was instructed."),
  "treasury.payout_paid": parties("تم الصرف للدائن", "Paid out to the creditor", "حُول المبلغ إلى حساب الدائن.", "The amount was transferred to the creditor's account."),
  "treasury.refund_paid": parties("رد مبلغ للمدين", "Refund paid to the debtor", "رُد للمدين ما زاد عن الدين.", "What exceeded the debt was paid back to the debtor."),
  "treasury.settlement": staff("تسوية الخزينة", "Treasury settlement", "سُويت أرصدة حساب من حسابات الخزينة.", "A treasury account's balance was settled."),
  // disclosure
  "disclosure.petition": parties("طلب الدائن بيان أموال المدين", "Creditor petitions for a statement of funds", "قدّم الدائن طلبًا لبيان أموال المدين الحاضرة والمستقبلة، ينظره القاضي (المادة 204 مكرراً).", "The creditor petitioned for a statement of the debtor's present and future funds, for the judge to decide (Art. 204 bis)."),
  "disclosure.request": parties("طلب الإفصاح عن الأموال", "Disclosure requested", "طُلب من البنوك وشركة المقاصة بيان أموال المدين الحاضرة والمستقبلة (المادة 204 مكرراً).", "Banks and the clearing company were asked for a statement of the debtor's present and future funds (Art. 204 bis)."),
  "disclosure.statement": parties("بيان من جهة", "Statement received", "أرسلت جهة بيان أموال المدين لديها.", "An institution sent its statement of the debtor's funds."),
  "disclosure.refused": parties("امتناع جهة عن البيان", "Statement refused", "أجابت جهة بأنها لا تستطيع تقديم البيان.", "An institution answered that it cannot give the statement."),
  // documents
  "document.issued": parties("إصدار مستند", "Document issued", "أصدرت الإدارة مستنداً موقعاً يمكن التحقق منه.", "The department issued a signed document that can be verified."),
  "document.uploaded": parties("رفع مستند", "Document uploaded", "رُفع مستند إلى الملف.", "A document was uploaded to the file."),
  "document.filed": parties("إيداع مستند", "Document filed", "أُودع مستند في الملف.", "A document was filed on the file."),
  "document.downloaded": staff("تنزيل مستند", "Document downloaded", "نُزل مستند من الملف.", "A document of the file was downloaded."),
  "document.verified": parties("اعتماد مستند", "Document verified", "تحقق موظف من المستند واعتمده.", "A clerk checked the document and verified it."),
  "document.rejected": parties("رفض مستند", "Document rejected", "رفض موظف المستند، والأسباب مذكورة.", "A clerk rejected the document, with reasons."),
  // disputes
  "dispute.file": parties("رفع منازعة تنفيذ", "Dispute filed", "رفع المدين منازعة في التنفيذ.", "The debtor filed an enforcement dispute."),
  "dispute.bond_declare": parties("الإقرار بإيداع الكفالة", "Bond deposit declared", "أقر المدين بإيداع كفالة المنازعة.", "The debtor declared the dispute's bond deposited."),
  "dispute.bond_post": parties("قبول الكفالة", "Bond accepted", "تحقق موظف من إيداع الكفالة وقبلها.", "A clerk verified the bond deposit and accepted it."),
  "dispute.bond_reject": parties("رفض الكفالة", "Bond rejected", "لم يُقبل إيداع الكفالة، والأسباب مذكورة.", "The bond deposit was not accepted, with reasons."),
  "dispute.suspend": parties("وقف التنفيذ", "Enforcement suspended", "أمر القاضي بوقف التنفيذ حتى يُفصل في المنازعة.", "The judge suspended enforcement until the dispute is decided."),
  "dispute.refuseSuspension": parties("رفض وقف التنفيذ", "Suspension refused", "رفض القاضي وقف التنفيذ.", "The judge refused to suspend enforcement."),
  "dispute.uphold": parties("قبول المنازعة", "Dispute upheld", "قبل القاضي المنازعة، وتُرفع الإجراءات المعنية.", "The judge upheld the dispute; the measures concerned are lifted."),
  "dispute.dismiss": parties("رفض المنازعة", "Dispute dismissed", "رفض القاضي المنازعة، ويستمر التنفيذ.", "The judge dismissed the dispute; enforcement goes on."),
  "dispute.suspension_end": parties("انتهاء وقف التنفيذ", "Suspension ended", "انتهى وقف التنفيذ، وتُرسل الأوامر المعلقة.", "The suspension ended; the orders that waited are sent."),
  // instalment plans
  "instalment_plan.propose": parties("اقتراح تقسيط", "Instalment plan proposed", "اقترح المدين سداد الدين على أقساط.", "The debtor proposed paying the debt in instalments."),
  "instalment_plan.creditor_answer": parties("رد الدائن على التقسيط", "Creditor answered the plan", "أجاب الدائن على اقتراح التقسيط.", "A creditor answered the instalment proposal."),
  "instalment_plan.consent": parties("موافقة الدائنين على التقسيط", "Creditors consented", "وافق كل الدائنين على التقسيط.", "Every creditor consented to the plan."),
  "instalment_plan.refuse": parties("رفض التقسيط", "Plan refused", "رفض دائن اقتراح التقسيط.", "A creditor refused the instalment proposal."),
  "instalment_plan.start": parties("بدء التقسيط", "Plan in force", "بدأ العمل بالتقسيط، وتُرفع الإجراءات التي يشملها.", "The plan took effect; the measures it names are lifted."),
  "instalment_plan.order": parties("أمر القاضي بالتقسيط", "Plan ordered by the judge", "أمر القاضي بالتقسيط، وتُرفع الإجراءات التي يشملها.", "The judge ordered the plan; the measures it names are lifted."),
  "instalment_plan.decline": parties("رفض القاضي للتقسيط", "Plan declined by the judge", "رفض القاضي الأمر بالتقسيط.", "The judge declined to order the plan."),
  "instalment_plan.instalment_credit": parties("سداد قسط", "Instalment paid", "سُجل مبلغ لقسط من أقساط الخطة.", "An amount was credited to an instalment of the plan."),
  "instalment_plan.complete": parties("اكتمال التقسيط", "Plan completed", "سُددت كل أقساط الخطة.", "Every instalment of the plan was paid."),
  "instalment_plan.lapse": parties("سقوط اقتراح التقسيط", "Plan lapsed", "سقط التقسيط لأنه لم يعد هناك دين.", "The plan lapsed because nothing is owed any more."),
  "instalment_plan.default": parties("التخلف عن قسط", "Instalment missed", "لم يُسدد قسط في موعده، فانتهت الخطة.", "An instalment was not paid in time, so the plan ended."),
  "instalment_plan.restore": parties("إعادة الإجراءات", "Measures restored", "أُعيدت الإجراءات التي رُفعت بسبب التقسيط.", "The measures lifted for the plan were restored."),
  // the back office
  "review.assign": staff("إسناد المراجعة", "Review assigned", "أُسندت مراجعة الطلب إلى موظف أو قاضٍ.", "The review was assigned to a clerk or a judge."),
  "notices.read": staff("الاطلاع على الإعلانات", "Notices read", "اطلع أحد الأطراف على إعلانات الملف.", "A party read the file's notices."),
  // titles submitted online
  "title_submission.create": staff("تقديم سند إلكترونياً", "Title submitted online", "قدم الدائن سنداً تنفيذياً إلكترونياً لفتح ملف.", "A creditor submitted an executory title online to open a file."),
  "title_submission.copy_attached": staff("إرفاق صورة السند", "Title copy attached", "أرفق الدائن صورة السند التنفيذي.", "The creditor attached the copy of the executory title."),
  "title_submission.copy_downloaded": staff("تنزيل صورة السند", "Title copy downloaded", "نزل موظف صورة السند لمراجعتها.", "A clerk downloaded the title's copy to review it."),
  "title_submission.opened": staff("فتح ملف من السند", "File opened from the title", "فتح موظف ملف التنفيذ من السند المقدم.", "A clerk opened the enforcement file from the submitted title."),
  "title_submission.rejected": staff("رفض السند المقدم", "Submitted title rejected", "رفض موظف السند المقدم، والأسباب مذكورة.", "A clerk rejected the submitted title, with reasons."),
  // the registry
  "registry.persons": staff("تحديث سجل الأشخاص", "Persons registered", "سُجل أشخاص أو حُدثت بياناتهم كما أفادت الهيئة العامة للمعلومات المدنية.", "Persons were registered or refreshed as the civil-information authority reports them."),
  "registry.company": staff("تسجيل شركة", "Company registered", "سُجلت شركة وممثلوها.", "A company and its representatives were registered."),
  "registry.person.from_identity": staff("تسجيل شخص عند الدخول", "Person registered at sign-in", "سُجل شخص عند دخوله أول مرة بالهوية الرقمية.", "A person was registered when they first signed in with the mobile ID."),
  "registry.staff_role.grant": staff("منح صلاحية", "Staff role granted", "مُنح موظف صلاحية في الإدارة.", "A staff member was granted a role in the department."),
  "registry.staff_role.revoke": staff("سحب صلاحية", "Staff role revoked", "سُحبت صلاحية موظف.", "A staff member's role was revoked."),
  "registry.staff_role.propose": staff("اقتراح منح صلاحية", "Staff role proposed", "اقترح مسؤول منح موظف صلاحية، ولا تسري حتى يعتمدها مسؤول آخر.", "An administrator proposed granting a staff role; it takes effect only when another administrator approves."),
  "registry.staff_role.approve": staff("اعتماد منح صلاحية", "Staff role proposal approved", "اعتمد مسؤول ثانٍ اقتراح منح الصلاحية، فسرت.", "A second administrator approved the proposed staff role, which took effect."),
  "registry.staff_role.refuse": staff("رفض اقتراح صلاحية", "Staff role proposal refused", "رفض مسؤول ثانٍ اقتراح منح الصلاحية.", "A second administrator refused the proposed staff role."),
  "registry.conflict.record": staff("تسجيل تعارض مصالح", "Conflict of interest recorded", "سُجل تعارض مصالح لموظف مع ملف أو شخص أو شركة، فلا يقرر فيما يخصه.", "A staff member's conflict of interest with a file, person or company was recorded; they do not decide on it."),
  "registry.conflict.end": staff("إنهاء تعارض مصالح", "Conflict of interest ended", "أنهى مسؤول تعارض المصالح المسجل.", "An administrator ended the recorded conflict of interest."),
  "registry.mandate": staff("تسجيل توكيل", "Mandate registered", "سُجل توكيل لمحامٍ.", "A lawyer's power of attorney was registered."),
  "registry.mandate.verify": staff("التحقق من توكيل", "Mandate verified", "تحقق موظف من التوكيل.", "A clerk verified the power of attorney."),
  "registry.mandate.revoke": staff("إلغاء توكيل", "Mandate revoked", "أُلغي التوكيل.", "The power of attorney was revoked."),
  "registry.representative.add": staff("إضافة ممثل شركة", "Representative added", "أُضيف ممثل لشركة.", "A representative was added to a company."),
  "registry.representative.remove": staff("إزالة ممثل شركة", "Representative removed", "أُزيل ممثل من شركة.", "A representative was removed from a company."),
  "registry.machine_client.create": staff("تسجيل نظام مؤسسة", "Machine client registered", "سُجل نظام آلي لمؤسسة دائنة.", "An institutional creditor's system was registered."),
  "registry.machine_client.revoke": staff("إلغاء نظام مؤسسة", "Machine client revoked", "أُلغي تسجيل النظام الآلي.", "The institution's system was revoked."),
  // identity
  "identity.sign_in": staff("تسجيل الدخول", "Signed in", "دخل الشخص بالهوية الرقمية.", "The person signed in with the mobile ID."),
  "identity.sign_in_failed": staff("فشل تسجيل الدخول", "Sign-in failed", "لم يكتمل الدخول بالهوية الرقمية.", "A sign-in with the mobile ID did not complete."),
  "identity.sign_out": staff("تسجيل الخروج", "Signed out", "خرج الشخص من النظام.", "The person signed out."),
  "identity.session_expired": staff("انتهاء الجلسة", "Session expired", "انتهت الجلسة لطول الخمول أو لبلوغ حدها.", "The session ended after idling or reaching its limit."),
  "identity.signing.requested": staff("طلب توقيع", "Signature requested", "أُرسل طلب توقيع إلى هاتف الشخص.", "A signing request was sent to the person's phone."),
  "identity.signing.approved": staff("الموافقة على التوقيع", "Signature approved", "وافق الشخص على التوقيع من هاتفه.", "The person approved the signature on their phone."),
  "identity.signing.rejected": staff("رفض التوقيع", "Signature refused", "رفض الشخص التوقيع من هاتفه.", "The person refused the signature on their phone."),
  "identity.signing.expired": staff("انتهاء طلب التوقيع", "Signing request expired", "انتهت مهلة طلب التوقيع دون رد.", "The signing request expired without an answer."),
  "notice.preferences_set": staff("تفضيلات الإعلان", "Notice preferences set", "اختار الشخص لغة إعلاناته وبريده.", "The person chose the language and e-mail of their notices."),
  "idp.sign_in_failed": staff("فشل الدخول لدى مزود الهوية", "Identity provider: sign-in failed", "سجل مزود الهوية محاولة دخول فاشلة.", "The identity provider recorded a failed sign-in."),
  "idp.approval.approved": staff("موافقة على الهاتف", "Approved on the phone", "وافق الشخص على الطلب في تطبيق الهوية.", "The person approved the request in the mobile-ID app."),
  "idp.approval.rejected": staff("رفض على الهاتف", "Refused on the phone", "رفض الشخص الطلب في تطبيق الهوية.", "The person refused the request in the mobile-ID app."),
  "idp.approval.expired": staff("انتهاء طلب الهاتف", "Phone request expired", "انتهت مهلة الطلب على الهاتف.", "The request on the phone expired."),
  "idp.approval.pending": staff("طلب على الهاتف", "Phone request pending", "ينتظر الطلب رد الشخص على الهاتف.", "The request waits for the person's answer on the phone."),
  // bulk
  "bulk.job.submit": staff("تقديم طلبات مجمعة", "Bulk job submitted", "قدمت مؤسسة طلبات مجمعة.", "An institution submitted a bulk job."),
  "bulk.job.sign": staff("توقيع الطلبات المجمعة", "Bulk job signed", "وقع ممثل المؤسسة الطلبات المجمعة.", "The institution's representative signed the bulk job."),
  "procedure.request.batch": staff("طلبات متعددة بتوقيع واحد", "Several requests signed at once", "وقع الدائن أو محاميه عدة طلبات تنفيذ بتوقيع واحد.", "The creditor or their lawyer signed several enforcement requests with one signature."),
  // audit
  "audit.search": staff("بحث في سجل التدقيق", "Audit log searched", "بحث مدقق في سجل الإجراءات.", "An auditor searched the action log."),
  "audit.reads_search": staff("بحث في سجل الاطلاع", "Read log searched", "بحث مدقق في سجل الاطلاع على بيانات المدينين.", "An auditor searched the log of reads of debtors' data."),
};

export function isActionKind(kind: string): kind is ActionKind {
  return Object.hasOwn(actionKinds, kind);
}

/** The registry's entry for a kind read back from the log (undefined for a kind no longer written). */
export function actionKindSpec(kind: string): ActionKindSpec | undefined {
  return isActionKind(kind) ? actionKinds[kind] : undefined;
}

/** Whether a reader in this capacity sees the action on a file's timeline. */
export function visibleTo(kind: string, reader: "party" | "staff"): boolean {
  if (reader === "staff") return true;
  return actionKindSpec(kind)?.audience === "parties";
}
