/** Kysely table types of executory titles submitted online (migrations/0009) and the service of titles on debtors (0005, 0009). Kept by hand, next to the SQL. */
import type { ColumnType } from "kysely";
import type { DocumentMediaType } from "../../domain/documents/documents.ts";
import type { TitleSubmissionStatus } from "../../domain/file/title-submission.ts";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;
/** A nullable column an insert may leave out (added by a later migration). */
type OptionalColumn = ColumnType<string | null, string | null | undefined, string | null>;

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

export interface TitleServicesTable {
  id: string;
  file_id: string;
  debtor_party_id: string;
  served_at: Timestamp;
  channel: string;
  reference: string | null;
  recorded_at: Timestamp;
  /** Migration 0009: the notice whose legal effect served the title, the process server's report, who recorded it. */
  notice_id: OptionalColumn;
  document_id: OptionalColumn;
  recorded_by: OptionalColumn;
}

export interface TitlesSchema {
  title_submissions: TitleSubmissionsTable;
  title_services: TitleServicesTable;
}
