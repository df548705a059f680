/**
 * Storage of fees, payments, accepted callbacks and refunds (migrations/0010_payments).
 * Rows move forward with conditional updates (`where status = expected`), so two
 * workers, or a callback racing a status query, never both apply one result.
 */
import { sql } from "kysely";
import type { Fils } from "../../domain/money/index.ts";
import type { ProcedureKind } from "../../domain/procedures/index.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { FeeStatus, PaymentPurpose, PaymentStatus, RefundReason } from "./schema.ts";

export interface StoredPayment {
  id: string;
  purpose: PaymentPurpose;
  fileId: string;
  procedureId: string | null;
  payer: string;
  amount: Fils;
  status: PaymentStatus;
  gateway: string;
  gatewayPaymentId: string | null;
  paymentPageUrl: string | null;
  creditedAmount: Fils;
  initiatedAt: Date;
  settledAt: Date | null;
  settledVia: "callback" | "status_query" | null;
}

export interface StoredFee {
  procedureId: string;
  fileId: string;
  amount: Fils;
  /** The part of `amount` that is the notice fee (kw-2025.4); the rest is the order's fee. */
  noticeAmount: Fils;
  ruleVersion: string;
  holdsDispatch: boolean;
  status: FeeStatus;
  paymentId: string | null;
  assessedAt: Date;
  paidAt: Date | null;
}

const paymentColumns = [
  "id",
  "purpose",
  "file_id",
  "procedure_id",
  "payer",
  "amount",
  "status",
  "gateway",
  "gateway_payment_id",
  "payment_page_url",
  "credited_amount",
  "initiated_at",
  "settled_at",
  "settled_via",
] as const;

type PaymentRow = {
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
  credited_amount: bigint;
  initiated_at: Date;
  settled_at: Date | null;
  settled_via: "callback" | "status_query" | null;
};

function paymentOf(row: PaymentRow): StoredPayment {
  return {
    id: row.id,
    purpose: row.purpose,
    fileId: row.file_id,
    procedureId: row.procedure_id,
    payer: row.payer,
    amount: row.amount,
    status: row.status,
    gateway: row.gateway,
    gatewayPaymentId: row.gateway_payment_id,
    paymentPageUrl: row.payment_page_url,
    creditedAmount: row.credited_amount,
    initiatedAt: row.initiated_at,
    settledAt: row.settled_at,
    settledVia: row.settled_via,
  };
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function findPayment(db: Db | Tx, paymentId: string, options: { lock?: boolean } = {}): Promise<StoredPayment | undefined> {
  if (!isUuid(paymentId)) return undefined;
  let query = db.selectFrom("payments").select(paymentColumns).where("id", "=", paymentId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? paymentOf(row) : undefined;
}

export async function insertPayment(tx: Tx, payment: Omit<StoredPayment, "creditedAmount" | "settledAt" | "settledVia" | "gatewayPaymentId" | "paymentPageUrl" | "status">): Promise<void> {
  await tx
    .insertInto("payments")
    .values({
      id: payment.id,
      purpose: payment.purpose,
      file_id: payment.fileId,
      procedure_id: payment.procedureId,
      payer: payment.payer,
      amount: payment.amount,
      status: "pending",
      gateway: payment.gateway,
      initiated_at: payment.initiatedAt,
      updated_at: payment.initiatedAt,
    })
    .execute();
}

/** The gateway's own id and page for a payment (set once; the same values again are fine). */
export async function recordGatewayPayment(db: Db | Tx, paymentId: string, gatewayPaymentId: string, pageUrl: string, now: Date): Promise<void> {
  await db
    .updateTable("payments")
    .set({ gateway_payment_id: gatewayPaymentId, payment_page_url: pageUrl, updated_at: now })
    .where("id", "=", paymentId)
    .where((eb) => eb.or([eb("gateway_payment_id", "is", null), eb("gateway_payment_id", "=", gatewayPaymentId)]))
    .execute();
}

/** Moves a payment from `from` to its result; false when another transaction moved it first. */
export async function settlePaymentRow(
  tx: Tx,
  paymentId: string,
  from: PaymentStatus,
  to: Exclude<PaymentStatus, "pending">,
  fields: { via: "callback" | "status_query"; result: Record<string, unknown>; gatewayPaymentId: string; creditedAmount?: Fils },
  now: Date,
): Promise<boolean> {
  const moved = await tx
    .updateTable("payments")
    .set({
      status: to,
      settled_at: now,
      settled_via: fields.via,
      gateway_result: JSON.stringify(fields.result),
      gateway_payment_id: fields.gatewayPaymentId,
      ...(fields.creditedAmount !== undefined ? { credited_amount: fields.creditedAmount } : {}),
      updated_at: now,
    })
    .where("id", "=", paymentId)
    .where("status", "=", from)
    .executeTakeFirst();
  return moved.numUpdatedRows === 1n;
}

/** A pending payment the gateway does not know: expired, with the reason; false when another transaction moved it first. */
export async function expireUnknownPayment(tx: Tx, paymentId: string, result: Record<string, unknown>, now: Date): Promise<boolean> {
  const moved = await tx
    .updateTable("payments")
    .set({ status: "expired", settled_at: now, settled_via: "status_query", gateway_result: JSON.stringify(result), updated_at: now })
    .where("id", "=", paymentId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return moved.numUpdatedRows === 1n;
}

/** The payer's payment of this amount towards the file's debt, still pending and begun after `since`. */
export async function recentPendingDebtPayment(tx: Tx, search: { fileId: string; payer: string; amount: Fils; since: Date }): Promise<StoredPayment | undefined> {
  const row = await tx
    .selectFrom("payments")
    .select(paymentColumns)
    .where("file_id", "=", search.fileId)
    .where("purpose", "=", "debt")
    .where("payer", "=", search.payer)
    .where("amount", "=", search.amount)
    .where("status", "=", "pending")
    .where("initiated_at", ">", search.since)
    .executeTakeFirst();
  return row ? paymentOf(row) : undefined;
}

export async function pendingFeePayment(tx: Tx, procedureId: string): Promise<StoredPayment | undefined> {
  const row = await tx.selectFrom("payments").select(paymentColumns).where("procedure_id", "=", procedureId).where("purpose", "=", "fee").where("status", "=", "pending").executeTakeFirst();
  return row ? paymentOf(row) : undefined;
}

/** Stores an accepted callback's nonce; false when it was already there (a replay). */
export async function rememberCallback(tx: Tx, callback: { nonce: string; paymentId: string; result: string; sentAt: Date; body: unknown }, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto("payment_callbacks")
    .values({ nonce: callback.nonce, payment_id: callback.paymentId, result: callback.result, sent_at: callback.sentAt, received_at: now, body: JSON.stringify(callback.body) })
    .onConflict((conflict) => conflict.column("nonce").doNothing())
    .returning("nonce")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function callbackSeen(db: Db | Tx, nonce: string): Promise<boolean> {
  return (await db.selectFrom("payment_callbacks").select("nonce").where("nonce", "=", nonce).executeTakeFirst()) !== undefined;
}

// ---- fees -------------------------------------------------------------------------------------

const feeColumns = ["procedure_id", "file_id", "amount", "notice_amount", "rule_version", "holds_dispatch", "status", "payment_id", "assessed_at", "paid_at"] as const;

function feeOf(row: { procedure_id: string; file_id: string; amount: bigint; notice_amount: bigint; rule_version: string; holds_dispatch: boolean; status: FeeStatus; payment_id: string | null; assessed_at: Date; paid_at: Date | null }): StoredFee {
  return {
    procedureId: row.procedure_id,
    fileId: row.file_id,
    amount: row.amount,
    noticeAmount: row.notice_amount,
    ruleVersion: row.rule_version,
    holdsDispatch: row.holds_dispatch,
    status: row.status,
    paymentId: row.payment_id,
    assessedAt: row.assessed_at,
    paidAt: row.paid_at,
  };
}

export async function insertFee(tx: Tx, fee: Omit<StoredFee, "status" | "paymentId" | "paidAt">): Promise<void> {
  await tx
    .insertInto("procedure_fees")
    .values({
      procedure_id: fee.procedureId,
      file_id: fee.fileId,
      amount: fee.amount,
      notice_amount: fee.noticeAmount,
      rule_version: fee.ruleVersion,
      holds_dispatch: fee.holdsDispatch,
      status: "due",
      assessed_at: fee.assessedAt,
      updated_at: fee.assessedAt,
    })
    .execute();
}

export async function findFee(db: Db | Tx, procedureId: string, options: { lock?: boolean } = {}): Promise<StoredFee | undefined> {
  let query = db.selectFrom("procedure_fees").select(feeColumns).where("procedure_id", "=", procedureId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? feeOf(row) : undefined;
}

/** A fee paid (refunded since, or not) with the gateway's answer to its payment: what the fee receipt shows. */
export async function paidFeeReceipt(
  tx: Db | Tx,
  fileId: string,
  procedureId: string,
): Promise<{ amount: Fils; noticeAmount: Fils; ruleVersion: string; paidAt: Date | null; procedureKind: ProcedureKind; paymentId: string; gatewayResult: unknown } | undefined> {
  const fee = await tx
    .selectFrom("procedure_fees as f")
    .innerJoin("procedures as p", "p.id", "f.procedure_id")
    .innerJoin("payments as pay", "pay.id", "f.payment_id")
    .select(["f.amount", "f.notice_amount", "f.rule_version", "f.paid_at", "p.procedure_kind", "pay.id as payment_id", "pay.gateway_result"])
    .where("f.procedure_id", "=", procedureId)
    .where("f.file_id", "=", fileId)
    .where("f.status", "in", ["paid", "refunding", "refunded"])
    .executeTakeFirst();
  return fee && { amount: fee.amount, noticeAmount: fee.notice_amount, ruleVersion: fee.rule_version, paidAt: fee.paid_at, procedureKind: fee.procedure_kind, paymentId: fee.payment_id, gatewayResult: fee.gateway_result };
}

export async function feesOfFile(db: Db | Tx, fileId: string): Promise<StoredFee[]> {
  const rows = await db.selectFrom("procedure_fees").select(feeColumns).where("file_id", "=", fileId).orderBy("assessed_at").orderBy("procedure_id").execute();
  return rows.map(feeOf);
}

/** A procedure's orders wait while its fee is due and the department collects before dispatch. */
export async function feeHoldsDispatch(tx: Tx, procedureId: string): Promise<boolean> {
  const row = await tx.selectFrom("procedure_fees").select("procedure_id").where("procedure_id", "=", procedureId).where("holds_dispatch", "=", true).where("status", "=", "due").executeTakeFirst();
  return row !== undefined;
}

export async function moveFee(tx: Tx, procedureId: string, from: FeeStatus, to: FeeStatus, fields: { paymentId?: string; paidAt?: Date }, now: Date): Promise<boolean> {
  const moved = await tx
    .updateTable("procedure_fees")
    .set({ status: to, ...(fields.paymentId ? { payment_id: fields.paymentId } : {}), ...(fields.paidAt ? { paid_at: fields.paidAt } : {}), updated_at: now })
    .where("procedure_id", "=", procedureId)
    .where("status", "=", from)
    .executeTakeFirst();
  return moved.numUpdatedRows === 1n;
}

// ---- refunds ----------------------------------------------------------------------------------

export interface StoredRefund {
  id: string;
  paymentId: string;
  fileId: string;
  amount: Fils;
  reason: RefundReason;
  attempts: number;
  /** The fee refunded, for a payment of several fees. */
  procedureId?: string | null;
}

/**
 * Asks for a refund once per payment and reason (and fee, for a payment of several fees:
 * `procedureId`); false when it was already asked for (payment_refunds_once).
 */
export async function insertRefund(tx: Tx, refund: Omit<StoredRefund, "attempts"> & { procedureId?: string | null }, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto("payment_refunds")
    .values({ id: refund.id, payment_id: refund.paymentId, file_id: refund.fileId, amount: refund.amount, reason: refund.reason, procedure_id: refund.procedureId ?? null, status: "requested", next_attempt_at: now, requested_at: now })
    .onConflict((conflict) => conflict.doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function dueRefunds(db: Db, now: Date, limit = 20): Promise<StoredRefund[]> {
  const rows = await db
    .selectFrom("payment_refunds")
    .select(["id", "payment_id", "file_id", "amount", "reason", "attempts", "procedure_id"])
    .where("status", "=", "requested")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, paymentId: row.payment_id, fileId: row.file_id, amount: row.amount, reason: row.reason, attempts: row.attempts, procedureId: row.procedure_id }));
}

export async function completeRefund(tx: Tx, refundId: string, gatewayRefundId: string, now: Date): Promise<boolean> {
  const moved = await tx
    .updateTable("payment_refunds")
    .set({ status: "completed", gateway_refund_id: gatewayRefundId, completed_at: now, next_attempt_at: null, last_error: null })
    .where("id", "=", refundId)
    .where("status", "=", "requested")
    .executeTakeFirst();
  return moved.numUpdatedRows === 1n;
}

// 30 s, 1 min, 2 min … at most an hour.
export async function postponeRefund(db: Db, refundId: string, error: string, now: Date): Promise<void> {
  await db
    .updateTable("payment_refunds")
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 500),
      next_attempt_at: sql`${now}::timestamptz + make_interval(secs => least(30 * power(2, attempts), 3600))`,
    })
    .where("id", "=", refundId)
    .where("status", "=", "requested")
    .execute();
}

// ---- what the worker looks for ----------------------------------------------------------------

/** Payments pending longer than `olderThan` and not asked about since then. */
export async function stalePendingPayments(db: Db, olderThan: Date, limit = 50): Promise<StoredPayment[]> {
  const rows = await db
    .selectFrom("payments")
    .select(paymentColumns)
    .where("status", "=", "pending")
    .where("initiated_at", "<=", olderThan)
    .where((eb) => eb.or([eb("last_checked_at", "is", null), eb("last_checked_at", "<=", olderThan)]))
    .orderBy("initiated_at")
    .limit(limit)
    .execute();
  return rows.map(paymentOf);
}

export async function markChecked(db: Db, paymentId: string, now: Date): Promise<void> {
  await db.updateTable("payments").set({ last_checked_at: now }).where("id", "=", paymentId).where("status", "=", "pending").execute();
}

/**
 * Paid fees of requests that never reached an agency: the procedure ended (rejected,
 * waived, lapsed) with no order ever sent. Their fee goes back to the creditor.
 */
export async function unusedPaidFees(db: Db, paidSince: Date, limit = 20): Promise<{ procedureId: string; fileId: string; paymentId: string; amount: Fils }[]> {
  const rows = await db
    .selectFrom("procedure_fees as f")
    .innerJoin("procedures as p", "p.id", "f.procedure_id")
    .select(["f.procedure_id", "f.file_id", "f.payment_id", "f.amount"])
    .where("f.status", "=", "paid")
    .where("f.paid_at", ">=", paidSince)
    .where("p.status", "in", ["rejected", "waived", "expired"])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("agency_orders as o")
            .select(sql`1`.as("one"))
            .whereRef("o.procedure_id", "=", "f.procedure_id")
            .where("o.status", "not in", ["pending", "cancelled"]),
        ),
      ),
    )
    .limit(limit)
    .execute();
  return rows.map((row) => ({ procedureId: row.procedure_id, fileId: row.file_id, paymentId: row.payment_id!, amount: row.amount }));
}

/** Fees paid since then without their receipt yet (the window keeps the look-up to recent payments). */
export async function feesWithoutReceipt(db: Db, paidSince: Date, limit = 20): Promise<{ procedureId: string; fileId: string }[]> {
  const rows = await db
    .selectFrom("procedure_fees as f")
    .select(["f.procedure_id", "f.file_id"])
    .where("f.paid_at", ">=", paidSince)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("documents as d")
            .select(sql`1`.as("one"))
            .whereRef("d.procedure_id", "=", "f.procedure_id")
            .where("d.document_kind", "=", "fee_receipt"),
        ),
      ),
    )
    .orderBy("f.paid_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ procedureId: row.procedure_id, fileId: row.file_id }));
}

/** The ledger sources that are a debtor's payment through the department (a receipt each). */
export const RECEIPTED_PAYMENT_SOURCES = ["online_payment", "cash_at_department", "bank_transfer"] as const;

/** Payments by the debtor credited since then without their receipt yet. */
export async function paymentsWithoutReceipt(db: Db, since: Date, limit = 20): Promise<{ ledgerEntryId: string; fileId: string }[]> {
  const rows = await db
    .selectFrom("ledger_entries as l")
    .select(["l.id", "l.file_id"])
    .where("l.entry_kind", "=", "payment")
    .where("l.source", "in", [...RECEIPTED_PAYMENT_SOURCES])
    .where("l.recorded_at", ">=", since)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("documents as d").select(sql`1`.as("one")).whereRef("d.ledger_entry_id", "=", "l.id").where("d.document_kind", "=", "payment_receipt"))))
    .orderBy("l.recorded_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ledgerEntryId: row.id, fileId: row.file_id }));
}

/** What a payment receipt states: the payment, how it was made, and what was still owed after it. */
export async function paymentReceiptFacts(
  db: Db | Tx,
  fileId: string,
  ledgerEntryId: string,
): Promise<{ amount: bigint; source: string; reference: string | null; recordedAt: Date; outstandingAfter: bigint } | undefined> {
  const entry = await db.selectFrom("ledger_entries").select(["amount", "source", "reference", "recorded_at", "entry_kind"]).where("id", "=", ledgerEntryId).where("file_id", "=", fileId).executeTakeFirst();
  if (!entry || entry.entry_kind !== "payment") return undefined;
  const file = await db.selectFrom("enforcement_files").select("claim_total").where("id", "=", fileId).executeTakeFirstOrThrow();
  const upTo = await db
    .selectFrom("ledger_entries")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("amount"), sql<string>`0`).as("total"))
    .where("file_id", "=", fileId)
    .where("recorded_at", "<=", entry.recorded_at)
    .executeTakeFirstOrThrow();
  return { amount: entry.amount, source: entry.source, reference: entry.reference, recordedAt: entry.recorded_at, outstandingAfter: BigInt(file.claim_total) - BigInt(upTo.total) };
}

/**
 * Satisfied files whose every lift has been confirmed by its agency (no order still
 * waiting in the outbox, for its lift to be queued or sent, or for the agency's
 * confirmation — the certificate states each confirmation) and that have no release
 * certificate yet.
 */
export async function satisfiedFilesAwaitingCertificate(db: Db, satisfiedSince: Date, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom("enforcement_files as f")
    .select("f.id")
    .where("f.status", "=", "satisfied")
    .where("f.satisfied_at", ">=", satisfiedSince)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom("agency_orders as o").select(sql`1`.as("one")).whereRef("o.file_id", "=", "f.id").where("o.status", "in", ["pending", "lift_requested", "lift_sent"]))),
        // Sent means delivered to the agency, not just queued for it.
        eb.not(
          eb.exists(
            eb
              .selectFrom("agency_messages as m")
              .select(sql`1`.as("one"))
              .whereRef("m.file_id", "=", "f.id")
              .where("m.direction", "=", "out")
              .where("m.message_type", "=", "lift.order")
              .where("m.status", "=", "pending"),
          ),
        ),
        eb.not(eb.exists(eb.selectFrom("documents as d").select(sql`1`.as("one")).whereRef("d.file_id", "=", "f.id").where("d.document_kind", "=", "release_certificate"))),
      ]),
    )
    .orderBy("f.satisfied_at")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** The fees a payment of several fees pays (purpose fees), in file order. */
export interface PaymentFeeItem {
  procedureId: string;
  fileId: string;
  amount: Fils;
}

export async function insertPaymentFeeItems(tx: Tx, paymentId: string, items: readonly PaymentFeeItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx
    .insertInto("payment_fee_items")
    .values(items.map((item) => ({ payment_id: paymentId, procedure_id: item.procedureId, file_id: item.fileId, amount: item.amount })))
    .execute();
}

export async function paymentFeeItems(db: Db | Tx, paymentId: string): Promise<PaymentFeeItem[]> {
  const rows = await db
    .selectFrom("payment_fee_items")
    .select(["procedure_id", "file_id", "amount"])
    .where("payment_id", "=", paymentId)
    .orderBy("file_id")
    .orderBy("procedure_id")
    .execute();
  return rows.map((row) => ({ procedureId: row.procedure_id, fileId: row.file_id, amount: row.amount }));
}
