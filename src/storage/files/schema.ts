/** Kysely table types of enforcement files: the file, its titles, parties, claim and ledger. Kept by hand, next to the SQL in migrations/. */
import type { Generated } from "kysely";

type Timestamp = Date;

export type FileStatus = "open" | "satisfied" | "closed";

export interface EnforcementFilesTable {
  id: string;
  number: string;
  status: FileStatus;
  claim_total: bigint;
  recovered_total: Generated<bigint>;
  opened_by: string;
  opened_at: Timestamp;
  satisfied_at: Timestamp | null;
  updated_at: Timestamp;
  /** Migration 0035: an executory title, or a petition for a ban before suit with no title (Art. 297). */
  basis: Generated<FileBasis>;
}

export type FileBasis = "title" | "ban_before_suit";

export interface ExecutoryTitlesTable {
  id: string;
  file_id: string;
  title_type: string;
  court: string;
  case_number: string;
  issued_on: string;
  is_final: boolean;
  has_executory_formula: boolean;
  grants_interest: Generated<boolean>;
  /** Kind of debt (Art. 216; migration 0029). */
  debt_kind: Generated<"general" | "alimony" | "state">;
  /** Art. 190: the day the right falls due, when later than the issue (migration 0029). */
  due_on: Generated<string | null>;
}

export interface FilePartiesTable {
  id: string;
  file_id: string;
  party_role: "creditor" | "debtor";
  civil_id: string | null;
  cr_number: string | null;
  payout_iban: string | null;
}

export interface ClaimItemsTable {
  id: string;
  file_id: string;
  /** Null for the provisional estimate of a file opened for a ban before suit (migration 0035). */
  title_id: string | null;
  item_kind: "principal" | "costs" | "fees" | "interest";
  amount: bigint;
}

export interface LedgerEntriesTable {
  id: string;
  file_id: string;
  entry_kind: "payment" | "recovery";
  amount: bigint;
  source: string;
  reference: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  /** A payment made outside the department: the Kuwait day it was received (migration 0033). */
  received_on: Generated<string | null>;
  /** Art. 298(b): a creditor's report this many days after its week (null: in time or not checked). */
  reported_late_days: Generated<number | null>;
}

/** One row: the last file sequence number a committed open drew (migration 0017: no gaps). */
export interface EnforcementFileCounterTable {
  singleton: boolean;
  last_value: string;
}

export interface FilesSchema {
  enforcement_file_counter: EnforcementFileCounterTable;
  enforcement_files: EnforcementFilesTable;
  executory_titles: ExecutoryTitlesTable;
  file_parties: FilePartiesTable;
  claim_items: ClaimItemsTable;
  ledger_entries: LedgerEntriesTable;
}
