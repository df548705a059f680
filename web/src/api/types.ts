/**
 * The shapes the pages read, named: each taken from the generated API types (schema.d.ts,
 * from /api/openapi.json), so a change to a route's zod schema reaches every page that
 * reads it. Amounts are KWD decimal strings; times ISO 8601 UTC; Kuwait dates YYYY-MM-DD.
 * Three answers the document does not describe yet (their routes declare no response
 * schema) and two addresses outside the API are written out at the end.
 */
import type { Bilingual } from "./client.ts";
import type { paths } from "./schema.d.ts";

type Method = "get" | "post";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON a call answers with when it succeeds (200, or 201 for what it creates). */
export type ApiAnswer<P extends keyof paths, M extends Method = "get"> = Operation<P, M> extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

/** The JSON body a call takes. */
export type ApiBody<P extends keyof paths, M extends Method = "post"> = Operation<P, M> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

// Files
export type FileList = ApiAnswer<"/api/v1/files">;
export type FileSummary = FileList["files"][number];
export type FileStatus = NonNullable<NonNullable<Operation<"/api/v1/files", "get">["parameters"]["query"]>["status"]>;
export type PartyName = FileSummary["creditors"][number];
export type Fee = ApiAnswer<"/api/v1/files/{fileId}/fees">["fees"][number];
export type DocumentInfo = ApiAnswer<"/api/v1/files/{fileId}/documents">["documents"][number];
export type SigningRequest = ApiAnswer<"/api/v1/signing-requests", "post">;
/** A measure as requested (the signed request, without its signature). */
export type ProcedureRequestBody = ApiBody<"/api/v1/signing-requests"> extends infer B ? (B extends { purpose: "procedure.request"; request: infer R } ? R : never) : never;
export type ProcedureKind = ProcedureRequestBody["kind"];
// Several requests at once (docs/request-batches.md)
export type BatchItem = ApiBody<"/api/v1/request-batches/check">["items"][number];
export type BatchCheck = ApiAnswer<"/api/v1/request-batches/check", "post">;
export type BatchRow = BatchCheck["rows"][number];
export type SubmittedBatch = ApiAnswer<"/api/v1/request-batches", "post">;
export type Verification = ApiAnswer<"/api/verify/{code}">;

// The debtor's side, payments, notices, disputes and instalment plans
export type DebtList = ApiAnswer<"/api/v1/me/debts">;
export type DebtFile = DebtList["files"][number];
export type Holding = DebtFile["holdings"][number];
export type StartedPayment = ApiAnswer<"/api/v1/files/{fileId}/payments", "post">;
export type Payment = ApiAnswer<"/api/v1/payments/{paymentId}">;
export type Notice = ApiAnswer<"/api/v1/me/notices">["notices"][number];
export type NoticePreferences = ApiAnswer<"/api/v1/me/notice-preferences">;
export type Dispute = ApiAnswer<"/api/v1/files/{fileId}/disputes">["disputes"][number];
export type InstalmentPlan = ApiAnswer<"/api/v1/files/{fileId}/instalment-plans">["plans"][number];

// The back office
export type QueueItem = ApiAnswer<"/api/v1/queues/{queue}">["items"][number];
export type ReviewQueueName = Operation<"/api/v1/queues/{queue}", "get">["parameters"]["path"]["queue"];
export type ReviewItemKind = NonNullable<NonNullable<Operation<"/api/v1/queues/{queue}", "get">["parameters"]["query"]>["itemKind"]>;
export type TitleSubmission = ApiAnswer<"/api/v1/title-submissions/{submissionId}">;
export type AgencyMonitor = ApiAnswer<"/api/v1/agency-monitor">;
export type AgencyHealth = AgencyMonitor["agencies"][number];
export type AuditPage = ApiAnswer<"/api/v1/audit/actions">;
export type AuditAction = AuditPage["actions"][number];

// The agency portal
export type PortalOrderList = ApiAnswer<"/api/v1/agency/orders">;
export type PortalOrder = PortalOrderList["orders"][number];
export type AnswerResult = ApiAnswer<"/api/v1/agency/orders/{orderId}/acknowledgement", "post">;
export type Vehicle = ApiBody<"/api/v1/agency/orders/{orderId}/seizure-result">["vehicles"][number];

/*
 * Not described by the OpenAPI document yet: GET /api/v1/me (src/http/routes/me.ts),
 * GET /api/v1/files/:fileId (read-file.ts) and GET /api/v1/agency/orders/:orderId
 * (agency-portal.ts) declare no response schema. Written here from those routes until
 * they do; then these become ApiAnswer<…> like the rest.
 */
export interface Me {
  civilId: string;
  nameAr: string | null;
  nameEn: string | null;
  staffRoles: { role: string; agencyKey: string | null }[];
  companies: unknown[];
  mandates: unknown[];
  csrfToken: string | null;
}

export interface Check {
  id: string;
  outcome: "pass" | "fail" | "refer";
  message: Bilingual;
  /** The rule applied and its source (checks stored before rules carried sources have none). */
  rule?: { path: string; kind: "law" | "resolution" | "policy"; reference: Bilingual };
}

export interface AgencyOrder {
  id: string;
  agencyKey: string;
  status: string;
  amountHeld: string | null;
  frozenDeclared: string | null;
  maxAmount: string | null;
  details: { accounts?: { iban: string; frozen: string }[] } | null;
  /** Art. 234(2): the cause and documents the bank stated, per account (masked IBAN). */
  particulars?: { iban: string; cause: string; causeText: string; documents: { kind: string; reference: string; issuedOn: string }[] }[];
  /** The order's rules require the cause and documents and the bank has not stated them for every account holding money. */
  particularsMissing?: boolean;
  sentAt: string | null;
  answerDueAt: string | null;
  deadlineMissedAt: string | null;
  updatedAt: string | null;
}

export interface Procedure {
  id: string;
  kind: ProcedureKind;
  status: string;
  debtorPartyId: string;
  amount: string | null;
  parameters: { banks?: "all" | string[]; evidence?: { debtCertainAndDue: string; flightRisk: string; abilityToPay: string } } | null;
  requestedAt: string;
  updatedAt: string;
  decision: { ruleVersion: string; outcome: "approve" | "refer" | "reject"; queue: string | null; fee: string; evaluatedAt: string; checks: Check[] } | null;
  orders: AgencyOrder[];
  results: ProcedureResults;
}

/** What a measure came to (src/app/procedure-results.ts), shown on its card. */
export interface ProcedureResults {
  /** Every agency answered that it holds nothing (no money, no vehicle): its own result, not a refusal. */
  outcome: "nothing_found" | null;
  decision: { decision: string; reasons: string | null; conditions: string | null; grantedAmount: string | null; at: string } | null;
  vehicles: { plate: string; make: string | null; model: string | null; year: number | null }[];
  portsReference: string | null;
  banks: {
    orderId: string;
    agencyKey: string;
    frozenDeclared: string;
    held: string;
    released: { amount: string; reason: "cap" | "payment" | "transfer" | "lift"; at: string }[];
    transferred: string;
  }[];
  totalHeld: string;
}

export interface Party {
  id: string;
  role: "creditor" | "debtor";
  kind: "person" | "company";
  nameAr: string | null;
  nameEn: string | null;
  civilId?: string;
  crNumber?: string;
}

export interface FileDetail {
  id: string;
  number: string;
  status: FileStatus;
  openedAt: string;
  satisfiedAt: string | null;
  claimTotal: string;
  recoveredTotal: string;
  outstanding: string;
  myCapacities: string[];
  titles: { id: string; type: string; court: string; caseNumber: string; issuedOn: string; isFinal: boolean; hasExecutoryFormula: boolean; grantsInterest: boolean; debtKind: string; dueOn: string | null }[];
  parties: Party[];
  claim: { kind: string; amount: string }[];
  ledger: { id: string; kind: string; amount: string; source: string; reference: string | null; recordedAt: string }[];
  procedures: Procedure[];
  /** After a measure that found nothing: the measures the rules allow now, per debtor (src/domain/procedures/batch.ts). */
  nextMeasures: { debtorPartyId: string; kind: ProcedureKind; after: ProcedureKind }[];
  timeline: {
    seq: number;
    at: string;
    actorRole: string;
    kind: string;
    /** From the registry of action kinds (src/domain/audit/action-kinds.ts); null for a kind no longer written. */
    label: { ar: string; en: string } | null;
    description: { ar: string; en: string } | null;
    procedureId: string | null;
    orderId: string | null;
    reason: string | null;
  }[];
}

export interface ExchangedMessage {
  id: string;
  direction: "in" | "out";
  messageId: string;
  type: string;
  status: string;
  channel: "hub" | "portal" | "protocol";
  body: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface PortalOrderDetail extends PortalOrder {
  details: { accounts?: { iban: string; frozen: string }[]; otherAttachments?: number; vehicles?: Vehicle[]; reference?: string };
  messages: ExchangedMessage[];
}

/** /app/config.json (src/http/web-app.ts): what this installation offers (the demo phone only with the stand-in identity provider). */
export interface WebConfig {
  demo: {
    phoneApi: string;
    accounts: { key: string; civilId: string; nameAr: string; nameEn: string }[];
  } | null;
}

/** A request waiting on the stand-in identity provider's simulated phone (src/identity/idp). */
export interface PhoneRequest {
  id: string;
  kind: "sign_in" | "signing";
  code: string;
  summary: Bilingual;
  digest: string | null;
  createdAt: string;
  expiresAt: string;
}

// The treasury
export type FileTreasury = ApiAnswer<"/api/v1/files/{fileId}/treasury">;
