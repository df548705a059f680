/**
 * Signed requests. Submitting or waiving a procedure needs the person's fresh approval on
 * their phone (the mobile ID): what they approve is the sha256 digest of the canonical
 * JSON of the request's meaning (the "intent"), shown with a readable summary. The use
 * case checks the signature binds this subject and this very request, is fresh, and has
 * not been used before, and records it with the action. A machine client signs with its
 * credentials instead (the token it presented is recorded).
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/audit/canonical-json.ts";
import { DomainError } from "../domain/errors.ts";
import type { Tx } from "../storage/action-log.ts";
import type { SigningPurpose } from "../storage/identity/schema.ts";
import { recordSignatureUse } from "../storage/identity/repository.ts";
import type { ProcedureRequest } from "../domain/procedures/request.ts";
import type { Subject } from "../domain/access/subject.ts";

export type { SigningPurpose };

export interface SigningIntent {
  purpose: SigningPurpose;
  fileId: string;
  procedureId: string | null;
  /** What is asked, normalized: amounts in fils, no wire formatting. */
  request: Record<string, unknown>;
}

export function procedureRequestIntent(request: ProcedureRequest): SigningIntent {
  const { fileId, documentIds, ...rest } = request;
  const normalized: Record<string, unknown> =
    rest.kind === "bank_attachment"
      ? { ...rest, amount: rest.amount, banks: rest.banks === "all" ? "all" : [...new Set(rest.banks)].sort() }
      : { ...rest };
  // The papers filed with it are signed too (in one order: the order they were uploaded in does not matter).
  if (documentIds && documentIds.length > 0) normalized.documentIds = [...new Set(documentIds)].sort();
  return { purpose: "procedure.request", fileId, procedureId: null, request: normalized };
}

export function waiveIntent(input: { fileId: string; procedureId: string; reason: string }): SigningIntent {
  return { purpose: "procedure.waive", fileId: input.fileId, procedureId: input.procedureId, request: { reason: input.reason } };
}

/** "sha256:<hex>" of the intent's canonical JSON: what the phone shows and the proof binds. */
export function intentDigest(intent: SigningIntent): string {
  return `sha256:${createHash("sha256").update(canonicalJson(intent)).digest("hex")}`;
}

/** How long after approval a signature may be used. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;
const CLOCK_SKEW_MS = 30_000;

/** A signature whose cryptography the identity layer has checked; this module checks what it binds. */
export type SignatureEvidence =
  | {
      method: "mobile_id";
      proof: string;
      signer: string;
      digest: string;
      purpose: string;
      signedAt: Date;
      jti: string;
      keyId: string;
      requestId: string;
    }
  | { method: "client_credentials"; clientId: string; crNumber: string; tokenId: string }
  /**
   * A row of a bulk job (src/app/bulk): the job was signed once, over the digest of all its
   * rows (`jobDigest`, which covers `rowDigest`); the row points to it.
   */
  | { method: "bulk_job"; jobId: string; signedBy: string; rowReference: string; rowDigest: string; jobDigest: string }
  /**
   * A request of a batch (src/app/request-batch.ts): the batch is signed once, over the
   * digest of all its requests (`batchDigest`), checked in the same transaction after every
   * request's own checks; this request is item `index` of it.
   */
  | { method: "request_batch"; batchId: string; signedBy: string; index: number; batchDigest: string };

/** What a request carried: a checked signature, the reason it failed the check, or nothing. */
export type PresentedSignature = SignatureEvidence | DomainError | null;

/**
 * Accepts the signature for this subject and intent, in the use case's transaction, or
 * throws. Single use: a mobile-ID proof's nonce is recorded, and a second use is refused.
 * Returns what to record with the action.
 */
export async function acceptSignature(
  tx: Tx,
  subject: Subject,
  intent: SigningIntent,
  presented: PresentedSignature,
  now: Date,
): Promise<Record<string, unknown>> {
  const digest = intentDigest(intent);
  if (presented !== null && !(presented instanceof DomainError) && presented.method === "bulk_job") {
    if (presented.signedBy !== subject.civilId) throw new DomainError("SIGNATURE_INVALID", { reason: "signer" });
    const { method, jobId, rowReference, rowDigest, jobDigest } = presented;
    return { method, jobId, rowReference, rowDigest, jobDigest, digest };
  }
  if (presented !== null && !(presented instanceof DomainError) && presented.method === "request_batch") {
    if (presented.signedBy !== subject.civilId) throw new DomainError("SIGNATURE_INVALID", { reason: "signer" });
    const { method, batchId, index, batchDigest } = presented;
    return { method, batchId, index, batchDigest, digest };
  }
  return acceptSignedDigest(tx, subject, intent.purpose, digest, presented, now);
}

/**
 * The checks of `acceptSignature` for a digest the caller computed (a bulk job signs the
 * digest of all its rows at once): signer, purpose, digest, freshness, single use.
 */
export async function acceptSignedDigest(
  tx: Tx,
  subject: Subject,
  purpose: string,
  digest: string,
  presented: PresentedSignature,
  now: Date,
): Promise<Record<string, unknown>> {
  if (presented === null) throw new DomainError("SIGNATURE_REQUIRED", { purpose });
  if (presented instanceof DomainError) throw presented;
  if (presented.method === "bulk_job" || presented.method === "request_batch") throw new DomainError("SIGNATURE_INVALID", { reason: "method" });
  if (presented.method === "client_credentials") {
    if (!subject.client || subject.client.clientId !== presented.clientId) throw new DomainError("SIGNATURE_INVALID", { reason: "client" });
    return { method: presented.method, clientId: presented.clientId, crNumber: presented.crNumber, tokenId: presented.tokenId, digest };
  }
  if (subject.client || presented.signer !== subject.civilId) throw new DomainError("SIGNATURE_INVALID", { reason: "signer" });
  if (presented.purpose !== purpose || presented.digest !== digest) throw new DomainError("SIGNATURE_INVALID", { reason: "digest" });
  const age = now.getTime() - presented.signedAt.getTime();
  if (age > SIGNATURE_MAX_AGE_MS) throw new DomainError("SIGNATURE_EXPIRED");
  if (age < -CLOCK_SKEW_MS) throw new DomainError("SIGNATURE_INVALID", { reason: "time" });
  if (!(await recordSignatureUse(tx, { jti: presented.jti, civilId: presented.signer, digest, usedAt: now }))) throw new DomainError("SIGNATURE_REUSED");
  return {
    method: presented.method,
    proof: presented.proof,
    digest,
    jti: presented.jti,
    keyId: presented.keyId,
    signedAt: presented.signedAt,
    idpRequestId: presented.requestId,
  };
}

/** The request a stored intent stands for (amounts back to fils), to submit what was signed. */
export function procedureRequestFromIntent(intent: { fileId: string; request: Record<string, unknown> }): ProcedureRequest {
  const request = intent.request;
  switch (request.kind) {
    case "bank_attachment":
      return { kind: "bank_attachment", fileId: intent.fileId, debtorPartyId: String(request.debtorPartyId), amount: BigInt(String(request.amount)), banks: request.banks as "all" | string[] };
    case "vehicle_seizure":
      return { kind: "vehicle_seizure", fileId: intent.fileId, debtorPartyId: String(request.debtorPartyId) };
    case "travel_ban":
      return { kind: "travel_ban", fileId: intent.fileId, debtorPartyId: String(request.debtorPartyId), evidence: request.evidence as Extract<ProcedureRequest, { kind: "travel_ban" }>["evidence"] };
    default:
      throw new DomainError("VALIDATION_FAILED", { field: "kind" });
  }
}
