/** Kysely table types for migrations 0012 (treasury ledger) and 0015 (distributions). Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";
import type { AccountCode } from "../../domain/treasury/accounts.ts";
import type { MovementKind } from "../../domain/treasury/movements.ts";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface TreasuryEntriesTable {
  id: string;
  position: Generated<bigint>;
  movement_kind: MovementKind;
  reference: string;
  amount: bigint;
  file_id: string | null;
  procedure_id: string | null;
  details: JsonValue;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
}

export interface TreasuryLinesTable {
  entry_id: string;
  line_no: number;
  account: AccountCode;
  file_id: string | null;
  party_id: string | null;
  debit: bigint;
  credit: bigint;
}

export interface TreasuryPayoutsTable {
  id: string;
  file_id: string;
  creditor_party_id: string;
  iban: string;
  amount: bigint;
  reserved_part: bigint;
  status: "instructed" | "paid";
  rule_version: string;
  instructed_by: string;
  instructed_at: Timestamp;
  paid_by: string | null;
  paid_at: Timestamp | null;
  bank_reference: string | null;
}

export interface TreasuryDistributionsTable {
  id: string;
  source_file_id: string;
  source_order_id: string | null;
  reference: string;
  amount: bigint;
  rule_version: string;
  status: "pending" | "distributed";
  excess: bigint | null;
  received_at: Timestamp;
  distributed_at: Timestamp | null;
}

export interface TreasuryDistributionSharesTable {
  distribution_id: string;
  file_id: string;
  outstanding: bigint;
  amount: bigint;
  ledger_entry_id: string | null;
}

export interface TreasurySchema {
  treasury_entries: TreasuryEntriesTable;
  treasury_lines: TreasuryLinesTable;
  treasury_payouts: TreasuryPayoutsTable;
  treasury_distributions: TreasuryDistributionsTable;
  treasury_distribution_shares: TreasuryDistributionSharesTable;
}
