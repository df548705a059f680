/** Kysely table types of documents (migrations/0006_documents) and clerks' verification of uploaded ones (0009). Kept by hand, next to the SQL. */
import type { DocumentKind, DocumentMediaType } from "../../domain/documents/documents.ts";

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
  /** A payment receipt's ledger entry (migration 0031). */
  ledger_entry_id: string | null;
  /** The enforcement dispute it was filed with (migration 0032). */
  dispute_id: string | null;
  /** The instalment plan it was filed with (migration 0032). */
  instalment_plan_id: string | null;
}

export type DocumentVerificationStatus = "pending" | "verified" | "rejected";

export interface DocumentVerificationsTable {
  document_id: string;
  file_id: string;
  status: DocumentVerificationStatus;
  review_item_id: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reasons: string | null;
}

export interface DocumentsSchema {
  documents: DocumentsTable;
  document_verifications: DocumentVerificationsTable;
}
