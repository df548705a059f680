/** Kysely table types for migrations/0013_bulk_requests (bulk requests). Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export type BulkRowStatus = "pending_signature" | "queued" | "created" | "failed" | "rejected" | "duplicate";

export interface BulkJobsTable {
  id: string;
  cr_number: string;
  reference: string;
  submitted_by: string;
  client_id: string | null;
  token_id: string | null;
  source: "json" | "csv";
  row_count: number;
  content_digest: string;
  signed_digest: string;
  summary_ar: string;
  summary_en: string;
  signing_request_id: string | null;
  signing_expires_at: Timestamp | null;
  signature: ColumnType<unknown, string | null, string | null>;
  signed_at: Timestamp | null;
  correlation_id: string;
  submitted_at: Timestamp;
}

export interface BulkRowsTable {
  id: Generated<bigint>;
  job_id: string;
  position: number;
  cr_number: string;
  reference: string | null;
  holds_reference: boolean;
  row_digest: string | null;
  request: ColumnType<unknown, string | null, string | null>;
  status: BulkRowStatus;
  procedure_id: string | null;
  error_code: string | null;
  error_details: ColumnType<unknown, string | null, string | null>;
  duplicate_of: bigint | null;
  attempts: Generated<number>;
  lease_until: Timestamp | null;
  processed_at: Timestamp | null;
}

export interface BulkSchema {
  bulk_jobs: BulkJobsTable;
  bulk_rows: BulkRowsTable;
}
