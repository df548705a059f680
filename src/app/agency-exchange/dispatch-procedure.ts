/**
 * Sends a procedure's orders to its agencies (the outbox topic `procedure.dispatch`), in
 * the outbox entry's transaction, so a crash repeats it whole or not at all; it checks the
 * current state first, so a repeat does nothing. Before anything leaves, the rules in force
 * decide: a suspension holds the dispatch (`disputes.suspensionHoldsDispatch`), a fee the
 * department collects first holds it (assessed with the request), and orders against a
 * person wait for the civil-information authority to confirm them
 * (`exchange.identityFreshnessDays`).
 */
import { randomUUID } from "node:crypto";
import { identityCheckNeeded } from "../../domain/exchange/identity.ts";
import { orderMessage } from "../../domain/exchange/order-messages.ts";
import { agencyAnswerDueAt, ruleVersionFor } from "../../domain/rules/index.ts";
import { identityQueriedSince, queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { fileOfProcedure } from "../../storage/procedures/repository.ts";
import { debtorForAgencies } from "../../storage/files/repository.ts";
import { feeHoldsDispatch } from "../../storage/payments/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../../storage/procedures/repository.ts";
import { workerActor } from "../actors.ts";
import { holdDispatchIfSuspended } from "../enforcement-holds.ts";
import { openFileAsSystem } from "../locked-file.ts";
import type { OutboxJob, OutboxPayload } from "../outbox-topics.ts";

/** An identity query already sent within this window covers the orders waiting now. */
const IDENTITY_QUERY_REUSE_MS = 3_600_000;

export async function dispatchProcedure({ tx, now, deps }: OutboxJob, payload: OutboxPayload<"procedure.dispatch">): Promise<void> {
  const fileId = await fileOfProcedure(tx, payload.procedureId);
  if (!fileId) return;
  const { file, changes } = await openFileAsSystem(tx, fileId, workerActor, payload.correlationId ?? `dispatch-${payload.procedureId}`, now);
  const procedure = (await proceduresOfFile(tx, file.id)).find((candidate) => candidate.id === payload.procedureId);
  if (!procedure || procedure.status !== "ordered") return;
  const rules = ruleVersionFor(deps.rules, now).values;
  // Suspended by the judge pending an enforcement dispute: the orders wait (re-queued when it ends).
  if (rules.disputes.suspensionHoldsDispatch && (await holdDispatchIfSuspended(tx, changes, file.id, procedure.id))) {
    await changes.commit();
    return;
  }
  const allOrders = await ordersOfProcedures(tx, [procedure.id]);
  const orders = allOrders.filter((order) => order.status === "pending");
  if (orders.length === 0) return;
  // A fee the department collects before dispatch: the orders wait, and its payment queues this dispatch again (src/app/payments/settle-payment.ts).
  if (await feeHoldsDispatch(tx, procedure.id)) return;
  const debtor = await debtorForAgencies(tx, procedure.debtorPartyId);

  if (identityCheckNeeded(debtor, now, rules.exchange.identityFreshnessDays)) {
    if (!(await identityQueriedSince(tx, debtor.civilId!, new Date(now.getTime() - IDENTITY_QUERY_REUSE_MS)))) {
      const queryId = randomUUID();
      await queueAgencyMessages(tx, [{ agencyKey: "civil_info", requestId: queryId, message: { type: "identity.query", queryId, civilId: debtor.civilId! } }], now);
      changes.record("procedure.identity_check", { procedureId: procedure.id, payload: { queryId } });
      await changes.commit();
    }
    return;
  }

  await queueAgencyMessages(
    tx,
    orders.map((order) => ({ agencyKey: order.agencyKey, fileId: file.id, orderId: order.id, message: orderMessage(procedure, order.id, file.number, debtor) })),
    now,
  );
  // Art. 230(e): a bank declares within 10 days; other agencies by the rules' answer time — from the rules in force at sending.
  const version = ruleVersionFor(deps.rules, now);
  // One statement for every order (ten banks: ten orders), not two per order.
  await changes.ordersSent(orders, (order) => agencyAnswerDueAt(order.agencyKey, now, version), procedure.kind === "bank_attachment" ? procedure.amount : null);
  // `ordersSent` moved the objects in `allOrders` along: no need to read them again.
  await changes.reconcile(procedure, allOrders);
  await changes.commit();
}
