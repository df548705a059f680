/** A document as the use cases return it (no storage path, ever: the sha256 is the key). */
import type { DocumentKind, DocumentMediaType } from "../../domain/documents/documents.ts";
import type { VerificationStatus } from "../../domain/documents/verification.ts";
import type { StoredDocument, StoredVerification } from "../../storage/documents/repository.ts";

/** A clerk's verification of an uploaded document, as those who may read the document see it. */
export interface VerificationView {
  status: VerificationStatus;
  /** Why it was rejected (or a note on the verification). */
  reasons: string | null;
  decidedAt: Date | null;
}

export interface DocumentView {
  id: string;
  fileId: string;
  procedureId: string | null;
  orderId: string | null;
  /** Filed with an enforcement dispute or an instalment plan. */
  disputeId: string | null;
  instalmentPlanId: string | null;
  kind: DocumentKind;
  origin: "uploaded" | "generated";
  mediaType: DocumentMediaType;
  sha256: string;
  sizeBytes: number;
  name: string | null;
  createdBy: string;
  createdAt: Date;
  verificationCode: string | null;
  verification: VerificationView;
}

/** `verification`: its row, if the document needs verification; none means not required. */
export function documentView(document: StoredDocument, verification?: StoredVerification): DocumentView {
  return {
    id: document.id,
    fileId: document.fileId,
    procedureId: document.procedureId,
    orderId: document.orderId,
    disputeId: document.disputeId ?? null,
    instalmentPlanId: document.instalmentPlanId ?? null,
    kind: document.kind,
    origin: document.origin,
    mediaType: document.mediaType,
    sha256: document.sha256,
    sizeBytes: Number(document.sizeBytes),
    name: document.name,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    verificationCode: document.verificationCode,
    verification: verification
      ? { status: verification.status, reasons: verification.reasons, decidedAt: verification.decidedAt }
      : { status: "not_required", reasons: null, decidedAt: null },
  };
}
