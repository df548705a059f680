/**
 * Receives a signed batch from an agency: verifies the signature against the agency's
 * published keys, the audience, the version and the time window; refuses a replayed
 * batch; then stores and applies each message in its own transaction, dropping a message
 * id already seen. Answers the transport receipt of the protocol.
 */
import { createHash } from "node:crypto";
import { agencyMessage, ProtocolError, verifyEnvelope, type AgencyMessage, type Receipt } from "../protocol/index.ts";
import type { Db } from "../../storage/database.ts";
import { isUniqueViolation } from "../../storage/errors.ts";
import type { Tx } from "../../storage/action-log.ts";
import { sql } from "kysely";
import { FileChanges, OrderMoves } from "../../app/file-changes.ts";
import { lockFiles, type LockedFile } from "../../storage/files-repository.ts";
import { enforceBankCap } from "../../app/enforce-bank-cap.ts";
import { ordersOfProcedures, proceduresById, type StoredOrder } from "../../storage/procedures-repository.ts";
import { answerActor, applyAgencyMessage, applyToLockedOrder, groupableAnswerTypes, type AnswerOrigin, type ApplyOutcome } from "./apply-reply.ts";
import type { AgencyDirectory } from "./directory.ts";
import { HUB_ID } from "./delivery.ts";

export interface InboundContext {
  db: Db;
  directory: AgencyDirectory;
  now(): Date;
  newId(): string;
}

export const protocolErrorStatus: Record<ProtocolError["code"], number> = {
  MALFORMED: 400,
  UNSUPPORTED_VERSION: 400,
  TOO_MANY_MESSAGES: 400,
  UNKNOWN_SENDER: 401,
  BAD_SIGNATURE: 401,
  WRONG_AUDIENCE: 403,
  OUTSIDE_WINDOW: 422,
};

export async function receiveBatch(context: InboundContext, jws: string): Promise<Receipt> {
  const now = context.now();
  let batch: Awaited<ReturnType<typeof verifyEnvelope<AgencyMessage>>>;
  try {
    batch = await verifyEnvelope(jws, { audience: HUB_ID, now, resolveKey: context.directory.resolveKey, messageSchema: agencyMessage });
  } catch (error) {
    if (error instanceof ProtocolError) await recordRefusal(context, jws, error.code, error.message, now);
    throw error;
  }
  const agencyKey = batch.envelope.iss;
  // A message without a usable id cannot be named in the receipt: the batch is malformed.
  if (batch.invalid.some((invalid) => invalid.messageId === null)) {
    await recordRefusal(context, jws, "MALFORMED", "a message without a valid messageId", now);
    throw new ProtocolError("MALFORMED", "a message without a valid messageId");
  }
  // A batch id seen before from this agency is a replay (or a retry that lost our receipt):
  // nothing in it is applied again, and the sender gets the same answer.
  try {
    await context.db
      .insertInto("agency_batches")
      .values({ agency_key: agencyKey, direction: "in", batch_id: batch.envelope.jti, jws, message_count: batch.envelope.messages.length, outcome: "received", created_at: now })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await recordRefusal(context, jws, "REPLAY", `batch ${batch.envelope.jti} from ${agencyKey} seen before`, now);
    return { receipts: batch.messages.map((message) => ({ messageId: message.messageId, status: "duplicate" as const })) };
  }
  const receipts: Receipt["receipts"] = [];
  for (const invalid of batch.invalid) {
    if (invalid.messageId) receipts.push({ messageId: invalid.messageId, status: "rejected", code: "INVALID_MESSAGE" });
  }
  // Answers about orders go in groups, one transaction each (their files locked together,
  // their actions appended together); any other message goes alone. Batch order is kept.
  let group: AgencyMessage[] = [];
  const flush = async () => {
    for (let start = 0; start < group.length; start += GROUP_SIZE) {
      receipts.push(...(await receiveGroup(context, agencyKey, batch.envelope.jti, group.slice(start, start + GROUP_SIZE))));
    }
    group = [];
  };
  for (const message of batch.messages) {
    if (groupableAnswerTypes.has(message.type) && "orderId" in message && message.orderId) {
      group.push(message);
      continue;
    }
    await flush();
    receipts.push(await receiveMessage(context, agencyKey, batch.envelope.jti, message));
  }
  await flush();
  return { receipts };
}

/** Answers applied in one transaction: enough to spread its fixed cost, few enough to hold file locks briefly. */
const GROUP_SIZE = 100;

/**
 * A group of answers to orders, in one transaction: stored in one statement (a message id
 * seen before is a duplicate and changes nothing), their orders found in one, their files
 * locked in one (in id order), each applied in batch order with its own correlation id,
 * all actions appended in one, and the stored rows' outcomes written in one.
 */
async function receiveGroup(context: InboundContext, agencyKey: string, batchId: string, messages: readonly AgencyMessage[]): Promise<Receipt["receipts"]> {
  const now = context.now();
  return context.db.transaction().execute(async (tx) => {
    const stored = await tx
      .insertInto("agency_messages")
      .values(
        messages.map((message) => ({
          direction: "in" as const,
          agency_key: agencyKey,
          message_id: message.messageId,
          message_type: message.type,
          order_id: null,
          request_id: "requestId" in message ? (message.requestId ?? null) : null,
          body: JSON.stringify(message),
          batch_id: batchId,
          submitted_by: null,
          status: "applied" as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((conflict) => conflict.columns(["agency_key", "direction", "message_id"]).doNothing())
      .returning(["id", "message_id"])
      .execute();
    const storedId = new Map(stored.map((row) => [row.message_id, row.id]));
    const orderIds = [...new Set(messages.filter((message) => storedId.has(message.messageId)).map((message) => (message as { orderId: string }).orderId))];
    // An agency answers only its own orders. An order's file and procedure never change.
    const located = orderIds.length === 0 ? [] : await tx.selectFrom("agency_orders").select(["id", "file_id", "procedure_id"]).where("id", "in", orderIds).where("agency_key", "=", agencyKey).execute();
    const orderOf = new Map(located.map((row) => [row.id, row]));
    const files = await lockFiles(tx, [...new Set(located.map((row) => row.file_id))]);
    // Read once for the group, after the locks, and kept current as answers move them.
    const procedureIds = [...new Set(located.map((row) => row.procedure_id))];
    const procedures = new Map((await proceduresById(tx, procedureIds)).map((procedure) => [procedure.id, { procedure, orders: [] as StoredOrder[] }]));
    for (const order of await ordersOfProcedures(tx, procedureIds)) procedures.get(order.procedureId)?.orders.push(order);
    const changes: FileChanges[] = [];
    const moves = new OrderMoves();
    // Files whose holdings changed: the cap runs once for each after the group's answers, its
    // actions recorded after the file's other actions of the group (with its last answer's change).
    const capFor = new Map<string, LockedFile>();
    const lastChangeOf = new Map<string, FileChanges>();
    const outcomes: { id: bigint; outcome: ApplyOutcome; orderId: string | null }[] = [];
    const receipts: Receipt["receipts"] = [];
    for (const message of messages) {
      const id = storedId.get(message.messageId);
      // Seen before, or twice in this batch (stored once): a duplicate changes nothing.
      storedId.delete(message.messageId);
      if (id === undefined) {
        receipts.push({ messageId: message.messageId, status: "duplicate" });
        continue;
      }
      const orderId = (message as { orderId: string }).orderId;
      const order = orderOf.get(orderId);
      const file = order && files.get(order.file_id);
      let outcome: ApplyOutcome = { status: "refused", code: "UNKNOWN_ORDER" };
      if (order && file) {
        const change = new FileChanges(tx, { actor: answerActor(agencyKey, { channel: "protocol" }), correlationId: message.messageId, now }, file.id, moves);
        changes.push(change);
        lastChangeOf.set(file.id, change);
        outcome = await applyToLockedOrder(tx, { file, changes: change }, { agencyKey, orderId, procedureId: order.procedure_id }, message.messageId, now, context.newId, message, { channel: "protocol" }, procedures.get(order.procedure_id), () => capFor.set(file.id, file));
      }
      outcomes.push({ id, outcome, orderId: outcome.status === "refused" ? null : orderId });
      receipts.push(
        outcome.status === "refused"
          ? { messageId: message.messageId, status: "rejected", code: outcome.code }
          : { messageId: message.messageId, status: "accepted" },
      );
    }
    for (const [fileId, file] of [...capFor].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await enforceBankCap(tx, lastChangeOf.get(fileId)!, file, now);
    await FileChanges.commitTogether(tx, changes, now);
    await recordOutcomes(tx, outcomes);
    return receipts;
  });
}

/** The stored inbound rows' outcomes, in one statement. */
async function recordOutcomes(tx: Tx, outcomes: readonly { id: bigint; outcome: ApplyOutcome; orderId: string | null }[]) {
  if (outcomes.length === 0) return;
  const values = outcomes.map(({ id, outcome, orderId }) => {
    const status = outcome.status === "applied" ? "applied" : outcome.status === "ignored" ? "ignored" : "invalid";
    const error = outcome.status === "ignored" ? outcome.reason : outcome.status === "refused" ? outcome.code : null;
    return sql`(${id.toString()}::bigint, ${status}, ${error}, ${orderId}::uuid)`;
  });
  await sql`
    UPDATE agency_messages AS m SET status = v.status, last_error = v.last_error, order_id = v.order_id
    FROM (VALUES ${sql.join(values)}) AS v (id, status, last_error, order_id)
    WHERE m.id = v.id`.execute(tx);
}

const MAX_KEPT_JWS = 64 * 1024;

/** Keeps a refused batch as evidence; what the sender claimed to be is read without trusting it. */
async function recordRefusal(context: InboundContext, jws: string, code: string, detail: string, now: Date) {
  let claimedSender: string | null = null;
  let batchId: string | null = null;
  try {
    const claims = JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown; jti?: unknown };
    claimedSender = typeof claims.iss === "string" ? claims.iss.slice(0, 40) : null;
    batchId = typeof claims.jti === "string" ? claims.jti.slice(0, 64) : null;
  } catch {
    // Not even readable: the refusal is recorded without a claimed sender.
  }
  await context.db
    .insertInto("agency_refusals")
    .values({ claimed_sender: claimedSender, code, detail: detail.slice(0, 500), batch_id: batchId, jws_sha256: createHash("sha256").update(jws).digest("hex"), jws: jws.slice(0, MAX_KEPT_JWS), received_at: now })
    .execute();
}

async function receiveMessage(context: InboundContext, agencyKey: string, batchId: string, message: AgencyMessage): Promise<Receipt["receipts"][number]> {
  const now = context.now();
  const result = await context.db
    .transaction()
    .execute((tx) => storeAndApplyAnswer(tx, { agencyKey, message, batchId, origin: { channel: "protocol" } }, now, context.newId));
  if (result.status === "duplicate") return { messageId: message.messageId, status: "duplicate" as const };
  return result.outcome.status === "refused"
    ? { messageId: message.messageId, status: "rejected" as const, code: result.outcome.code }
    : { messageId: message.messageId, status: "accepted" as const };
}

/** An agency's answer as it reaches the hub: in a signed batch, or given by an officer in the agency portal. */
export interface InboundAnswer {
  agencyKey: string;
  message: AgencyMessage;
  /** The signed batch it came in; null for a portal answer. */
  batchId: string | null;
  origin: AnswerOrigin;
}

export type InboundResult = { status: "duplicate" } | { status: "stored"; id: bigint; outcome: ApplyOutcome };

/**
 * The one way an agency's answer enters the hub, in the caller's transaction: store it as
 * an inbound message (a message id this agency sent before is a duplicate and changes
 * nothing), apply it, and record the outcome on the stored row.
 */
export async function storeAndApplyAnswer(tx: Tx, answer: InboundAnswer, now: Date, newId: () => string): Promise<InboundResult> {
  const { agencyKey, message, origin } = answer;
  const stored = await tx
    .insertInto("agency_messages")
    .values({
      direction: "in",
      agency_key: agencyKey,
      message_id: message.messageId,
      message_type: message.type,
      order_id: null,
      request_id: "requestId" in message ? (message.requestId ?? null) : "queryId" in message ? message.queryId : null,
      body: JSON.stringify(message),
      batch_id: answer.batchId,
      submitted_by: origin.channel === "portal" ? origin.officerCivilId : null,
      status: "applied",
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(["agency_key", "direction", "message_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!stored) return { status: "duplicate" };
  const outcome = await applyAgencyMessage(tx, agencyKey, message, now, newId, origin);
  const orderId = "orderId" in message && outcome.status !== "refused" ? (message.orderId ?? null) : null;
  await tx
    .updateTable("agency_messages")
    .set({
      status: outcome.status === "applied" ? "applied" : outcome.status === "ignored" ? "ignored" : "invalid",
      last_error: outcome.status === "ignored" ? outcome.reason : outcome.status === "refused" ? outcome.code : null,
      order_id: orderId,
    })
    .where("id", "=", stored.id)
    .execute();
  return { status: "stored", id: stored.id, outcome };
}
