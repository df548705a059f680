/** Kysely table types of procedures and the orders they send to agencies. Kept by hand, next to the SQL in migrations/. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface ProceduresTable {
  id: string;
  file_id: string;
  procedure_kind: "bank_attachment" | "vehicle_seizure" | "travel_ban";
  status: string;
  debtor_party_id: string;
  amount: bigint | null;
  parameters: JsonValue;
  requested_by: string;
  requested_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgencyOrdersTable {
  id: string;
  procedure_id: string;
  file_id: string;
  agency_key: string;
  status: string;
  amount_held: Generated<bigint>;
  created_at: Timestamp;
  updated_at: Timestamp;
  max_amount: bigint | null;
  frozen_declared: Generated<bigint>;
  declaration_sequence: Generated<number>;
  first_executed_at: Timestamp | null;
  details: ColumnType<unknown, string | undefined, string>;
  sent_at: Timestamp | null;
  /** When the hub last asked the agency where the order stands (order.status; migration 0027). */
  status_asked_at: Timestamp | null;
  answer_due_at: Timestamp | null;
  deadline_missed_at: Timestamp | null;
  /** The salary share and exempt kinds the order was sent with; null: left to the bank (migration 0030). */
  protection: ColumnType<unknown, string | null | undefined, string | null>;
  /** The salary and exempt credits the bank last declared under it (migration 0030). */
  protected_credits: ColumnType<unknown, string | undefined, string>;
  protection_sequence: Generated<number>;
  /** Art. 234(2): per account, the cause and the documents the bank last stated (migration 0033). */
  particulars: Generated<unknown>;
  particulars_sequence: Generated<number>;
}

export interface ProceduresSchema {
  procedures: ProceduresTable;
  agency_orders: AgencyOrdersTable;
}
