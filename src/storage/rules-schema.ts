/** Kysely table types for migration 0005 (rules and review queues). Kept by hand, next to the SQL. */
import type { ColumnType } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;
/** A nullable column an insert may leave out (added by a later migration). */
type OptionalColumn = ColumnType<string | null, string | null | undefined, string | null>;

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

export interface RulesSchema {
  procedure_checks: ProcedureChecksTable;
  review_items: ReviewItemsTable;
  title_services: TitleServicesTable;
}
