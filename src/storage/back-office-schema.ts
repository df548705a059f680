/** Kysely table types for migrations/0009_title_submissions (titles submitted online, document verification). Kept by hand, next to the SQL. */
import type { ColumnType } from "kysely";
import type { DocumentMediaType } from "../domain/documents/documents.ts";
import type { TitleSubmissionStatus } from "../domain/file/title-submission.ts";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface TitleSubmissionsTable {
  id: string;
  status: TitleSubmissionStatus;
  submitted_by: string;
  submitter_role: "creditor" | "lawyer";
  title: JsonValue;
  creditors: JsonValue;
  debtors: JsonValue;
  claim: JsonValue;
  creditor_civil_ids: string[];
  creditor_cr_numbers: string[];
  copy_sha256: string | null;
  copy_media_type: DocumentMediaType | null;
  copy_size_bytes: bigint | null;
  copy_name: string | null;
  copy_uploaded_at: Timestamp | null;
  review_item_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  rejection_reasons: string | null;
  file_id: string | null;
  document_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BackOfficeSchema {
  title_submissions: TitleSubmissionsTable;
}
