/** Kysely table types for migrations/0006_documents. Kept by hand, next to the SQL. */
import type { DocumentKind, DocumentMediaType } from "../domain/documents/documents.ts";

export interface DocumentsTable {
  id: string;
  file_id: string;
  procedure_id: string | null;
  order_id: string | null;
  document_kind: DocumentKind;
  origin: "uploaded" | "generated";
  media_type: DocumentMediaType;
  sha256: string;
  size_bytes: bigint;
  original_name: string | null;
  created_by: string;
  created_at: Date;
  verification_code: string | null;
}

export interface DocumentsSchema {
  documents: DocumentsTable;
}
