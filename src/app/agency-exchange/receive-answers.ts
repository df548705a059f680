/**
 * Agencies' answers entering the hub, once the transport has verified who sent them
 * (src/agencies/hub/inbound.ts) or an agency officer gave them in the portal. Every answer
 * is stored (a message id the agency sent before is a duplicate and changes nothing) and
 * applied with its outcome recorded on the stored row, in one transaction with its effects.
 *
 * Answers about orders go in groups of up to 100, one transaction each: stored in one
 * statement, their orders found in one, their files locked in one (in id order), each
 * applied in batch order with its own correlation id, all actions appended in one, the
 * cap run once per file after them, and the outcomes written in one. Any other answer
 * (identity results, disclosures, transfers) goes alone. Batch order is kept.
 */
import type { AgencyMessage, Receipt } from "../../domain/exchange/messages.ts";
import type { Tx } from "../../storage/action-log.ts";
import { askedOf, recordInboundOutcomes, sentMessagesOf, storeInbound, type InboundMessage } from "../../storage/exchange/repository.ts";
import { checkAnswer } from "../../domain/exchange/answer-checks.ts";
import { ordersOfAgency } from "../../storage/procedures/repository.ts";
import { lockFiles, type LockedFile } from "../../storage/files/repository.ts";
import { ordersOfProcedures, proceduresById, type StoredOrder } from "../../storage/procedures/repository.ts";
import type { AppDeps } from "../deps.ts";
import { enforceBankCap } from "./enforce-bank-cap.ts";
import { FileChanges, OrderMoves } from "../file-changes.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { applyDisclosureAnswer } from "./apply-disclosure-answer.ts";
import { applyIdentityResult } from "./apply-identity-result.ts";
import { applyOrderAnswer, groupableAnswerTypes, replyTarget, type OrderAnswerMessage } from "./apply-order-answer.ts";
import { answerActor, storedOutcome, type AnswerOrigin, type ApplyOutcome } from "./outcomes.ts";

type Receipts = Receipt["receipts"];

/** Answers applied in one transaction: enough to spread its fixed cost, few enough to hold file locks briefly. */
const GROUP_SIZE = 100;

/** The verified answers of one signed batch from `agencyKey`: applied, and a receipt for each. */
export async function receiveAnswers(deps: AppDeps, batch: { agencyKey: string; batchId: string; messages: readonly AgencyMessage[] }): Promise<Receipts> {
  const receipts: Receipts = [];
  let group: OrderAnswerMessage[] = [];
  const flush = async () => {
    for (let start = 0; start < group.length; start += GROUP_SIZE) {
      receipts.push(...(await receiveGroup(deps, batch.agencyKey, batch.batchId, group.slice(start, start + GROUP_SIZE))));
    }
    group = [];
  };
  for (const message of batch.messages) {
    if (isGroupable(message)) {
      group.push(message);
      continue;
    }
    await flush();
    receipts.push(await receiveOne(deps, batch.agencyKey, batch.batchId, message));
  }
  await flush();
  return receipts;
}

function isGroupable(message: AgencyMessage): message is OrderAnswerMessage & { orderId: string } {
  return groupableAnswerTypes.has(message.type) && "orderId" in message && message.orderId !== undefined;
}

function receiptOf(messageId: string, outcome: ApplyOutcome): Receipts[number] {
  return outcome.status === "refused" ? { messageId, status: "rejected", code: outcome.code } : { messageId, status: "accepted" };
}

function inbound(agencyKey: string, message: AgencyMessage, batchId: string | null, origin: AnswerOrigin): InboundMessage {
  return {
    agencyKey,
    messageId: message.messageId,
    type: message.type,
    requestId: "requestId" in message ? (message.requestId ?? null) : "queryId" in message ? message.queryId : null,
    body: message,
    batchId,
    submittedBy: origin.channel === "portal" ? origin.officerCivilId : null,
  };
}

async function receiveGroup(deps: AppDeps, agencyKey: string, batchId: string, messages: readonly OrderAnswerMessage[]): Promise<Receipts> {
  const now = deps.clock.now();
  const origin: AnswerOrigin = { channel: "protocol" };
  return deps.db.transaction().execute(async (tx) => {
    // Stored in one statement; the stored row's id by message id (a message seen before is not stored again).
    const storedId = await storeInbound(tx, messages.map((message) => inbound(agencyKey, message, batchId, origin)), now);
    const orderIds = [...new Set(messages.filter((message) => storedId.has(message.messageId)).map((message) => orderIdOf(message)))];
    const located = await ordersOfAgency(tx, agencyKey, orderIds);
    const orderOf = new Map(located.map((row) => [row.id, row]));
    const files = await lockFiles(tx, [...new Set(located.map((row) => row.fileId))]);
    // Read once for the group, after the locks, and kept current as answers move them.
    const procedureIds = [...new Set(located.map((row) => row.procedureId))];
    const procedures = new Map((await proceduresById(tx, procedureIds)).map((procedure) => [procedure.id, { procedure, orders: [] as StoredOrder[] }]));
    for (const order of await ordersOfProcedures(tx, procedureIds)) procedures.get(order.procedureId)?.orders.push(order);
    const changes: FileChanges[] = [];
    const moves = new OrderMoves();
    // Files whose holdings changed: the cap runs once for each after the group's answers, its
    // actions recorded after the file's other actions of the group (with its last answer's change).
    const capFor = new Map<string, LockedFile>();
    const overDeclared = new Set<string>();
    // The hub messages the group's answers reply to, read once.
    const sent = await sentMessagesOf(tx, agencyKey, messages.map((message) => message.inReplyTo));
    const lastChangeOf = new Map<string, FileChanges>();
    const outcomes: { id: bigint; status: "applied" | "ignored" | "invalid"; error: string | null; orderId: string | null }[] = [];
    const receipts: Receipts = [];
    for (const message of messages) {
      const id = storedId.get(message.messageId);
      // Seen before, or twice in this batch (stored once): a duplicate changes nothing.
      storedId.delete(message.messageId);
      if (id === undefined) {
        receipts.push({ messageId: message.messageId, status: "duplicate" });
        continue;
      }
      const orderId = orderIdOf(message);
      const order = orderOf.get(orderId);
      const file = order && files.get(order.fileId);
      let outcome: ApplyOutcome = { status: "refused", code: "UNKNOWN_ORDER" };
      if (order && file) {
        const change = new FileChanges(tx, { actor: answerActor(agencyKey, origin), correlationId: message.messageId, now }, file.id, moves);
        changes.push(change);
        lastChangeOf.set(file.id, change);
        outcome = await applyOrderAnswer({
          tx,
          deps,
          now,
          file,
          changes: change,
          order: { agencyKey, orderId, procedureId: order.procedureId },
          message,
          origin,
          loaded: procedures.get(order.procedureId),
          capLater: () => capFor.set(file.id, file),
          sent,
          overDeclared,
        });
      }
      outcomes.push({ id, ...storedOutcome(outcome), orderId: outcome.status === "refused" ? null : orderId });
      receipts.push(receiptOf(message.messageId, outcome));
    }
    for (const [fileId, file] of [...capFor].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await enforceBankCap(tx, lastChangeOf.get(fileId)!, file, now, { reassert: overDeclared });
    await FileChanges.commitTogether(tx, changes, now);
    await recordInboundOutcomes(tx, outcomes);
    return receipts;
  });
}

const orderIdOf = (message: OrderAnswerMessage): string => message.orderId!;

async function receiveOne(deps: AppDeps, agencyKey: string, batchId: string, message: AgencyMessage): Promise<Receipts[number]> {
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute((tx) => storeAndApplyAnswer({ tx, deps, answer: { agencyKey, message, batchId, origin: { channel: "protocol" } }, now }));
  if (result.status === "duplicate") return { messageId: message.messageId, status: "duplicate" };
  return receiptOf(message.messageId, result.outcome);
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
 * The one way a single answer enters the hub, in the caller's transaction: stored as an
 * inbound message (a message id this agency sent before is a duplicate and changes
 * nothing), applied, and its outcome recorded on the stored row.
 */
export async function storeAndApplyAnswer(options: { tx: Tx; deps: AppDeps; answer: InboundAnswer; now: Date }): Promise<InboundResult> {
  const { tx, deps, answer, now } = options;
  const { agencyKey, message, origin } = answer;
  const id = (await storeInbound(tx, [inbound(agencyKey, message, answer.batchId, origin)], now)).get(message.messageId);
  if (id === undefined) return { status: "duplicate" };
  const outcome = await applyAnswer(tx, deps, { agencyKey, message, origin, now });
  const orderId = "orderId" in message && outcome.status !== "refused" ? (message.orderId ?? null) : null;
  await recordInboundOutcomes(tx, [{ id, ...storedOutcome(outcome), orderId }]);
  return { status: "stored", id, outcome };
}

/** Applies one answer by its kind: about an order, an identity query or a disclosure request. */
async function applyAnswer(tx: Tx, deps: AppDeps, answer: { agencyKey: string; message: AgencyMessage; origin: AnswerOrigin; now: Date }): Promise<ApplyOutcome> {
  const { agencyKey, message, origin, now } = answer;
  // Answers to a request (not an order) are checked here; answers to orders in applyOrderAnswer.
  const requestId = message.type === "identity.result" ? message.queryId : message.type === "disclosure.statement" || (message.type === "rejection" && !message.orderId) ? message.requestId : undefined;
  if (requestId !== undefined && (await askedOf(tx, agencyKey, requestId))) {
    const sent = await sentMessagesOf(tx, agencyKey, [message.inReplyTo]);
    const target = replyTarget(sent.get(message.inReplyTo));
    const refusal = checkAnswer(agencyKey, message, { target });
    if (refusal) return { status: "refused", code: refusal };
    // A civil-information authority refusing an identity query (section 10.4): kept; the procedures wait on staff.
    if (message.type === "rejection" && target?.type === "identity.query") return { status: "ignored", reason: `identity query refused: ${message.code}` };
  }
  switch (message.type) {
    case "identity.result":
      return applyIdentityResult({ tx, deps, agencyKey, message, now });
    case "disclosure.statement":
      return applyDisclosureAnswer({ tx, agencyKey, message, origin, now });
    case "rejection":
      if (!message.orderId) return applyDisclosureAnswer({ tx, agencyKey, message, origin, now });
      return applyToOrder(tx, deps, { agencyKey, orderId: message.orderId, message, origin, now });
    default:
      return applyToOrder(tx, deps, { agencyKey, orderId: message.orderId, message, origin, now });
  }
}

async function applyToOrder(tx: Tx, deps: AppDeps, answer: { agencyKey: string; orderId: string; message: OrderAnswerMessage; origin: AnswerOrigin; now: Date }): Promise<ApplyOutcome> {
  const { agencyKey, orderId, message, origin, now } = answer;
  // An agency answers only its own orders.
  const [located] = await ordersOfAgency(tx, agencyKey, [orderId]);
  if (!located) return { status: "refused", code: "UNKNOWN_ORDER" };
  const { file, changes } = await openFileAsSystem(tx, located.fileId, answerActor(agencyKey, origin), message.messageId, now);
  const outcome = await applyOrderAnswer({ tx, deps, now, file, changes, order: { agencyKey, orderId, procedureId: located.procedureId }, message, origin });
  await changes.commit();
  return outcome;
}
