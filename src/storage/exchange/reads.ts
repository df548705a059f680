/**
 * Read models of the agency portal: the orders and disclosure requests sent to an
 * agency, one query per page (keyset-paginated), each with what the officer needs to act
 * on it: file number, debtor's identifier and name, amounts, times.
 */
import { sql, type Expression, type SqlBool } from "kysely";
import { answerDueStatuses, awaitingAnswerStatuses } from "../../domain/procedures/portal-answers.ts";
import type { AgencyOrderStatus, ProcedureKind } from "../../domain/procedures/index.ts";
import type { Db } from "../database.ts";
import type { Tx } from "../action-log.ts";

export interface AgencyOrderFilter {
  agencyKeys: readonly string[];
  status?: AgencyOrderStatus;
  /** The agency owes an answer (to the order or to its lift). */
  awaitingAnswer?: boolean;
  /** The answer deadline passed without an answer (now, or recorded by the deadline sweep). */
  deadlineMissed?: boolean;
  /** Keyset: the last row of the previous page (newest sent first). */
  after?: { sentAt: Date; id: string };
  limit: number;
}

export interface AgencyOrderRow {
  id: string;
  agencyKey: string;
  status: AgencyOrderStatus;
  procedureKind: ProcedureKind;
  fileId: string;
  fileNumber: string;
  debtor: { civilId: string | null; crNumber: string | null; nameAr: string; nameEn: string };
  maxAmount: bigint | null;
  amountHeld: bigint;
  frozenDeclared: bigint;
  declarationSequence: number;
  details: unknown;
  sentAt: Date;
  answerDueAt: Date | null;
  deadlineMissedAt: Date | null;
  updatedAt: Date;
}

function ordersQuery(db: Db | Tx) {
  return db
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .innerJoin("enforcement_files as f", "f.id", "o.file_id")
    .innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id")
    .leftJoin("persons as pe", "pe.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .select([
      "o.id",
      "o.agency_key",
      "o.status",
      "p.procedure_kind",
      "f.id as file_id",
      "f.number as file_number",
      "fp.civil_id",
      "fp.cr_number",
      "pe.name_ar as person_ar",
      "pe.name_en as person_en",
      "c.name_ar as company_ar",
      "c.name_en as company_en",
      "o.max_amount",
      "o.amount_held",
      "o.frozen_declared",
      "o.declaration_sequence",
      "o.details",
      "o.sent_at",
      "o.answer_due_at",
      "o.deadline_missed_at",
      "o.updated_at",
    ])
    // Only what reached the agency: an order still in the outbox is not theirs to see yet.
    .where("o.sent_at", "is not", null);
}

type OrderRecord = Awaited<ReturnType<ReturnType<typeof ordersQuery>["executeTakeFirstOrThrow"]>>;

function toRow(row: OrderRecord): AgencyOrderRow {
  return {
    id: row.id,
    agencyKey: row.agency_key,
    status: row.status as AgencyOrderStatus,
    procedureKind: row.procedure_kind,
    fileId: row.file_id,
    fileNumber: row.file_number,
    debtor: { civilId: row.civil_id, crNumber: row.cr_number, nameAr: (row.person_ar ?? row.company_ar)!, nameEn: (row.person_en ?? row.company_en)! },
    maxAmount: row.max_amount,
    amountHeld: row.amount_held,
    frozenDeclared: row.frozen_declared,
    declarationSequence: row.declaration_sequence,
    details: row.details,
    sentAt: row.sent_at!,
    answerDueAt: row.answer_due_at,
    deadlineMissedAt: row.deadline_missed_at,
    updatedAt: row.updated_at,
  };
}

export async function listAgencyOrders(db: Db, filter: AgencyOrderFilter, now: Date): Promise<AgencyOrderRow[]> {
  if (filter.agencyKeys.length === 0) return [];
  let query = ordersQuery(db).where("o.agency_key", "in", filter.agencyKeys);
  if (filter.status) query = query.where("o.status", "=", filter.status);
  if (filter.awaitingAnswer !== undefined) {
    query = filter.awaitingAnswer ? query.where("o.status", "in", awaitingAnswerStatuses) : query.where("o.status", "not in", awaitingAnswerStatuses);
  }
  if (filter.deadlineMissed !== undefined) {
    const missed = (eb: any): Expression<SqlBool> =>
      eb.or([eb("o.deadline_missed_at", "is not", null), eb.and([eb("o.status", "in", answerDueStatuses), eb("o.answer_due_at", "<", now)])]);
    query = filter.deadlineMissed ? query.where(missed) : query.where((eb) => eb.not(missed(eb)));
  }
  if (filter.after) {
    const { sentAt, id } = filter.after;
    query = query.where((eb) => eb.or([eb("o.sent_at", "<", sentAt), eb.and([eb("o.sent_at", "=", sentAt), eb("o.id", "<", id)])]));
  }
  const rows = await query.orderBy("o.sent_at", "desc").orderBy("o.id", "desc").limit(filter.limit).execute();
  return rows.map(toRow);
}

/** One order as its agency sees it, or undefined when it does not exist or was not sent yet. */
export async function agencyOrder(db: Db | Tx, orderId: string): Promise<AgencyOrderRow | undefined> {
  const row = await ordersQuery(db).where("o.id", "=", orderId).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export interface ExchangedMessage {
  id: bigint;
  direction: "in" | "out";
  messageId: string;
  type: string;
  status: string;
  body: unknown;
  submittedBy: string | null;
  batchId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The messages exchanged about one order, oldest first. */
export async function orderMessages(db: Db, orderId: string, agencyKey: string): Promise<ExchangedMessage[]> {
  const rows = await db
    .selectFrom("agency_messages")
    .select(["id", "direction", "message_id", "message_type", "status", "body", "submitted_by", "batch_id", "created_at", "updated_at"])
    .where("order_id", "=", orderId)
    .where("agency_key", "=", agencyKey)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    messageId: row.message_id,
    type: row.message_type,
    status: row.status,
    body: row.body,
    submittedBy: row.submitted_by,
    batchId: row.batch_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** The latest message the hub sent about an order, of one of these types (what an answer replies to). */
export async function latestOutbound(tx: Tx, where: { orderId?: string; requestId?: string; agencyKey: string }, types: readonly string[]) {
  let query = tx
    .selectFrom("agency_messages")
    .select(["message_id", "body", "created_at"])
    .where("direction", "=", "out")
    .where("agency_key", "=", where.agencyKey)
    .where("message_type", "in", types);
  if (where.orderId) query = query.where("order_id", "=", where.orderId);
  if (where.requestId) query = query.where("request_id", "=", where.requestId);
  return query.orderBy("id", "desc").limit(1).executeTakeFirst();
}

export interface DisclosureRequestRow {
  requestId: string;
  agencyKey: string;
  fileId: string;
  fileNumber: string;
  debtor: { civilId: string | null; crNumber: string | null; nameAr: string; nameEn: string };
  requestedAt: Date;
  /** This agency's answer, if it gave one (statement or refusal). */
  answer: { type: string; at: Date } | null;
}

/**
 * Disclosure requests (Art. 204 bis) sent to these agencies, newest first, each with this
 * agency's answer if any. A request names its agencies, so there is one row per request
 * and agency.
 */
export async function listDisclosureRequests(
  db: Db | Tx,
  filter: { agencyKeys: readonly string[]; requestId?: string; answered?: boolean; after?: { requestedAt: Date; id: string; agencyKey: string }; limit: number },
): Promise<DisclosureRequestRow[]> {
  if (filter.agencyKeys.length === 0) return [];
  let query = db
    .selectFrom("disclosure_requests as d")
    // One row per agency the request was sent to (the column of unnest(x) AS u is u itself).
    .innerJoinLateral((eb) => eb.selectFrom(sql<string>`unnest(d.agencies)`.as("u")).select(sql<string>`u`.as("agency_key")).as("a"), (join) => join.onTrue())
    .innerJoin("enforcement_files as f", "f.id", "d.file_id")
    .innerJoin("file_parties as fp", "fp.id", "d.debtor_party_id")
    .leftJoin("persons as pe", "pe.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("agency_messages as m")
          .select(["m.message_type", "m.created_at"])
          .where("m.direction", "=", "in")
          .whereRef("m.request_id", "=", "d.id")
          .whereRef("m.agency_key", "=", "a.agency_key")
          .where("m.status", "=", "applied")
          .orderBy("m.id", "desc")
          .limit(1)
          .as("answer"),
      (join) => join.onTrue(),
    )
    .select([
      "d.id",
      "a.agency_key",
      "d.file_id",
      "f.number as file_number",
      "fp.civil_id",
      "fp.cr_number",
      "pe.name_ar as person_ar",
      "pe.name_en as person_en",
      "c.name_ar as company_ar",
      "c.name_en as company_en",
      "d.requested_at",
      "answer.message_type as answer_type",
      "answer.created_at as answer_at",
    ])
    .where(sql<SqlBool>`a.agency_key = any(${sql.val([...filter.agencyKeys])}::text[])`)
    .where(sql<SqlBool>`d.agencies && ${sql.val([...filter.agencyKeys])}::text[]`);
  if (filter.requestId) query = query.where("d.id", "=", filter.requestId);
  if (filter.answered !== undefined) query = query.where(filter.answered ? sql<SqlBool>`answer.message_type IS NOT NULL` : sql<SqlBool>`answer.message_type IS NULL`);
  if (filter.after) {
    const { requestedAt, id, agencyKey } = filter.after;
    query = query.where(sql<SqlBool>`(d.requested_at, d.id, a.agency_key) < (${requestedAt}, ${id}::uuid, ${agencyKey})`);
  }
  const rows = await query.orderBy("d.requested_at", "desc").orderBy("d.id", "desc").orderBy(sql`a.agency_key`, "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    requestId: row.id,
    agencyKey: row.agency_key,
    fileId: row.file_id,
    fileNumber: row.file_number,
    debtor: { civilId: row.civil_id, crNumber: row.cr_number, nameAr: (row.person_ar ?? row.company_ar)!, nameEn: (row.person_en ?? row.company_en)! },
    requestedAt: row.requested_at,
    answer: row.answer_type ? { type: row.answer_type, at: row.answer_at! } : null,
  }));
}

// The exchange monitor's figures, per agency, in two grouped queries (orders, outbound
// messages) whatever the number of agencies. Both read only what is open or recent, each
// through a partial index: orders owing an answer or past their deadline, messages
// pending, dead, or retried in the last day.

export const RECENT_WINDOW_MS = 24 * 3_600_000;

export interface AgencyFigures {
  agencyKey: string;
  orders: {
    /** Orders whose agency owes an answer (to the order, or to its lift). */
    awaitingAnswer: number;
    /** Since when the longest-waiting of them waits (sent, or lift asked), and for how long. */
    oldestAwaitingSince: Date | null;
    oldestAwaitingSeconds: number;
    /** Owing the answer to the order past its due date now. */
    overdue: number;
    /** Deadline breaches recorded by the sweep (Art. 230(e) for banks), answered since or not. */
    deadlineBreaches: number;
  };
  outbound: {
    /** Waiting to be delivered (due now, or waiting for a retry). */
    pending: number;
    /** Of the pending: failed at least once, waiting for the next attempt. */
    retrying: number;
    /** Given up after too many attempts: for staff to re-drive. */
    dead: number;
    oldestPendingSince: Date | null;
    oldestPendingSeconds: number;
    /** Failed delivery attempts of messages not delivered yet (pending and dead). */
    failedAttempts: number;
    /** Messages that needed more than one attempt, updated in the last 24 hours (delivered or not). */
    retriedRecently: number;
  };
  answers: {
    /** Answers the hub refused (a check failed: IBAN, total, reply, sequence, amount), in the last 24 hours. */
    refusedRecently: number;
    /** Declarations above the maximum the bank was told: breaches recorded against it, ever, and the last one. */
    overDeclarations: number;
    lastOverDeclarationAt: Date | null;
  };
}

const ageSeconds = (since: Date | null, now: Date) => (since === null ? 0 : Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000)));
const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Figures for every agency named in `agencyKeys` (zeros when idle) and any other that has some. */
export async function agencyMonitorFigures(db: Db, agencyKeys: readonly string[], now: Date): Promise<AgencyFigures[]> {
  const awaiting = sql.join(awaitingAnswerStatuses.map((status) => sql.lit(status)));
  const due = sql.join(answerDueStatuses.map((status) => sql.lit(status)));
  const recent = new Date(now.getTime() - RECENT_WINDOW_MS);
  const [orders, messages, refused, breaches] = await Promise.all([
    sql<{ agency_key: string; awaiting: string; oldest: Date | string | null; overdue: string; breaches: string }>`
      SELECT agency_key,
        count(*) FILTER (WHERE status IN (${awaiting})) AS awaiting,
        min(CASE WHEN status IN (${due}) THEN sent_at ELSE updated_at END) FILTER (WHERE status IN (${awaiting})) AS oldest,
        count(*) FILTER (WHERE status IN (${due}) AND answer_due_at < ${now}) AS overdue,
        count(*) FILTER (WHERE deadline_missed_at IS NOT NULL) AS breaches
      FROM agency_orders
      WHERE status IN (${awaiting}) OR deadline_missed_at IS NOT NULL
      GROUP BY agency_key`.execute(db),
    sql<{ agency_key: string; pending: string; retrying: string; dead: string; oldest: Date | string | null; failed: string; retried: string }>`
      SELECT agency_key,
        count(*) FILTER (WHERE status = 'pending') AS pending,
        count(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL) AS retrying,
        count(*) FILTER (WHERE status = 'dead') AS dead,
        min(created_at) FILTER (WHERE status = 'pending') AS oldest,
        coalesce(sum(attempts) FILTER (WHERE status IN ('pending', 'dead') AND last_error IS NOT NULL), 0) AS failed,
        count(*) FILTER (WHERE attempts > 1 AND updated_at >= ${recent}) AS retried
      FROM agency_messages
      WHERE direction = 'out' AND (status IN ('pending', 'dead') OR (attempts > 1 AND updated_at >= ${recent}))
      GROUP BY agency_key`.execute(db),
    sql<{ agency_key: string; refused: string }>`
      SELECT agency_key, count(*) AS refused FROM agency_messages
      WHERE direction = 'in' AND status = 'invalid' AND updated_at >= ${recent}
      GROUP BY agency_key`.execute(db),
    sql<{ agency_key: string; breaches: string; last: Date | string | null }>`
      SELECT agency_key, count(*) AS breaches, max(occurred_at) AS last FROM agency_breaches GROUP BY agency_key`.execute(db),
  ]);
  const refusedRows = new Map(refused.rows.map((row) => [row.agency_key, Number(row.refused)]));
  const breachRows = new Map(breaches.rows.map((row) => [row.agency_key, row]));
  const orderRows = new Map(orders.rows.map((row) => [row.agency_key, row]));
  const messageRows = new Map(messages.rows.map((row) => [row.agency_key, row]));
  const keys = [...new Set([...agencyKeys, ...orderRows.keys(), ...messageRows.keys(), ...refusedRows.keys(), ...breachRows.keys()])].sort();
  return keys.map((agencyKey) => {
    const order = orderRows.get(agencyKey);
    const message = messageRows.get(agencyKey);
    const oldestAwaiting = toDate(order?.oldest ?? null);
    const oldestPending = toDate(message?.oldest ?? null);
    return {
      agencyKey,
      orders: {
        awaitingAnswer: Number(order?.awaiting ?? 0),
        oldestAwaitingSince: oldestAwaiting,
        oldestAwaitingSeconds: ageSeconds(oldestAwaiting, now),
        overdue: Number(order?.overdue ?? 0),
        deadlineBreaches: Number(order?.breaches ?? 0),
      },
      outbound: {
        pending: Number(message?.pending ?? 0),
        retrying: Number(message?.retrying ?? 0),
        dead: Number(message?.dead ?? 0),
        oldestPendingSince: oldestPending,
        oldestPendingSeconds: ageSeconds(oldestPending, now),
        failedAttempts: Number(message?.failed ?? 0),
        retriedRecently: Number(message?.retried ?? 0),
      },
      answers: {
        refusedRecently: refusedRows.get(agencyKey) ?? 0,
        overDeclarations: Number(breachRows.get(agencyKey)?.breaches ?? 0),
        lastOverDeclarationAt: toDate(breachRows.get(agencyKey)?.last ?? null),
      },
    };
  });
}
