/** Kysely table types for migrations/0007_notices (electronic notices). Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export type NoticeLanguage = "ar" | "en";
export type NoticeChannelName = "app" | "email" | "sms";
export type NoticeStatus = "pending" | "delivered" | "failed";
export type NoticeAttemptStatus = "waiting" | "due" | "awaiting_receipt" | "delivered" | "failed" | "superseded";

export interface NoticePreferencesTable {
  civil_id: string;
  language: Generated<NoticeLanguage>;
  updated_at: Timestamp;
  /** Migration 0009: an address the person gave for notices (null: the registered one). */
  email: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NoticesTable {
  id: string;
  dedupe_key: string;
  kind: string;
  file_id: string;
  procedure_id: string | null;
  recipient_role: "debtor" | "creditor";
  recipient_civil_id: string;
  language: NoticeLanguage;
  subject: string;
  body: string;
  short_text: string;
  status: NoticeStatus;
  escalate_at: Timestamp | null;
  delivered_channel: NoticeChannelName | null;
  legal_effect_at: Timestamp | null;
  proof: ColumnType<unknown, string | null, string | null>;
  correlation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Migration 0009: the file party the notice is for. */
  party_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NoticeAttemptsTable {
  notice_id: string;
  channel: NoticeChannelName;
  address: string;
  status: NoticeAttemptStatus;
  activated_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  provider_ref: string | null;
  last_error: string | null;
  proof: ColumnType<unknown, string | null, string | null>;
  legal_effect_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticesSchema {
  notice_preferences: NoticePreferencesTable;
  notices: NoticesTable;
  notice_attempts: NoticeAttemptsTable;
}
