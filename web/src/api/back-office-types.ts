/**
 * The back office's shapes as the API sends them (src/http/routes/review-queues.ts,
 * title-submissions.ts, agency-monitor-overview.ts, audit-search.ts, documents.ts).
 */
export type ReviewQueueName = "clerk" | "judge";
export type ReviewItemKind = "procedure_decision" | "verify_document" | "open_file_from_title" | "dispute" | "instalment_plan";

export interface QueueItem {
  id: string;
  itemKind: ReviewItemKind;
  queue: ReviewQueueName;
  fileId: string | null;
  fileNumber: string | null;
  procedureId: string | null;
  procedureKind: string | null;
  procedureStatus: string | null;
  subjectRef: string | null;
  ruleVersion: string;
  enteredAt: string;
  dueAt: string;
  ageWorkingDays: number;
  slaWorkingDays: number;
  overdue: boolean;
  assignedTo: string | null;
  assignedAt: string | null;
}

export interface TitleSubmission {
  id: string;
  status: "awaiting_copy" | "submitted" | "opened" | "rejected";
  submittedBy: string;
  submitterRole: "creditor" | "lawyer";
  title: { type: string; court: string; caseNumber: string; issuedOn: string; isFinal: boolean; hasExecutoryFormula: boolean; grantsInterest: boolean };
  creditors: ({ civilId: string; payoutIban: string | null } | { crNumber: string; payoutIban: string | null })[];
  debtors: ({ civilId: string } | { crNumber: string })[];
  claim: { principal: string; costs: string; fees: string; interest: string };
  copy: { mediaType: string; sha256: string; sizeBytes: number; name: string | null; uploadedAt: string } | null;
  reviewItemId: string | null;
  decidedAt: string | null;
  rejectionReasons: string | null;
  fileId: string | null;
  fileNumber: string | null;
  documentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AgencyHealth {
  agencyKey: string;
  orders: { awaitingAnswer: number; oldestAwaitingSince: string | null; oldestAwaitingSeconds: number; overdue: number; deadlineBreaches: number };
  outbound: { pending: number; retrying: number; dead: number; oldestPendingSince: string | null; oldestPendingSeconds: number; failedAttempts: number; retriedRecently: number };
}

export interface AgencyMonitor {
  generatedAt: string;
  agencies: AgencyHealth[];
}

export interface AuditAction {
  id: string;
  stream: string;
  seq: number;
  occurredAt: string;
  actor: string;
  actorRole: string;
  kind: string;
  fileId: string | null;
  fileNumber: string | null;
  procedureId: string | null;
  orderId: string | null;
  reason: string | null;
  payload: unknown;
  correlationId: string;
  hash: string;
}

export interface AuditPage {
  actions: AuditAction[];
  nextCursor: string | null;
}

export interface DocumentWithVerification {
  id: string;
  fileId: string;
  procedureId: string | null;
  orderId: string | null;
  kind: string;
  origin: "uploaded" | "generated";
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  name: string | null;
  createdAt: string;
  verificationCode: string | null;
  verification: { status: "not_required" | "pending" | "verified" | "rejected"; reasons: string | null; decidedAt: string | null };
}
