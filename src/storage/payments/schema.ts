/** Kysely table types for migrations/0010_payments. Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

/** fee: one request's fee; debt: a debtor's payment; fees: several requests' fees at once (payment_fee_items, migration 0034). */
export type PaymentPurpose = "fee" | "debt" | "fees";
export type PaymentStatus = "pending" | "captured" | "declined" | "cancelled" | "expired";
export type FeeStatus = "due" | "paid" | "refunding" | "refunded";
export type RefundReason = "fee_unused" | "fee_paid_twice" | "exceeds_outstanding";

export interface PaymentsTable {
  id: string;
  purpose: PaymentPurpose;
  file_id: string;
  procedure_id: string | null;
  payer: string;
  amount: bigint;
  status: PaymentStatus;
  gateway: string;
  gateway_payment_id: string | null;
  payment_page_url: string | null;
  gateway_result: ColumnType<unknown, string | null | undefined, string | null>;
  settled_via: "callback" | "status_query" | null;
  credited_amount: Generated<bigint>;
  initiated_at: Timestamp;
  settled_at: Timestamp | null;
  last_checked_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface ProcedureFeesTable {
  procedure_id: string;
  file_id: string;
  amount: bigint;
  notice_amount: Generated<bigint>;
  rule_version: string;
  holds_dispatch: boolean;
  status: FeeStatus;
  payment_id: string | null;
  assessed_at: Timestamp;
  paid_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface PaymentCallbacksTable {
  nonce: string;
  payment_id: string;
  result: string;
  sent_at: Timestamp;
  received_at: Timestamp;
  body: JsonValue;
}

export interface PaymentRefundsTable {
  id: string;
  payment_id: string;
  file_id: string;
  amount: bigint;
  reason: RefundReason;
  /** The fee refunded, for a payment of several fees (0034). */
  procedure_id: Generated<string | null>;
  status: "requested" | "completed";
  gateway_refund_id: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  requested_at: Timestamp;
  completed_at: Timestamp | null;
}

/** migrations/0034_request_batches: the fees a payment of purpose fees pays. */
export interface PaymentFeeItemsTable {
  payment_id: string;
  procedure_id: string;
  file_id: string;
  amount: bigint;
}

export interface PaymentsSchema {
  payment_fee_items: PaymentFeeItemsTable;
  payments: PaymentsTable;
  procedure_fees: ProcedureFeesTable;
  payment_callbacks: PaymentCallbacksTable;
  payment_refunds: PaymentRefundsTable;
}
