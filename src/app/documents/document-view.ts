/** A document as the use cases return it (no storage path, ever: the sha256 is the key). */
import type { DocumentKind, DocumentMediaType } from "../../domain/documents/documents.ts";
import type { DocumentsTable } from "../../storage/documents-schema.ts";

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
}

export function documentView(row: DocumentsTable): DocumentView {
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
  };
}
