/**
 * The exchange's messages as stored. Out: queued in the caller's transaction, stored as
 * pending and delivered by the worker with retries; a message's id is fixed when queued,
 * so a resend after a crash is the same message and the agency drops the duplicate. In:
 * every answer kept with its outcome; a message id seen before from the same agency is a
 * duplicate. Batches received, and refused ones as evidence.
 */
import { randomUUID } from "node:crypto";
import { sql, type SqlBool } from "kysely";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import { isUniqueViolation } from "../errors.ts";
import type { AgencyMessageStatus } from "./schema.ts";
import type { OutgoingMessage } from "../../domain/exchange/order-messages.ts";

export type { OutgoingMessage };

export interface QueuedMessage {
  agencyKey: string;
  message: OutgoingMessage;
  fileId?: string | null;
  orderId?: string | null;
  requestId?: string | null;
}

export async function queueAgencyMessages(tx: Tx, queued: readonly QueuedMessage[], now: Date): Promise<string[]> {
  if (queued.length === 0) return [];
  const rows = queued.map((entry) => {
    const messageId = randomUUID();
    return {
      direction: "out" as const,
      agency_key: entry.agencyKey,
      message_id: messageId,
      message_type: entry.message.type,
      file_id: entry.fileId ?? null,
      order_id: entry.orderId ?? null,
      request_id: entry.requestId ?? null,
      body: JSON.stringify({ ...entry.message, messageId, sentAt: now.toISOString() }),
      batch_id: null,
      status: "pending" as const,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
  });
  await tx.insertInto("agency_messages").values(rows).execute();
  return rows.map((row) => row.message_id);
}

// ---- inbound -----------------------------------------------------------------------------

/** An answer from an agency as it is stored: the message, the signed batch it came in (null from the portal), who gave it in the portal. */
export interface InboundMessage {
  agencyKey: string;
  messageId: string;
  type: string;
  requestId: string | null;
  body: unknown;
  batchId: string | null;
  submittedBy: string | null;
}

/**
 * Stores inbound messages in one statement, status `applied` until their outcomes are
 * written; a message id this agency sent before is dropped. Returns the stored rows' ids by message id.
 */
export async function storeInbound(tx: Tx, messages: readonly InboundMessage[], now: Date): Promise<Map<string, bigint>> {
  if (messages.length === 0) return new Map();
  const stored = await tx
    .insertInto("agency_messages")
    .values(
      messages.map((message) => ({
        direction: "in" as const,
        agency_key: message.agencyKey,
        message_id: message.messageId,
        message_type: message.type,
        order_id: null,
        request_id: message.requestId,
        body: JSON.stringify(message.body),
        batch_id: message.batchId,
        submitted_by: message.submittedBy,
        status: "applied" as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((conflict) => conflict.columns(["agency_key", "direction", "message_id"]).doNothing())
    .returning(["id", "message_id"])
    .execute();
  return new Map(stored.map((row) => [row.message_id, row.id]));
}

export type InboundStatus = "applied" | "ignored" | "invalid";

/** The stored inbound rows' outcomes (status, the reason or code, the order it was about), in one statement. */
export async function recordInboundOutcomes(tx: Tx, outcomes: readonly { id: bigint; status: InboundStatus; error: string | null; orderId: string | null }[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = outcomes.map(({ id, status, error, orderId }) => sql`(${id.toString()}::bigint, ${status}, ${error}, ${orderId}::uuid)`);
  await sql`
    UPDATE agency_messages AS m SET status = v.status, last_error = v.last_error, order_id = v.order_id
    FROM (VALUES ${sql.join(values)}) AS v (id, status, last_error, order_id)
    WHERE m.id = v.id`.execute(tx);
}

/** A message the hub sent to an agency, as an answer's `inReplyTo` names it. */
export interface SentMessage {
  type: string;
  orderId: string | null;
  requestId: string | null;
  body: Record<string, unknown>;
}

/** The messages the hub sent to this agency with these ids (what answers reply to), by message id, in one statement. */
export async function sentMessagesOf(tx: Tx, agencyKey: string, messageIds: readonly string[]): Promise<Map<string, SentMessage>> {
  if (messageIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom("agency_messages")
    .select(["message_id", "message_type", "order_id", "request_id", "body"])
    .where("direction", "=", "out")
    .where("agency_key", "=", agencyKey)
    .where("message_id", "in", [...new Set(messageIds)])
    .execute();
  return new Map(rows.map((row) => [row.message_id, { type: row.message_type, orderId: row.order_id, requestId: row.request_id, body: parseBody(row.body) }]));
}

const parseBody = (body: unknown): Record<string, unknown> => (typeof body === "string" ? (JSON.parse(body) as Record<string, unknown>) : (body as Record<string, unknown>));

/**
 * The most the bank was told it may hold under an order: the `maxAmount` of the latest
 * `attachment.order` or `hold.adjust` it had received (delivered, or the one its answer
 * replies to). Null when it had received none.
 */
export async function toldMaximum(tx: Tx, orderId: string, agencyKey: string, inReplyTo: string): Promise<bigint | null> {
  const row = await tx
    .selectFrom("agency_messages")
    .select(["body"])
    .where("direction", "=", "out")
    .where("agency_key", "=", agencyKey)
    .where("order_id", "=", orderId)
    .where("message_type", "in", ["attachment.order", "hold.adjust"])
    .where((eb) => eb.or([eb("status", "=", "delivered"), eb("message_id", "=", inReplyTo)]))
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const max = row && parseBody(row.body).maxAmount;
  return typeof max === "string" ? BigInt(max) : null;
}

/** An answer's breach of the protocol by its agency, kept for the agency monitor (migration 0026). */
export interface AgencyBreach {
  agencyKey: string;
  kind: "over_declaration";
  orderId: string;
  fileId: string;
  messageId: string;
  declared: bigint;
  maximum: bigint;
}

export async function recordBreach(tx: Tx, breach: AgencyBreach, now: Date): Promise<void> {
  await tx
    .insertInto("agency_breaches")
    .values({
      agency_key: breach.agencyKey,
      kind: breach.kind,
      order_id: breach.orderId,
      file_id: breach.fileId,
      message_id: breach.messageId,
      declared: breach.declared,
      maximum: breach.maximum,
      occurred_at: now,
    })
    .onConflict((conflict) => conflict.columns(["agency_key", "message_id"]).doNothing())
    .execute();
}

/** Whether the hub asked this agency the request (an identity query, a disclosure) it now answers. */
export async function askedOf(tx: Tx, agencyKey: string, requestId: string): Promise<boolean> {
  const row = await tx.selectFrom("agency_messages").select("id").where("direction", "=", "out").where("request_id", "=", requestId).where("agency_key", "=", agencyKey).executeTakeFirst();
  return row !== undefined;
}

/** Whether the civil-information authority was asked about this person since `since` (not to ask twice for one wave of orders). */
export async function identityQueriedSince(tx: Tx, civilId: string, since: Date): Promise<boolean> {
  const row = await tx
    .selectFrom("agency_messages")
    .select("id")
    .where("direction", "=", "out")
    .where("message_type", "=", "identity.query")
    .where(sql<boolean>`body->>'civilId' = ${civilId}`)
    .where("created_at", ">", since)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- batches and refusals ----------------------------------------------------------------

/** Records a verified inbound batch; false when this agency sent this batch id before (a replay). */
export async function recordInboundBatch(tx: Tx | Db, batch: { agencyKey: string; batchId: string; jws: string; messageCount: number }, now: Date): Promise<boolean> {
  try {
    await tx
      .insertInto("agency_batches")
      .values({ agency_key: batch.agencyKey, direction: "in", batch_id: batch.batchId, jws: batch.jws, message_count: batch.messageCount, outcome: "received", created_at: now })
      .execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export interface Refusal {
  claimedSender: string | null;
  batchId: string | null;
  code: string;
  detail: string;
  /** Of the whole body. */
  jwsSha256: string;
  /** The whole body's size. */
  sizeBytes: number;
  /** The protected header, decoded (bounded by the caller). */
  header: string | null;
  /** What is kept of the refused body: its first few KiB. */
  jws: string;
  sourceAddress: string | null;
}

/**
 * Keeps a refusal as evidence, once: the same body refused again for the same reason is
 * counted on the first record (times_seen, last_received_at), not stored again.
 */
export async function recordRefusal(db: Tx | Db, refusal: Refusal, now: Date): Promise<void> {
  await db
    .insertInto("agency_refusals")
    .values({
      claimed_sender: refusal.claimedSender,
      code: refusal.code,
      detail: refusal.detail,
      batch_id: refusal.batchId,
      jws_sha256: refusal.jwsSha256,
      jws: refusal.jws,
      size_bytes: refusal.sizeBytes,
      header: refusal.header,
      source_address: refusal.sourceAddress,
      received_at: now,
      last_received_at: now,
    })
    .onConflict((conflict) =>
      conflict.columns(["jws_sha256", "code"]).doUpdateSet((eb) => ({ times_seen: eb("agency_refusals.times_seen", "+", 1), last_received_at: eb.ref("excluded.last_received_at") })),
    )
    .execute();
}

// Disclosure requests (Art. 204 bis): which agencies were asked about a file's debtor.

export interface StoredDisclosureRequest {
  id: string;
  fileId: string;
  agencies: string[];
}

export async function disclosureRequestById(tx: Tx, id: string): Promise<StoredDisclosureRequest | undefined> {
  const row = await tx.selectFrom("disclosure_requests").select(["id", "file_id", "agencies"]).where("id", "=", id).executeTakeFirst();
  return row && { id: row.id, fileId: row.file_id, agencies: row.agencies };
}

export async function insertDisclosureRequest(
  tx: Tx,
  request: { id: string; fileId: string; debtorPartyId: string; requestedBy: string; agencies: string[]; petitionId: string; funds: "present_and_future" },
  now: Date,
): Promise<void> {
  await tx
    .insertInto("disclosure_requests")
    .values({
      id: request.id,
      file_id: request.fileId,
      debtor_party_id: request.debtorPartyId,
      requested_by: request.requestedBy,
      requested_at: now,
      agencies: request.agencies,
      petition_id: request.petitionId,
      funds: request.funds,
    })
    .execute();
}

export interface StoredDisclosurePetition {
  id: string;
  fileId: string;
  debtorPartyId: string;
  petitionedBy: string;
  petitionedAt: Date;
  grounds: string;
  status: "pending" | "granted";
}

/** Art. 204 bis: a creditor's petition for a statement of the debtor's funds, recorded on the file. */
export async function insertDisclosurePetition(tx: Tx, petition: Omit<StoredDisclosurePetition, "status">): Promise<void> {
  await tx
    .insertInto("disclosure_petitions")
    .values({ id: petition.id, file_id: petition.fileId, debtor_party_id: petition.debtorPartyId, petitioned_by: petition.petitionedBy, petitioned_at: petition.petitionedAt, grounds: petition.grounds, status: "pending" })
    .execute();
}

/** A petition of this file (the file is locked by the caller), or undefined. */
export async function disclosurePetitionOfFile(tx: Tx, fileId: string, petitionId: string): Promise<StoredDisclosurePetition | undefined> {
  const row = await tx.selectFrom("disclosure_petitions").selectAll().where("id", "=", petitionId).where("file_id", "=", fileId).executeTakeFirst();
  return (
    row && { id: row.id, fileId: row.file_id, debtorPartyId: row.debtor_party_id, petitionedBy: row.petitioned_by, petitionedAt: row.petitioned_at, grounds: row.grounds, status: row.status }
  );
}

/** The delegate granted the petition: only from pending (a lost race changes nothing and says so). */
export async function grantDisclosurePetition(tx: Tx, petitionId: string, decidedBy: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable("disclosure_petitions")
    .set({ status: "granted", decided_by: decidedBy, decided_at: now })
    .where("id", "=", petitionId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Locks the disclosure request (two answers to it at once: the second waits); false when there is none. */
export async function lockDisclosureRequest(tx: Tx, id: string): Promise<boolean> {
  const request = await tx.selectFrom("disclosure_requests").select(["id"]).where("id", "=", id).forUpdate().executeTakeFirst();
  return request !== undefined;
}

/** Whether a transfer confirmation answering this message was applied to the order already. */
export async function transferConfirmed(tx: Tx, orderId: string, inReplyTo: string): Promise<boolean> {
  const confirmed = await tx
    .selectFrom("agency_messages")
    .select("id")
    .where("direction", "=", "in")
    .where("order_id", "=", orderId)
    .where("message_type", "=", "transfer.confirmation")
    .where("status", "=", "applied")
    .where(sql<SqlBool>`body->>'inReplyTo' = ${inReplyTo}`)
    .executeTakeFirst();
  return confirmed !== undefined;
}

// ---- the monitor ---------------------------------------------------------------------------

export interface MonitoredMessage {
  id: bigint;
  direction: "in" | "out";
  agencyKey: string;
  type: string;
  orderId: string | null;
  status: AgencyMessageStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Messages in a status (dead letters first of all), newest change first. */
export async function messagesInStatus(db: Db, filter: { status: AgencyMessageStatus; agencyKey?: string | undefined; limit: number }): Promise<MonitoredMessage[]> {
  let query = db
    .selectFrom("agency_messages")
    .select(["id", "direction", "agency_key", "message_type", "order_id", "status", "attempts", "last_error", "next_attempt_at", "created_at", "updated_at"])
    .where("status", "=", filter.status)
    .orderBy("updated_at", "desc")
    .limit(filter.limit);
  if (filter.agencyKey) query = query.where("agency_key", "=", filter.agencyKey);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    agencyKey: row.agency_key,
    type: row.message_type,
    orderId: row.order_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** Puts dead messages back in the queue; returns how many. */
export async function redriveDead(db: Db, ids: readonly bigint[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("agency_messages")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, last_error: null, updated_at: now })
    .where("id", "in", [...ids])
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * When an order was served on its agency: the first delivery of its order message (the batch
 * receipted by the agency's endpoint, or listed in the agency portal); null while undelivered.
 */
export async function orderServedAt(tx: Tx, orderId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom("agency_messages")
    .select((eb) => eb.fn.min("updated_at").as("served_at"))
    .where("order_id", "=", orderId)
    .where("direction", "=", "out")
    .where("status", "=", "delivered")
    .where("message_type", "in", ["attachment.order", "seizure.order", "travel_ban.order"])
    .executeTakeFirst();
  return (row?.served_at as Date | null | undefined) ?? null;
}

/**
 * Bank orders in flight (sent or acknowledged, accepted by the bank's receipt, no final answer)
 * claimed for a status query (docs/agency-protocol.md section 10.5) whatever their age: after the
 * hub's own restart, or on a staff request. Optionally one bank or some orders; an order whose
 * previous query is still on its way is skipped. Marks them asked (`status_asked_at`).
 */
export async function claimOrdersInFlight(
  tx: Tx,
  options: { now: Date; limit: number; agencyKey?: string | undefined; orderIds?: readonly string[] | undefined; askedBefore?: Date | undefined },
): Promise<{ id: string; fileId: string; agencyKey: string; fileNumber: string }[]> {
  let query = tx
    .selectFrom("agency_orders as o")
    .innerJoin("enforcement_files as f", "f.id", "o.file_id")
    .select(["o.id", "o.file_id", "o.agency_key", "f.number"])
    .where("o.status", "in", ["sent", "acknowledged"])
    .where("o.agency_key", "like", "bank:%")
    .where(sql<SqlBool>`EXISTS (SELECT 1 FROM agency_messages m WHERE m.order_id = o.id AND m.direction = 'out' AND m.message_type = 'attachment.order' AND m.status = 'delivered')`)
    .where(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM agency_messages m WHERE m.order_id = o.id AND m.direction = 'out' AND m.message_type = 'order.status' AND m.status IN ('pending', 'dead'))`);
  if (options.agencyKey) query = query.where("o.agency_key", "=", options.agencyKey);
  if (options.orderIds) query = query.where("o.id", "in", options.orderIds.length > 0 ? [...options.orderIds] : ["00000000-0000-0000-0000-000000000000"]);
  // Not asked again by the same sweep (the startup sweep claims in rounds).
  if (options.askedBefore) query = query.where(sql<SqlBool>`(o.status_asked_at IS NULL OR o.status_asked_at < ${options.askedBefore})`);
  const rows = await query.orderBy(sql`coalesce(o.status_asked_at, o.sent_at)`).limit(options.limit).forUpdate("o").skipLocked().execute();
  if (rows.length > 0) {
    await tx
      .updateTable("agency_orders")
      .set({ status_asked_at: options.now })
      .where("id", "in", rows.map((row) => row.id))
      .execute();
  }
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, agencyKey: row.agency_key, fileNumber: row.number }));
}
