/** Kysely table types of the automatic checks on requests and the review queues (migration 0005). Kept by hand, next to the SQL. */
import type { ColumnType } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface ProcedureChecksTable {
  procedure_id: string;
  file_id: string;
  rule_version: string;
  outcome: "approve" | "reject" | "refer";
  queue: "clerk" | "judge" | null;
  fee: bigint;
  checks: JsonValue;
  evaluated_at: Timestamp;
}

export type ReviewItemKind = "procedure_decision" | "verify_document" | "open_file_from_title" | "dispute" | "instalment_plan";

export interface ReviewItemsTable {
  id: string;
  item_kind: ReviewItemKind;
  queue: "clerk" | "judge";
  file_id: string | null;
  procedure_id: string | null;
  subject_ref: string | null;
  procedure_kind: string | null;
  rule_version: string;
  entered_at: Timestamp;
  due_at: Timestamp;
  assigned_to: string | null;
  assigned_at: Timestamp | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  outcome: string | null;
}

export interface ReviewSchema {
  procedure_checks: ProcedureChecksTable;
  review_items: ReviewItemsTable;
}
