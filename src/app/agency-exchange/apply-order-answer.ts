/**
 * Applies an agency's answer to one of its orders, on a file the caller has locked,
 * recording into the caller's `FileChanges` (the caller commits: alone, or with the other
 * answers of a batch). Answers only confirm or reject what the hub asked: each moves its
 * order through the order state machine where the move is legal and is otherwise kept and
 * ignored, so a duplicate, late or out-of-order answer changes nothing it should not.
 */
import type { AgencyMessage } from "../../domain/exchange/messages.ts";
import { canAgencyOrder, type AgencyOrderEvent } from "../../domain/procedures/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import { agencyAnswerDueAt, ruleVersionFor } from "../../domain/rules/index.ts";
import { checkAnswer, overDeclaration, type ReplyTarget } from "../../domain/exchange/answer-checks.ts";
import { orderServedAt, queueAgencyMessages, recordBreach, sentMessagesOf, toldMaximum, type OutgoingMessage, type SentMessage } from "../../storage/exchange/repository.ts";
import { latestOutbound } from "../../storage/exchange/reads.ts";
import { clearHoldings, declarationState, declaredHoldings, procedureTerms, recordDeclaration, recordParticulars, recordProtectedCredits, setOrderAnswerDue, setOrderDetails } from "../../storage/procedures/repository.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import { ledgerHasReference } from "../../storage/files/repository.ts";
import { ordersOfProcedures, procedureById, type StoredOrder, type StoredProcedure } from "../../storage/procedures/repository.ts";
import type { AppDeps } from "../deps.ts";
import { enforceBankCap } from "./enforce-bank-cap.ts";
import type { FileChanges } from "../file-changes.ts";
import { creditFile } from "../record-ledger-entry.ts";
import { bookTransferExcess } from "../treasury/book-transfer-excess.ts";
import { holdProceedsForDistribution, transferHeldForDistribution } from "../treasury/distribute-proceeds.ts";
import { originPayload, type AnswerOrigin, type ApplyOutcome } from "./outcomes.ts";

/** The answers about orders, which go in groups of a batch (`receiveAnswers`); the others go one by one. */
export type OrderAnswerMessage = Extract<AgencyMessage, { type: "ack" | "rejection" | "attachment.declaration" | "protection.declaration" | "declaration.particulars" | "seizure.result" | "travel_ban.registered" | "lift.confirmation" | "transfer.confirmation" }>;

/** Answers about orders that are applied in a group of a batch (a transfer goes alone: it may share proceeds across files). */
export const groupableAnswerTypes: ReadonlySet<AgencyMessage["type"]> = new Set(["ack", "rejection", "attachment.declaration", "protection.declaration", "declaration.particulars", "seizure.result", "travel_ban.registered", "lift.confirmation"]);

export interface OrderAnswer {
  tx: Tx;
  deps: Pick<AppDeps, "rules" | "newId">;
  now: Date;
  /** The file, locked by the caller, and the change its actions go to. */
  file: LockedFile;
  changes: FileChanges;
  /** The order answered: the sending agency's (the caller found it with agency_key = the sender). */
  order: { agencyKey: string; orderId: string; procedureId: string };
  message: OrderAnswerMessage;
  origin: AnswerOrigin;
  /** The procedure and its orders, when the caller loaded them for several answers (they are kept current here). */
  loaded?: { procedure: StoredProcedure; orders: StoredOrder[] } | undefined;
  /**
   * A group of answers applies the cap once per file after all of them (it depends only on
   * the state they leave, not on their order): a declaration then hands its file here
   * instead of applying the cap itself.
   */
  capLater?: ((changes: FileChanges) => void) | undefined;
  /** The hub messages the answers of a group reply to, when the caller read them for several answers (by message id). */
  sent?: ReadonlyMap<string, SentMessage> | undefined;
  /**
   * Orders whose bank declared above the maximum it was told: the cap tells it the maximum
   * again. Filled here; a group hands it to the cap it runs after its answers.
   */
  overDeclared?: Set<string> | undefined;
}

/** A stored hub message as the checks see it. */
export function replyTarget(sent: SentMessage | undefined): ReplyTarget | undefined {
  if (!sent) return undefined;
  const amount = sent.type === "transfer.order" && typeof sent.body.amount === "string" ? BigInt(sent.body.amount) : null;
  const civilId = sent.type === "identity.query" && typeof sent.body.civilId === "string" ? sent.body.civilId : null;
  return { type: sent.type as ReplyTarget["type"], orderId: sent.orderId, requestId: sent.requestId, amount, civilId };
}

export async function applyOrderAnswer(answer: OrderAnswer): Promise<ApplyOutcome> {
  const { tx, file, changes, message, origin, now } = answer;
  const { agencyKey, orderId } = answer.order;
  const procedure = answer.loaded?.procedure ?? (await procedureById(tx, file.id, answer.order.procedureId))!;
  const orders = answer.loaded?.orders ?? (await ordersOfProcedures(tx, [procedure.id]));
  const order = orders.find((candidate) => candidate.id === orderId)!;
  // Checked before anything is applied: a refused answer changes nothing.
  const sent = answer.sent ?? (await sentMessagesOf(tx, agencyKey, [message.inReplyTo]));
  const refusal = checkAnswer(agencyKey, message, {
    target: replyTarget(sent.get(message.inReplyTo)),
    declared: { sequence: order.declarationSequence ?? (await declarationState(tx, order.id)).sequence, frozenDeclared: order.frozenDeclared ?? 0n },
    ...(message.type === "declaration.particulars" ? { particulars: await particularsFacts(answer, order.id) } : {}),
  });
  if (refusal) return { status: "refused", code: refusal };
  // The bank answers a status query that it never received the order (it lost it): the order is sent again (section 10.5).
  if (message.type === "rejection" && sent.get(message.inReplyTo)?.type === "order.status") return resendLostOrder(answer, order);
  const move = async (event: AgencyOrderEvent, payload: Record<string, unknown> = {}) => {
    if (!canAgencyOrder(order.status, event)) return false;
    await changes.orderEvent(order, event, { messageId: message.messageId, ...originPayload(agencyKey, origin), ...payload });
    return true;
  };

  let outcome: ApplyOutcome = { status: "applied" };
  switch (message.type) {
    case "ack":
      if (!(await move("acknowledge"))) outcome = { status: "ignored", reason: `acknowledgement in status ${order.status}` };
      else if (agencyKey.startsWith("bank:")) {
        // Art. 230(e): the bank declares within 10 days of service of the attachment on it, not of our
        // sending. Its acknowledgement confirms service: the period counts from the order's delivery to the
        // bank (its endpoint's receipt, or the portal listing it), or, unrecorded, from this acknowledgement.
        const servedAt = (await orderServedAt(tx, order.id)) ?? now;
        await setOrderAnswerDue(tx, order.id, agencyAnswerDueAt(agencyKey, servedAt, ruleVersionFor(answer.deps.rules, servedAt)), now);
      }
      break;
    case "rejection":
      if (!(await move("reject", { code: message.code, reason: message.reason }))) outcome = { status: "ignored", reason: `rejection in status ${order.status}` };
      break;
    case "attachment.declaration":
      outcome = await applyDeclaration(answer, order, message, move);
      break;
    case "protection.declaration":
      outcome = await applyProtectionDeclaration(answer, order, message);
      break;
    case "declaration.particulars":
      outcome = await applyParticulars(answer, order, message);
      break;
    case "seizure.result": {
      const moved = message.vehicles.length > 0 ? await move("execute", { vehicles: message.vehicles.length }) : await move("reportNothing");
      if (moved) await setOrderDetails(tx, order.id, { vehicles: message.vehicles }, now);
      else outcome = { status: "ignored", reason: `seizure result in status ${order.status}` };
      break;
    }
    case "travel_ban.registered":
      if (await move("execute", { reference: message.reference })) await setOrderDetails(tx, order.id, { reference: message.reference }, now);
      else outcome = { status: "ignored", reason: `ban registration in status ${order.status}` };
      break;
    case "lift.confirmation":
      if (await move("confirmLift")) await clearHoldings(tx, order.id, now);
      else outcome = { status: "ignored", reason: `lift confirmation in status ${order.status}` };
      break;
    case "transfer.confirmation":
      outcome = await applyTransfer(answer, procedure, order, message);
      // A transfer may end the procedure by other paths: its orders are read again.
      orders.splice(0, orders.length, ...(await ordersOfProcedures(tx, [procedure.id])));
      break;
  }
  // The orders as they stand: `move` keeps them current.
  await changes.reconcile(procedure, orders);
  return outcome;
}

/** The order message sent again, as it was (a new message id): a bank drops a repeat of an order it has (section 10.1). */
async function resendLostOrder(answer: OrderAnswer, order: StoredOrder): Promise<ApplyOutcome> {
  if (order.status !== "sent" && order.status !== "acknowledged") return { status: "ignored", reason: `status query refused in status ${order.status}` };
  const original = await latestOutbound(answer.tx, { orderId: order.id, agencyKey: order.agencyKey }, ["attachment.order"]);
  if (!original) return { status: "ignored", reason: "status query refused; no order to send again" };
  const { messageId: _id, sentAt: _at, ...message } = (typeof original.body === "string" ? JSON.parse(original.body) : original.body) as OutgoingMessage & { messageId: string; sentAt: string };
  await queueAgencyMessages(answer.tx, [{ agencyKey: order.agencyKey, fileId: answer.file.id, orderId: order.id, message }], answer.now);
  answer.changes.record("order.resent", { procedureId: order.procedureId, orderId: order.id, payload: { agencyKey: order.agencyKey, reason: "the agency did not know the order (status query)" } });
  return { status: "ignored", reason: "the bank did not know the order: sent again" };
}

async function applyDeclaration(
  answer: OrderAnswer,
  order: StoredOrder,
  message: Extract<AgencyMessage, { type: "attachment.declaration" }>,
  move: (event: AgencyOrderEvent, payload?: Record<string, unknown>) => Promise<boolean>,
): Promise<ApplyOutcome> {
  const { tx, changes, file, now } = answer;
  // Read with the order when it was loaded in this transaction; kept current below.
  const current =
    order.declarationSequence !== undefined && order.firstExecutedAt !== undefined
      ? { sequence: order.declarationSequence, firstExecutedAt: order.firstExecutedAt }
      : await declarationState(tx, order.id);
  // Declarations are absolute and numbered: an older or repeated one is already superseded.
  if (message.sequence <= current.sequence) return { status: "ignored", reason: `declaration ${message.sequence} superseded by ${current.sequence}` };
  const frozen = BigInt(message.totalFrozen);
  if (order.status === "lifted" || order.status === "cancelled") {
    // Frozen after the lift: say it again. The bank drops the repeat if it had already acted.
    if (frozen > 0n) {
      await queueAgencyMessages(tx, [{ agencyKey: order.agencyKey, orderId: order.id, message: { type: "lift.order", orderId: order.id, fileNumber: file.number, reason: "Lifted: release funds frozen after the lift." } }], now);
      changes.record("order.lift_repeated", { procedureId: order.procedureId, orderId: order.id, payload: { frozenAfterLift: frozen } });
    }
    await recordDeclaration(tx, order.id, { sequence: message.sequence, frozen }, now);
    order.declarationSequence = message.sequence;
    return { status: "ignored", reason: "declaration after the lift; the lift was sent again" };
  }
  const moved = frozen > 0n ? await move("execute", { totalFrozen: frozen, sequence: message.sequence }) : await move("reportNothing", { sequence: message.sequence });
  const firstExecutedAt = current.firstExecutedAt ?? (frozen > 0n ? now : null);
  await recordDeclaration(tx, order.id, { sequence: message.sequence, frozen, firstExecutedAt, details: { accounts: message.accounts, otherAttachments: message.otherAttachments } }, now);
  order.declarationSequence = message.sequence;
  order.firstExecutedAt = firstExecutedAt;
  order.frozenDeclared = frozen;
  // Above the maximum the bank was told: counted as the cap allows, the maximum told again
  // at once (the cap's hold.adjust), and the breach recorded against the bank.
  const maximum = await toldMaximum(tx, order.id, order.agencyKey, message.inReplyTo);
  const breach = overDeclaration(frozen, maximum);
  const overDeclared = answer.overDeclared ?? new Set<string>();
  if (breach && maximum !== null) {
    overDeclared.add(order.id);
    await recordBreach(tx, { agencyKey: order.agencyKey, kind: "over_declaration", orderId: order.id, fileId: file.id, messageId: message.messageId, declared: frozen, maximum }, now);
    changes.record("order.over_declared", { procedureId: order.procedureId, orderId: order.id, payload: { agencyKey: order.agencyKey, declared: frozen, maximum, excess: breach.excess, sequence: message.sequence } });
  }
  if (!moved && frozen > 0n) changes.record("order.declaration", { procedureId: order.procedureId, orderId: order.id, payload: { totalFrozen: frozen, sequence: message.sequence } });
  if (answer.capLater) answer.capLater(changes);
  else await enforceBankCap(tx, changes, file, now, { reassert: overDeclared });
  return { status: "applied" };
}

/**
 * The salary and exempt credits behind a declaration (Art. 216): stored on the order (the
 * highest sequence is the truth), then the cap runs — it keeps no more of a credit than the
 * share the order's terms allow and tells the bank to release the rest (enforce-bank-cap.ts).
 */
async function applyProtectionDeclaration(answer: OrderAnswer, order: StoredOrder, message: Extract<AgencyMessage, { type: "protection.declaration" }>): Promise<ApplyOutcome> {
  const { tx, changes, file, now } = answer;
  if (order.status === "lifted" || order.status === "cancelled") return { status: "ignored", reason: "protected credits after the lift" };
  const credits = message.credits.map((credit) => ({ iban: credit.iban, reference: credit.reference, category: credit.category, credited: BigInt(credit.credited), frozen: BigInt(credit.frozen) }));
  if (!(await recordProtectedCredits(tx, order.id, { sequence: message.sequence, credits }, now))) {
    return { status: "ignored", reason: `protected credits of declaration ${message.sequence} superseded` };
  }
  changes.record("order.protected_credits", {
    procedureId: order.procedureId,
    orderId: order.id,
    payload: { sequence: message.sequence, credits: credits.length, frozen: credits.reduce((total, credit) => total + credit.frozen, 0n) },
  });
  // Told again, per credit, what it may hold if it holds more than its terms allow.
  const reassert = answer.overDeclared ?? new Set<string>();
  reassert.add(order.id);
  if (answer.capLater) answer.capLater(changes);
  else await enforceBankCap(tx, changes, file, now, { reassert });
  return { status: "applied" };
}

/** What the particulars check needs: whether the order's rule version requires them, and the declaration they detail. */
async function particularsFacts(answer: OrderAnswer, orderId: string) {
  const requestedAt = (await procedureTerms(answer.tx, answer.order.procedureId)).requestedAt;
  const required = ruleVersionFor(answer.deps.rules, requestedAt).values.declarations.causeAndDocumentsRequired;
  return { required, declared: await declaredHoldings(answer.tx, orderId) };
}

/**
 * The cause and documents behind a declaration (Arts. 230(e), 234(2)): stored on the order for
 * the creditor and the clerk to read (the highest sequence is the truth); nothing is computed
 * with them.
 */
async function applyParticulars(answer: OrderAnswer, order: StoredOrder, message: Extract<AgencyMessage, { type: "declaration.particulars" }>): Promise<ApplyOutcome> {
  const { tx, changes, now } = answer;
  if (!(await recordParticulars(tx, order.id, { sequence: message.sequence, accounts: message.accounts }, now))) {
    return { status: "ignored", reason: `particulars of declaration ${message.sequence} superseded` };
  }
  changes.record("order.particulars", {
    procedureId: order.procedureId,
    orderId: order.id,
    payload: { sequence: message.sequence, accounts: message.accounts.length, documents: message.accounts.reduce((total, account) => total + account.documents.length, 0) },
  });
  return { status: "applied" };
}

/**
 * Frozen funds arrived at the treasury: credited to the file up to what it is owed (the
 * excess booked as owed back to the debtor), or held for sharing among the debtor's
 * attaching creditors. Idempotent by the transfer's reference.
 */
async function applyTransfer(answer: OrderAnswer, procedure: StoredProcedure, order: StoredOrder, message: Extract<AgencyMessage, { type: "transfer.confirmation" }>): Promise<ApplyOutcome> {
  const { tx, changes, file, now } = answer;
  const { agencyKey } = answer.order;
  const newId = answer.deps.newId;
  const reference = `transfer:${agencyKey}:${message.transferReference}`;
  const received = BigInt(message.amount);
  const excessOf = (amount: bigint) => ({ fileId: file.id, procedureId: procedure.id, orderId: order.id, agencyKey, amount, reference });
  if ((await ledgerHasReference(tx, file.id, reference)) || (await transferHeldForDistribution(tx, reference))) {
    return { status: "ignored", reason: "transfer already credited" };
  }
  if (file.status !== "open") {
    // The money arrived all the same: booked as owed back to the debtor (once: idempotent by reference).
    await bookTransferExcess(tx, changes, excessOf(received), now, newId);
    return { status: "ignored", reason: "transfer to a file that is no longer open" };
  }
  // The debtor's other creditors attaching the same funds share it (src/app/treasury/distribute-proceeds.ts).
  const transfer = { amount: received, reference, agencyKey, procedureId: procedure.id, orderId: order.id };
  if (received > 0n && (await holdProceedsForDistribution({ tx, changes, file, transfer, rules: answer.deps.rules, newId, now }))) return { status: "applied" };
  const owed = file.claimTotal - file.recoveredTotal;
  const amount = received > owed ? owed : received;
  if (amount > 0n) {
    await creditFile(tx, changes, file, { kind: "recovery", amount, source: "frozen_funds_transfer", reference, recordedBy: agencyKey, treasury: { procedureId: procedure.id, orderId: order.id } }, newId, now);
  }
  await bookTransferExcess(tx, changes, excessOf(received - amount), now, newId);
  return { status: "applied" };
}
