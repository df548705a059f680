/** A document as the use cases return it (no storage path, ever: the sha256 is the key). */
import type { DocumentKind, DocumentMediaType } from "../../domain/documents/documents.ts";
import type { VerificationStatus } from "../../domain/documents/verification.ts";
import type { DocumentVerificationsTable } from "../../storage/back-office-schema.ts";
import type { DocumentsTable } from "../../storage/documents-schema.ts";

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
export function documentView(row: DocumentsTable, verification?: DocumentVerificationsTable): DocumentView {
  return {
    id: row.id,
    fileId: row.file_id,
    procedureId: row.procedure_id,
    orderId: row.order_id,
    kind: row.document_kind,
    origin: row.origin,
    mediaType: row.media_type,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    name: row.original_name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    verificationCode: row.verification_code,
    verification: verification
      ? { status: verification.status, reasons: verification.reasons, decidedAt: verification.decided_at }
      : { status: "not_required", reasons: null, decidedAt: null },
  };
}
