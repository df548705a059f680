/** Kysely table types for migration 0008 (enforcement disputes). Kept by hand, next to the SQL. */
import type { BondStatus, DisputeStatus } from "../../domain/disputes/dispute-machine.ts";

type Timestamp = Date;

export interface DisputesTable {
  id: string;
  file_id: string;
  debtor_party_id: string;
  status: DisputeStatus;
  grounds: string;
  filed_by: string;
  filed_at: Timestamp;
  rule_version: string;
  outstanding_at_filing: bigint;
  bond_amount: bigint;
  bond_status: BondStatus;
  bond_reference: string | null;
  bond_declared_at: Timestamp | null;
  bond_deposited: bigint | null;
  bond_posted_by: string | null;
  bond_posted_at: Timestamp | null;
  suspended_at: Timestamp | null;
  suspension_ended_at: Timestamp | null;
  ruled_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface DisputesSchema {
  disputes: DisputesTable;
}
