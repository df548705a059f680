/**
 * The shapes the pages read, as the API sends them (see the zod schemas in
 * src/http/routes/*.ts and /api/openapi.json). Amounts are KWD decimal strings; times ISO 8601 UTC.
 */
import type { Bilingual } from "./client.ts";

export interface Me {
  civilId: string;
  nameAr: string | null;
  nameEn: string | null;
  staffRoles: { role: string; agencyKey: string | null }[];
  companies: unknown[];
  mandates: unknown[];
  csrfToken: string | null;
}

export interface PartyName {
  nameAr: string;
  nameEn: string;
}

export type FileStatus = "open" | "satisfied" | "closed";

export interface FileSummary {
  id: string;
  number: string;
  status: FileStatus;
  caseNumber: string;
  court: string;
  claimTotal: string;
  outstanding: string;
  openedAt: string;
  creditors: PartyName[];
  debtors: PartyName[];
  activeProcedures: number;
}

export interface FileList {
  files: FileSummary[];
  nextCursor: string | null;
}

export interface Check {
  id: string;
  outcome: "pass" | "fail" | "refer";
  message: Bilingual;
}

export interface AgencyOrder {
  id: string;
  agencyKey: string;
  status: string;
  amountHeld: string | null;
  frozenDeclared: string | null;
  maxAmount: string | null;
  details: { accounts?: { iban: string; frozen: string }[] } | null;
  sentAt: string | null;
  answerDueAt: string | null;
  deadlineMissedAt: string | null;
  updatedAt: string | null;
}

export type ProcedureKind = "bank_attachment" | "vehicle_seizure" | "travel_ban";

export interface Procedure {
  id: string;
  kind: ProcedureKind;
  status: string;
  debtorPartyId: string;
  amount: string | null;
  parameters: { banks?: "all" | string[] } | null;
  requestedAt: string;
  updatedAt: string;
  decision: { ruleVersion: string; outcome: "approve" | "refer" | "reject"; queue: string | null; fee: string; evaluatedAt: string; checks: Check[] } | null;
  orders: AgencyOrder[];
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
  titles: { id: string; type: string; court: string; caseNumber: string; issuedOn: string; isFinal: boolean; hasExecutoryFormula: boolean; grantsInterest: boolean }[];
  parties: Party[];
  claim: { kind: string; amount: string }[];
  ledger: { id: string; kind: string; amount: string; source: string; reference: string | null; recordedAt: string }[];
  procedures: Procedure[];
  timeline: { seq: number; at: string; actorRole: string; kind: string; procedureId: string | null; orderId: string | null; reason: string | null }[];
}

export interface SigningRequest {
  id: string;
  purpose: string;
  fileId: string;
  digest: string;
  summary: Bilingual;
  status: "pending" | "approved" | "rejected" | "expired";
  expiresAt: string;
  proof: string | null;
}

export type ProcedureRequestBody =
  | { kind: "bank_attachment"; debtorPartyId: string; amount: string; banks: "all" | string[] }
  | { kind: "vehicle_seizure"; debtorPartyId: string }
  | { kind: "travel_ban"; debtorPartyId: string; evidence: { debtCertainAndDue: string; flightRisk: string; abilityToPay: string } };

export interface Verification {
  code: string;
  kind: string;
  label: Bilingual;
  fileNumber: string;
  issuedAt: string;
  issuedAtKuwait: string;
  sha256: string;
  authentic: true;
  copyMatches: boolean | null;
  copySha256: string | null;
}

/** /app/config.json: what this installation offers (the demo phone only with the stand-in identity provider). */
export interface WebConfig {
  demo: {
    phoneApi: string;
    accounts: { key: string; civilId: string; nameAr: string; nameEn: string }[];
  } | null;
}

export interface PhoneRequest {
  id: string;
  kind: "sign_in" | "signing";
  code: string;
  summary: Bilingual;
  digest: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface DocumentInfo {
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
}
