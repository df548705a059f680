/**
 * Domain errors with stable codes. Domain and app code throw these; the HTTP layer
 * (src/http/error-map.ts) maps each code to a status and a message in Arabic and
 * English, once. Codes are part of the public API: never rename one.
 */
export const errorCodes = [
  // input
  "VALIDATION_FAILED",
  "MONEY_INVALID",
  "MONEY_NEGATIVE",
  "MONEY_SUB_FILS",
  "MONEY_TOO_LARGE",
  "ALLOCATION_INVALID",
  "CIVIL_ID_INVALID",
  "CR_NUMBER_INVALID",
  "IBAN_INVALID",
  "BANK_CODE_UNKNOWN",
  "IBAN_NOT_OF_AGENCY",
  "FILE_NUMBER_INVALID",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  // text and dates at the edge (src/http/input-rules.ts): a field's code in a 400's issues
  "INPUT_CONTROL_CHARACTER",
  "INPUT_BIDI_CONTROL",
  "INPUT_NOT_UNICODE",
  "DATE_NOT_A_DAY",
  "DATE_OUT_OF_RANGE",
  // uploads: a decompression bomb; a PDF with scripts or automatic actions (src/domain/documents/inspection.ts)
  "DOCUMENT_TOO_LARGE_DECODED",
  "DOCUMENT_ACTIVE_CONTENT",
  // bulk requests (src/app/bulk)
  "BULK_TOO_MANY_ROWS",
  "CSV_INVALID",
  // state and rules
  "TRANSITION_NOT_ALLOWED",
  "FILE_NOT_ENFORCEABLE",
  "FILE_CLOSED",
  "AMOUNT_EXCEEDS_OUTSTANDING",
  "DEBTOR_NOT_ON_FILE",
  "PARTY_NOT_ON_FILE",
  "PROCEDURE_ALREADY_ACTIVE",
  "EVIDENCE_REQUIRED",
  "DUPLICATE_TITLE",
  "INTEREST_NOT_GRANTED",
  "PARTY_ON_BOTH_SIDES",
  "TRAVEL_BAN_NEEDS_PERSON",
  // Art. 298(e): proving the suit was filed, on a travel ban ordered before suit
  "SUIT_FILING_NOT_EXPECTED",
  "SUIT_FILING_LATE",
  "IDEMPOTENCY_CONFLICT",
  "NOTHING_HELD",
  "ANSWER_NOT_APPLICABLE",
  "ALREADY_ANSWERED",
  "AMOUNT_EXCEEDS_ORDER",
  "RULES_NOT_IN_FORCE",
  "PARTIAL_GRANT_INVALID",
  "ASSIGNEE_NOT_STAFF",
  "DOCUMENT_NOT_ISSUABLE",
  // several requests at once (src/app/request-batch.ts): a row refused, so the whole batch is
  "BATCH_ROW_REFUSED",
  // payments (src/payments, src/app/payments)
  "FEE_NOT_DUE",
  "PAYMENT_SIGNATURE_INVALID",
  "PAYMENT_CALLBACK_REPLAYED",
  "PAYMENT_CALLBACK_STALE",
  "PAYMENT_AMOUNT_MISMATCH",
  "PAYMENT_RESULT_CONFLICT",
  "PAYMENT_NOT_FOUND",
  "PAYMENT_GATEWAY_UNAVAILABLE",
  // disputes and instalment plans
  "ENFORCEMENT_SUSPENDED",
  // Art. 204 bis: a disclosure only on the creditor's petition, for a duly notified debtor who has not paid
  "DISCLOSURE_PETITION_MISSING",
  "DISCLOSURE_DEBTOR_NOT_NOTIFIED",
  "DISCLOSURE_DEBT_PAID",
  "DISPUTE_ALREADY_OPEN",
  "BOND_NOT_POSTED",
  "BOND_INSUFFICIENT",
  "INSTALMENT_PLAN_IN_FORCE",
  "INSTALMENT_PLAN_ALREADY_OPEN",
  "INSTALMENT_SCHEDULE_INVALID",
  "PLAN_MEASURE_INVALID",
  "TITLE_SUBMISSION_NOT_PENDING",
  "DOCUMENT_NOT_PENDING_VERIFICATION",
  "TITLE_SERVICE_DUPLICATE",
  // treasury
  "TREASURY_ENTRY_INVALID",
  "TREASURY_ENTRY_UNBALANCED",
  "TREASURY_FUNDS_INSUFFICIENT",
  "NOTHING_TO_PAY_OUT",
  "PAYOUT_IBAN_MISSING",
  "PAYOUT_NOT_INSTRUCTED",
  // lookup
  "NOT_FOUND",
  "FILE_NOT_FOUND",
  "PROCEDURE_NOT_FOUND",
  "ORDER_NOT_FOUND",
  // reconciliation asked by staff (agency monitor)
  "STATUS_QUERY_NOT_A_BANK",
  "STATUS_QUERY_NOT_IN_FLIGHT",
  "DISCLOSURE_NOT_FOUND",
  "DOCUMENT_NOT_FOUND",
  "DOCUMENT_NOT_ATTACHABLE",
  "QUEUE_ITEM_NOT_FOUND",
  "DISPUTE_NOT_FOUND",
  "INSTALMENT_PLAN_NOT_FOUND",
  "BULK_JOB_NOT_FOUND",
  "TITLE_SUBMISSION_NOT_FOUND",
  "PERSON_NOT_FOUND",
  "COMPANY_NOT_FOUND",
  "PAYOUT_NOT_FOUND",
  // access
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  // separation of duties (src/domain/access/duties.ts)
  "SELF_ROLE_CHANGE",
  "STAFF_ROLE_NEEDS_APPROVAL",
  "ROLE_PROPOSAL_OWN",
  "ROLE_PROPOSAL_NOT_FOUND",
  "ROLE_COMBINATION_NOT_ALLOWED",
  "CONFLICT_OF_INTEREST",
  "STAFF_CONFLICT_NOT_FOUND",
  // identity and signing
  "SIGN_IN_LOCKED",
  "APPROVAL_EXPIRED",
  "APPROVAL_DECIDED",
  "SIGNATURE_REQUIRED",
  "SIGNATURE_PENDING",
  "SIGNATURE_REJECTED",
  "SIGNATURE_INVALID",
  "SIGNATURE_EXPIRED",
  "SIGNATURE_REUSED",
  "IDENTITY_PROVIDER_UNAVAILABLE",
  // system
  "NOT_READY",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    details: Record<string, unknown> = {},
  ) {
    super(code);
    this.code = code;
    this.details = details;
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
