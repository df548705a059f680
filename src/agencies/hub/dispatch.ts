/**
 * Worker handlers that turn decisions into messages: dispatch a procedure's orders (once
 * the debtor's identity is confirmed by the civil-information authority), and send the
 * lift for an order. Each runs inside the outbox row's transaction, so a crash repeats it
 * whole or not at all; each checks the current state first, so a repeat does nothing.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { openFileAsSystem } from "../../app/locked-file.ts";
import { outboxTopics } from "../../app/file-changes.ts";
import { holdDispatchIfSuspended } from "../../app/enforcement-holds.ts";
import { agencyAnswerDueAt, kuwaitRules, ruleVersionFor } from "../../domain/rules/index.ts";
import { ordersOfProcedures, proceduresById, proceduresOfFile, type StoredOrder, type StoredProcedure } from "../../storage/procedures-repository.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { LockedFile } from "../../storage/files-repository.ts";
import { queueAgencyMessages, type OutgoingMessage } from "./outbound.ts";
import { feeHoldsDispatch } from "../../storage/payments-repository.ts";

export const workerActor = { id: "system", role: "worker" };
/** A confirmation of identity older than this is asked again. */
const IDENTITY_FRESHNESS_MS = 30 * 86_400_000;
/** Art. 230(e): the bank declares within 10 days; other agencies within a day — from the rules in force at sending. */
const answerDueAt = (agencyKey: string, sentAt: Date) => agencyAnswerDueAt(agencyKey, sentAt, ruleVersionFor(kuwaitRules, sentAt));

interface Debtor {
  civilId: string | null;
  crNumber: string | null;
  nameAr: string;
  nameEn: string;
  identityConfirmedAt: Date | null;
}

/** A debtor party as agencies are told of it: identifier and names (persons or companies). */
export async function debtorOf(tx: Tx, partyId: string): Promise<Debtor> {
  const row = await tx
    .selectFrom("file_parties as fp")
    .leftJoin("persons as p", "p.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .select(["fp.civil_id", "fp.cr_number", "p.name_ar as person_ar", "p.name_en as person_en", "c.name_ar as company_ar", "c.name_en as company_en", "p.identity_confirmed_at"])
    .where("fp.id", "=", partyId)
    .executeTakeFirstOrThrow();
  return {
    civilId: row.civil_id,
    crNumber: row.cr_number,
    nameAr: (row.person_ar ?? row.company_ar)!,
    nameEn: (row.person_en ?? row.company_en)!,
    identityConfirmedAt: row.identity_confirmed_at,
  };
}

export function wireDebtor(debtor: Debtor) {
  return debtor.civilId !== null
    ? { civilId: debtor.civilId, nameAr: debtor.nameAr, nameEn: debtor.nameEn }
    : { crNumber: debtor.crNumber!, nameAr: debtor.nameAr, nameEn: debtor.nameEn };
}

function orderMessage(procedure: StoredProcedure, order: StoredOrder, file: LockedFile, debtor: Debtor): OutgoingMessage {
  const common = { orderId: order.id, fileNumber: file.number, debtor: wireDebtor(debtor) };
  switch (procedure.kind) {
    case "bank_attachment":
      return { ...common, type: "attachment.order", maxAmount: procedure.amount!.toString(), standing: true };
    case "vehicle_seizure":
      return { ...common, type: "seizure.order" };
    case "travel_ban":
      return { ...common, type: "travel_ban.order" };
  }
}

export async function dispatchProcedure(tx: Tx, payload: { procedureId: string; correlationId?: string }, now: Date): Promise<void> {
  const located = await tx.selectFrom("procedures").select("file_id").where("id", "=", payload.procedureId).executeTakeFirst();
  if (!located) return;
  const { file, changes } = await openFileAsSystem(tx, located.file_id, workerActor, payload.correlationId ?? `dispatch-${payload.procedureId}`, now);
  const procedure = (await proceduresOfFile(tx, file.id)).find((candidate) => candidate.id === payload.procedureId);
  if (!procedure || procedure.status !== "ordered") return;
  // Suspended by the judge pending an enforcement dispute: the orders wait (re-queued when it ends).
  if (await holdDispatchIfSuspended(tx, changes, file.id, procedure.id)) {
    await changes.commit();
    return;
  }
  const allOrders = await ordersOfProcedures(tx, [procedure.id]);
  const orders = allOrders.filter((order) => order.status === "pending");
  if (orders.length === 0) return;
  // The department collects a request's fee before its orders leave (FEES_BEFORE_DISPATCH): they
  // wait, and the fee's payment queues this dispatch again (src/app/payments/settle-payment.ts).
  if (await feeHoldsDispatch(tx, procedure.id)) return;
  const debtor = await debtorOf(tx, procedure.debtorPartyId);

  // Orders against a person wait for the civil-information authority to confirm who they are.
  if (debtor.civilId !== null && (debtor.identityConfirmedAt === null || now.getTime() - debtor.identityConfirmedAt.getTime() > IDENTITY_FRESHNESS_MS)) {
    const asked = await tx
      .selectFrom("agency_messages")
      .select("id")
      .where("direction", "=", "out")
      .where("message_type", "=", "identity.query")
      .where(sql<boolean>`body->>'civilId' = ${debtor.civilId}`)
      .where("created_at", ">", new Date(now.getTime() - 3_600_000))
      .executeTakeFirst();
    if (!asked) {
      const queryId = randomUUID();
      await queueAgencyMessages(tx, [{ agencyKey: "civil_info", requestId: queryId, message: { type: "identity.query", queryId, civilId: debtor.civilId } }], now);
      changes.record("procedure.identity_check", { procedureId: procedure.id, payload: { queryId } });
      await changes.commit();
    }
    return;
  }

  await queueAgencyMessages(
    tx,
    orders.map((order) => ({ agencyKey: order.agencyKey, fileId: file.id, orderId: order.id, message: orderMessage(procedure, order, file, debtor) })),
    now,
  );
  // One statement for every order (ten banks: ten orders), not two per order.
  await changes.ordersSent(orders, (order) => answerDueAt(order.agencyKey, now), procedure.kind === "bank_attachment" ? procedure.amount : null);
  // `ordersSent` moved the objects in `allOrders` along: no need to read them again.
  await changes.reconcile(procedure, allOrders);
  await changes.commit();
}

/**
 * Sends the lift of orders (those of one procedure, queued together by `endProcedure`; an
 * older entry names one `orderId`): one message each, queued in one statement, the orders
 * moved in one. An order no longer waiting for its lift is skipped, so a repeat does nothing.
 */
export async function sendLift(tx: Tx, payload: { orderId?: string; orderIds?: string[]; correlationId?: string }, now: Date): Promise<void> {
  const ids = payload.orderIds ?? (payload.orderId ? [payload.orderId] : []);
  if (ids.length === 0) return;
  const located = await tx.selectFrom("agency_orders").select(["file_id", "procedure_id"]).where("id", "in", ids).execute();
  const fileId = located[0]?.file_id;
  if (!fileId) return;
  const { file, changes } = await openFileAsSystem(tx, fileId, workerActor, payload.correlationId ?? `lift-${ids[0]}`, now);
  const procedureIds = [...new Set(located.filter((row) => row.file_id === file.id).map((row) => row.procedure_id))];
  const wanted = new Set(ids);
  const orders = (await ordersOfProcedures(tx, procedureIds)).filter((order) => wanted.has(order.id) && order.status === "lift_requested");
  if (orders.length === 0) return;
  const statusOf = new Map((await proceduresById(tx, procedureIds)).map((procedure) => [procedure.id, procedure.status]));
  await queueAgencyMessages(
    tx,
    orders.map((order) => ({ agencyKey: order.agencyKey, fileId: file.id, orderId: order.id, message: { type: "lift.order" as const, orderId: order.id, fileNumber: file.number, reason: liftReason(statusOf.get(order.procedureId)!) } })),
    now,
  );
  await changes.orderEvents(orders.map((order) => ({ order, event: "sendLift" as const })));
  await changes.commit();
}

const liftReason = (status: string) => (status === "lifting" ? "The measure is lifted by the enforcement department." : status);

/** Outbox topics the worker runs, and the handler for each. */
export const hubJobHandlers = {
  [outboxTopics.dispatchProcedure]: dispatchProcedure,
  [outboxTopics.liftOrder]: sendLift,
} as const;
