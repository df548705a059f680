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
import { orderMessage, protectionMessage } from "../../domain/exchange/order-messages.ts";
import { protectionTerms, type ProtectionTerms } from "../../domain/cap/salary-protection.ts";
import { agencyAnswerDueAt, ruleVersionFor, type RuleSet } from "../../domain/rules/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import { identityQueriedSince, queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { fileOfProcedure, procedureRequestedAt, setOrderProtection } from "../../storage/procedures/repository.ts";
import { debtKindOfFile, debtorForAgencies } from "../../storage/files/repository.ts";
import { feeHoldsDispatch } from "../../storage/payments/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../../storage/procedures/repository.ts";
import { workerActor } from "../actors.ts";
import { holdDispatchIfSuspended } from "../enforcement-holds.ts";
import { openFileAsSystem } from "../locked-file.ts";
import type { OutboxJob, OutboxPayload } from "../outbox-topics.ts";

/** An identity query already sent within this window covers the orders waiting now. */
const IDENTITY_QUERY_REUSE_MS = 3_600_000;

/** The terms of the rules the attachment was requested under; null when those rules leave them to the bank (before kw-2025.3). */
async function protectionTermsOf(tx: Tx, rules: RuleSet, procedureId: string, fileId: string, now: Date): Promise<ProtectionTerms | null> {
  const version = ruleVersionFor(rules, (await procedureRequestedAt(tx, procedureId)) ?? now);
  if (version.values.salary.appliedBy !== "hub") return null;
  return protectionTerms(version.values.salary, await debtKindOfFile(tx, fileId));
}

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

  // Art. 216 (kw-2025.3 on, by the rules the attachment was requested under): each bank order
  // goes with the share of a salary and of each exempt kind it may hold for the file's kind of debt.
  const terms = procedure.kind === "bank_attachment" ? await protectionTermsOf(tx, deps.rules, procedure.id, file.id, now) : null;
  await queueAgencyMessages(
    tx,
    orders.flatMap((order) => {
      const sent = { agencyKey: order.agencyKey, fileId: file.id, orderId: order.id };
      const message = orderMessage(procedure, order.id, file.number, debtor);
      return terms ? [{ ...sent, message }, { ...sent, message: protectionMessage(terms, order.id, file.number) }] : [{ ...sent, message }];
    }),
    now,
  );
  if (terms) await setOrderProtection(tx, orders.map((order) => order.id), terms, now);
  // Art. 230(e): a bank declares within 10 days; other agencies by the rules' answer time — from the rules in force at sending.
  const version = ruleVersionFor(deps.rules, now);
  // One statement for every order (ten banks: ten orders), not two per order.
  await changes.ordersSent(orders, (order) => agencyAnswerDueAt(order.agencyKey, now, version), procedure.kind === "bank_attachment" ? procedure.amount : null);
  // `ordersSent` moved the objects in `allOrders` along: no need to read them again.
  await changes.reconcile(procedure, allOrders);
  await changes.commit();
}
