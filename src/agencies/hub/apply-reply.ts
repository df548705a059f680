/**
 * Applies one verified message from an agency, inside its own transaction. Answers only
 * confirm or reject what the hub asked: each is matched to an order of the sending agency,
 * moves it through the order state machine where the move is legal, and otherwise is
 * kept and ignored — so a duplicate, late or out-of-order reply changes nothing it should not.
 */
import { creditFile } from "../../app/record-ledger-entry.ts";
import { bookTransferExcess } from "../../app/treasury/book-transfer-excess.ts";
import { holdProceedsForDistribution, transferHeldForDistribution } from "../../app/treasury/distribute-proceeds.ts";
import { enforceBankCap } from "../../app/enforce-bank-cap.ts";
import { FileChanges } from "../../app/file-changes.ts";
import { openFileAsSystem } from "../../app/locked-file.ts";
import { canAgencyOrder, type AgencyOrderEvent } from "../../domain/procedures/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { LockedFile } from "../../storage/files-repository.ts";
import { ordersOfProcedures, procedureById, proceduresOfFile, type StoredOrder, type StoredProcedure } from "../../storage/procedures-repository.ts";
import type { AgencyMessage } from "../protocol/index.ts";
import { dispatchProcedure } from "./dispatch.ts";
import { queueAgencyMessages } from "./outbound.ts";

export type ApplyOutcome = { status: "applied" } | { status: "ignored"; reason: string } | { status: "refused"; code: string };

/**
 * How the answer reached the hub: in a signed batch from the agency's system, or given by
 * one of its officers in the agency web portal. The answer means the same either way; a
 * portal answer is logged with the officer as the person who acted (actor role "agency").
 */
export type AnswerOrigin = { channel: "protocol" } | { channel: "portal"; officerCivilId: string };

function answerActor(agencyKey: string, origin: AnswerOrigin) {
  return origin.channel === "portal" ? { id: origin.officerCivilId, role: "agency" } : { id: agencyKey, role: "agency" };
}

/** What every action of a portal answer carries besides its own payload. */
const originPayload = (agencyKey: string, origin: AnswerOrigin): Record<string, unknown> => (origin.channel === "portal" ? { channel: "portal", agencyKey } : {});

export async function applyAgencyMessage(
  tx: Tx,
  agencyKey: string,
  message: AgencyMessage,
  now: Date,
  newId: () => string,
  origin: AnswerOrigin = { channel: "protocol" },
): Promise<ApplyOutcome> {
  switch (message.type) {
    case "identity.result":
      return applyIdentityResult(tx, agencyKey, message, now);
    case "disclosure.statement":
      return applyDisclosureStatement(tx, agencyKey, message, now, origin);
    case "rejection":
      if (!message.orderId) return applyDisclosureStatement(tx, agencyKey, message, now, origin);
      return applyToOrder(tx, agencyKey, message.orderId, message.messageId, now, newId, message, origin);
    default:
      return applyToOrder(tx, agencyKey, message.orderId, message.messageId, now, newId, message, origin);
  }
}

async function applyToOrder(
  tx: Tx,
  agencyKey: string,
  orderId: string,
  messageId: string,
  now: Date,
  newId: () => string,
  message: AgencyMessage,
  origin: AnswerOrigin,
): Promise<ApplyOutcome> {
  // An agency answers only its own orders.
  const located = await tx.selectFrom("agency_orders").select(["file_id", "procedure_id"]).where("id", "=", orderId).where("agency_key", "=", agencyKey).executeTakeFirst();
  if (!located) return { status: "refused", code: "UNKNOWN_ORDER" };
  const { file, changes } = await openFileAsSystem(tx, located.file_id, answerActor(agencyKey, origin), messageId, now);
  const outcome = await applyToLockedOrder(tx, { file, changes }, { agencyKey, orderId, procedureId: located.procedure_id }, messageId, now, newId, message, origin);
  await changes.commit();
  return outcome;
}

/** Messages about orders that `applyToLockedOrder` takes (in a group of a batch); the others go one by one. */
export const groupableAnswerTypes: ReadonlySet<AgencyMessage["type"]> = new Set(["ack", "rejection", "attachment.declaration", "seizure.result", "travel_ban.registered", "lift.confirmation"]);

export { answerActor };

/**
 * Applies an answer to one order of a file the caller has locked, recording into `changes`
 * (the caller commits: alone, or with the other answers of a batch). The order must be the
 * sending agency's (the caller found it with `agency_key` = the sender).
 */
export async function applyToLockedOrder(
  tx: Tx,
  session: { file: LockedFile; changes: FileChanges },
  located: { agencyKey: string; orderId: string; procedureId: string },
  messageId: string,
  now: Date,
  newId: () => string,
  message: AgencyMessage,
  origin: AnswerOrigin,
  /** The procedure and its orders, when the caller loaded them for several answers (they are kept current here). */
  loaded?: { procedure: StoredProcedure; orders: StoredOrder[] },
  /**
   * A group of answers applies the cap once per file after all of them (it depends only on
   * the state they leave, not on their order): a declaration then hands its file here
   * instead of applying the cap itself.
   */
  capLater?: (changes: FileChanges) => void,
): Promise<ApplyOutcome> {
  const { file, changes } = session;
  const { agencyKey, orderId } = located;
  const procedure = loaded?.procedure ?? (await procedureById(tx, file.id, located.procedureId))!;
  const orders = loaded?.orders ?? (await ordersOfProcedures(tx, [procedure.id]));
  const order = orders.find((candidate) => candidate.id === orderId)!;
  const move = async (event: AgencyOrderEvent, payload: Record<string, unknown> = {}) => {
    if (!canAgencyOrder(order.status, event)) return false;
    await changes.orderEvent(order, event, { messageId, ...originPayload(agencyKey, origin), ...payload });
    return true;
  };

  let outcome: ApplyOutcome = { status: "applied" };
  switch (message.type) {
    case "ack":
      if (!(await move("acknowledge"))) outcome = { status: "ignored", reason: `acknowledgement in status ${order.status}` };
      break;
    case "rejection":
      if (!(await move("reject", { code: message.code, reason: message.reason }))) outcome = { status: "ignored", reason: `rejection in status ${order.status}` };
      break;
    case "attachment.declaration":
      outcome = await applyDeclaration(tx, changes, file, order, message, now, move, capLater);
      break;
    case "seizure.result": {
      const moved = message.vehicles.length > 0 ? await move("execute", { vehicles: message.vehicles.length }) : await move("reportNothing");
      if (moved) await setDetails(tx, order.id, { vehicles: message.vehicles }, now);
      else outcome = { status: "ignored", reason: `seizure result in status ${order.status}` };
      break;
    }
    case "travel_ban.registered":
      if (await move("execute", { reference: message.reference })) await setDetails(tx, order.id, { reference: message.reference }, now);
      else outcome = { status: "ignored", reason: `ban registration in status ${order.status}` };
      break;
    case "lift.confirmation":
      if (await move("confirmLift")) {
        await tx.updateTable("agency_orders").set({ amount_held: 0n, frozen_declared: 0n, updated_at: now }).where("id", "=", order.id).execute();
      } else outcome = { status: "ignored", reason: `lift confirmation in status ${order.status}` };
      break;
    case "transfer.confirmation": {
      const reference = `transfer:${agencyKey}:${message.transferReference}`;
      const excessOf = (amount: bigint) => ({ fileId: file.id, procedureId: procedure.id, orderId: order.id, agencyKey, amount, reference });
      const already = await tx.selectFrom("ledger_entries").select("id").where("file_id", "=", file.id).where("reference", "=", reference).executeTakeFirst();
      if (already || (await transferHeldForDistribution(tx, reference))) {
        outcome = { status: "ignored", reason: "transfer already credited" };
        break;
      }
      if (file.status !== "open") {
        // The money arrived all the same: booked as owed back to the debtor (once: idempotent by reference).
        await bookTransferExcess(tx, changes, excessOf(BigInt(message.amount)), now, newId);
        outcome = { status: "ignored", reason: "transfer to a file that is no longer open" };
        break;
      }
      // The debtor's other creditors attaching the same funds share it (src/app/treasury/distribute-proceeds.ts).
      const transfer = { amount: BigInt(message.amount), reference, agencyKey, procedureId: procedure.id, orderId: order.id };
      if (BigInt(message.amount) > 0n && (await holdProceedsForDistribution(tx, changes, file, transfer, newId, now))) break;
      const owed = file.claimTotal - file.recoveredTotal;
      const amount = BigInt(message.amount) > owed ? owed : BigInt(message.amount);
      if (amount > 0n) {
        await creditFile(tx, changes, file, { kind: "recovery", amount, source: "frozen_funds_transfer", reference, recordedBy: agencyKey, treasury: { procedureId: procedure.id, orderId: order.id } }, newId, now);
      }
      await bookTransferExcess(tx, changes, excessOf(BigInt(message.amount) - amount), now, newId);
      break;
    }
    default:
      outcome = { status: "ignored", reason: `unexpected ${message.type}` };
  }
  // The orders as they stand: `move` keeps them current; a transfer may end the procedure by other paths, so it reads them again.
  if (message.type === "transfer.confirmation") orders.splice(0, orders.length, ...(await ordersOfProcedures(tx, [procedure.id])));
  await changes.reconcile(procedure, orders);
  return outcome;
}

async function applyDeclaration(
  tx: Tx,
  changes: FileChanges,
  file: LockedFile,
  order: StoredOrder,
  message: Extract<AgencyMessage, { type: "attachment.declaration" }>,
  now: Date,
  move: (event: AgencyOrderEvent, payload?: Record<string, unknown>) => Promise<boolean>,
  capLater?: (changes: FileChanges) => void,
): Promise<ApplyOutcome> {
  // Read with the order when it was loaded in this transaction; kept current below.
  const current =
    order.declarationSequence !== undefined && order.firstExecutedAt !== undefined
      ? { declaration_sequence: order.declarationSequence, first_executed_at: order.firstExecutedAt }
      : await tx.selectFrom("agency_orders").select(["declaration_sequence", "first_executed_at"]).where("id", "=", order.id).executeTakeFirstOrThrow();
  // Declarations are absolute and numbered: an older or repeated one is already superseded.
  if (message.sequence <= current.declaration_sequence) return { status: "ignored", reason: `declaration ${message.sequence} superseded by ${current.declaration_sequence}` };
  const frozen = BigInt(message.totalFrozen);
  if (order.status === "lifted" || order.status === "cancelled") {
    // Frozen after the lift: say it again. The bank drops the repeat if it had already acted.
    if (frozen > 0n) {
      await queueAgencyMessages(tx, [{ agencyKey: order.agencyKey, orderId: order.id, message: { type: "lift.order", orderId: order.id, fileNumber: file.number, reason: "Lifted: release funds frozen after the lift." } }], now);
      changes.record("order.lift_repeated", { procedureId: order.procedureId, orderId: order.id, payload: { frozenAfterLift: frozen } });
    }
    await tx.updateTable("agency_orders").set({ declaration_sequence: message.sequence, frozen_declared: frozen, updated_at: now }).where("id", "=", order.id).execute();
    order.declarationSequence = message.sequence;
    return { status: "ignored", reason: "declaration after the lift; the lift was sent again" };
  }
  const moved = frozen > 0n ? await move("execute", { totalFrozen: frozen, sequence: message.sequence }) : await move("reportNothing", { sequence: message.sequence });
  const firstExecutedAt = current.first_executed_at ?? (frozen > 0n ? now : null);
  await tx
    .updateTable("agency_orders")
    .set({
      declaration_sequence: message.sequence,
      frozen_declared: frozen,
      first_executed_at: firstExecutedAt,
      details: JSON.stringify({ accounts: message.accounts, otherAttachments: message.otherAttachments }),
      updated_at: now,
    })
    .where("id", "=", order.id)
    .execute();
  order.declarationSequence = message.sequence;
  order.firstExecutedAt = firstExecutedAt;
  if (!moved && frozen > 0n) changes.record("order.declaration", { procedureId: order.procedureId, orderId: order.id, payload: { totalFrozen: frozen, sequence: message.sequence } });
  if (capLater) capLater(changes);
  else await enforceBankCap(tx, changes, file, now);
  return { status: "applied" };
}

async function setDetails(tx: Tx, orderId: string, details: Record<string, unknown>, now: Date) {
  await tx.updateTable("agency_orders").set({ details: JSON.stringify(details), updated_at: now }).where("id", "=", orderId).execute();
}

async function applyIdentityResult(tx: Tx, agencyKey: string, message: Extract<AgencyMessage, { type: "identity.result" }>, now: Date): Promise<ApplyOutcome> {
  if (agencyKey !== "civil_info") return { status: "refused", code: "NOT_ALLOWED" };
  const asked = await tx.selectFrom("agency_messages").select("id").where("direction", "=", "out").where("request_id", "=", message.queryId).where("agency_key", "=", "civil_info").executeTakeFirst();
  if (!asked) return { status: "refused", code: "UNKNOWN_REQUEST" };
  const confirmed = message.found && message.person?.alive === true;
  if (confirmed) {
    await tx.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", message.civilId).execute();
  }
  // Every procedure waiting on this person goes on (dispatch) or ends (expire).
  const waiting = await tx
    .selectFrom("procedures as p")
    .innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id")
    .select(["p.id", "p.file_id"])
    .where("fp.civil_id", "=", message.civilId)
    .where("p.status", "=", "ordered")
    .execute();
  for (const procedure of waiting) {
    if (confirmed) {
      await dispatchProcedure(tx, { procedureId: procedure.id, correlationId: message.messageId }, now);
    } else {
      const { changes } = await openFileAsSystem(tx, procedure.file_id, { id: agencyKey, role: "agency" }, message.messageId, now);
      const stored = (await proceduresOfFile(tx, procedure.file_id)).find((candidate) => candidate.id === procedure.id)!;
      await changes.endProcedure(stored, await ordersOfProcedures(tx, [procedure.id]), "expire", "The civil-information authority did not confirm the debtor's identity.", { found: message.found });
      await changes.commit();
    }
  }
  return { status: "applied" };
}

async function applyDisclosureStatement(tx: Tx, agencyKey: string, message: AgencyMessage, now: Date, origin: AnswerOrigin): Promise<ApplyOutcome> {
  const requestId = "requestId" in message ? message.requestId : undefined;
  if (!requestId) return { status: "refused", code: "INVALID_ORDER" };
  const request = await tx.selectFrom("disclosure_requests").select(["file_id", "agencies"]).where("id", "=", requestId).executeTakeFirst();
  if (!request || !request.agencies.includes(agencyKey)) return { status: "refused", code: "UNKNOWN_REQUEST" };
  const { changes } = await openFileAsSystem(tx, request.file_id, answerActor(agencyKey, origin), message.messageId, now);
  changes.record(message.type === "rejection" ? "disclosure.refused" : "disclosure.statement", { payload: { requestId, agencyKey, ...originPayload(agencyKey, origin) } });
  await changes.commit();
  return { status: "applied" };
}
