/**
 * The agency portal's reading side: the orders sent to the officer's agency, and one
 * order with every message exchanged about it. Only the officer's own agency: another
 * agency's order is not found.
 */
import { DomainError } from "../../domain/errors.ts";
import { isAwaitingAnswer, answerDueStatuses } from "../../domain/procedures/portal-answers.ts";
import type { AgencyOrderStatus } from "../../domain/procedures/index.ts";
import { agencyOrder, listAgencyOrders, orderMessages, type AgencyOrderFilter, type AgencyOrderRow, type ExchangedMessage } from "../../storage/exchange/reads.ts";

/** A message exchanged about an order (either way), as the agency's officers read it. */
export type MessageView = ExchangedMessage;
import { authorizeAgencyPortal, authorizeForAgency } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export interface OrderListInput extends Omit<AgencyOrderFilter, "agencyKeys"> {
  /** One of the officer's agencies (an officer may serve more than one); default: all of them. */
  agencyKey?: string;
}

/** Whether the answer deadline was missed: recorded by the sweep, or passed just now. */
export function deadlineMissed(order: Pick<AgencyOrderRow, "status" | "answerDueAt" | "deadlineMissedAt">, now: Date): boolean {
  if (order.deadlineMissedAt !== null) return true;
  return (answerDueStatuses as readonly AgencyOrderStatus[]).includes(order.status) && order.answerDueAt !== null && order.answerDueAt < now;
}

export interface AgencyOrderView extends AgencyOrderRow {
  awaitingAnswer: boolean;
  deadlineMissed: boolean;
}

const view = (order: AgencyOrderRow, now: Date): AgencyOrderView => ({ ...order, awaitingAnswer: isAwaitingAnswer(order.status), deadlineMissed: deadlineMissed(order, now) });

export async function listOrdersForAgency(deps: AppDeps, context: UseCaseContext, input: OrderListInput): Promise<AgencyOrderView[]> {
  const agencies = authorizeAgencyPortal(context.subject, "agency.orders.read");
  const agencyKeys = input.agencyKey === undefined ? agencies : agencies.filter((key) => key === input.agencyKey);
  const now = deps.clock.now();
  const { agencyKey: _agencyKey, ...filter } = input;
  const rows = await listAgencyOrders(deps.db, { ...filter, agencyKeys }, now);
  for (const agencyKey of new Set(rows.map((row) => row.agencyKey))) {
    deps.readLog.record(context, { fileIds: rows.filter((row) => row.agencyKey === agencyKey).map((row) => row.fileId), what: "agency_orders", role: "agency_officer", agencyKey });
  }
  return rows.map((row) => view(row, now));
}

export async function readOrderForAgency(deps: AppDeps, context: UseCaseContext, orderId: string) {
  authorizeAgencyPortal(context.subject, "agency.orders.read");
  const order = await agencyOrder(deps.db, orderId);
  if (!order) throw new DomainError("ORDER_NOT_FOUND", { orderId });
  authorizeForAgency(context.subject, "agency.orders.read", order.agencyKey, "ORDER_NOT_FOUND", { orderId });
  const messages = await orderMessages(deps.db, order.id, order.agencyKey);
  deps.readLog.record(context, { fileIds: [order.fileId], what: "agency_order", role: "agency_officer", agencyKey: order.agencyKey });
  return { order: view(order, deps.clock.now()), messages };
}
