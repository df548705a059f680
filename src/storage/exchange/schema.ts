/** Kysely table types of the exchange with agencies: batches and messages both ways, refused batches, the hub's signing keys, disclosure requests. Kept by hand, next to the SQL in migrations/. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export type AgencyMessageStatus = "pending" | "delivered" | "refused" | "dead" | "applied" | "ignored" | "invalid";

export interface AgencyBatchesTable {
  agency_key: string;
  direction: "in" | "out";
  batch_id: string;
  jws: string;
  message_count: number;
  outcome: string;
  created_at: Timestamp;
}

export interface AgencyMessagesTable {
  id: Generated<bigint>;
  direction: "in" | "out";
  agency_key: string;
  message_id: string;
  message_type: string;
  file_id: string | null;
  order_id: string | null;
  request_id: string | null;
  body: JsonValue;
  batch_id: string | null;
  status: AgencyMessageStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Portal answers: the civil ID of the agency officer who gave it (migration 0004). */
  submitted_by: string | null;
}

export interface AgencyRefusalsTable {
  id: Generated<bigint>;
  claimed_sender: string | null;
  code: string;
  detail: string | null;
  batch_id: string | null;
  jws_sha256: string;
  /** The first 4 KiB of the body (migration 0018). */
  jws: string;
  received_at: Timestamp;
  size_bytes: number;
  header: string | null;
  source_address: string | null;
  times_seen: Generated<number>;
  last_received_at: Timestamp;
}

export interface HubSigningKeysTable {
  kid: string;
  private_jwk: JsonValue;
  public_jwk: JsonValue;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface DisclosureRequestsTable {
  id: string;
  file_id: string;
  debtor_party_id: string;
  requested_by: string;
  requested_at: Timestamp;
  agencies: string[];
  /** The creditor's petition it grants (0023; null before). */
  petition_id: Generated<string | null>;
  /** What was asked: "present" (before 0023) or "present_and_future" (Art. 204 bis). */
  funds: Generated<"present" | "present_and_future">;
}

export interface DisclosurePetitionsTable {
  id: string;
  file_id: string;
  debtor_party_id: string;
  petitioned_by: string;
  petitioned_at: Timestamp;
  grounds: string;
  status: "pending" | "granted";
  decided_by: string | null;
  decided_at: Timestamp | null;
}

/** Breaches of the protocol by an agency's answers (migration 0026): for now, declarations above the maximum the bank was told. */
export interface AgencyBreachesTable {
  id: Generated<bigint>;
  agency_key: string;
  kind: "over_declaration";
  order_id: string;
  file_id: string;
  message_id: string;
  declared: bigint;
  maximum: bigint;
  occurred_at: Timestamp;
}

export interface ExchangeSchema {
  agency_breaches: AgencyBreachesTable;
  agency_batches: AgencyBatchesTable;
  agency_messages: AgencyMessagesTable;
  agency_refusals: AgencyRefusalsTable;
  hub_signing_keys: HubSigningKeysTable;
  disclosure_requests: DisclosureRequestsTable;
  disclosure_petitions: DisclosurePetitionsTable;
}
