/**
 * Sends the lift of orders (the outbox topic `order.lift`: those of one procedure, queued
 * together by `FileChanges.endProcedure`; an older entry names one `orderId`): one message
 * each, queued in one statement, the orders moved in one. An order no longer waiting for
 * its lift is skipped, so a repeat does nothing.
 */
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { locateOrders } from "../../storage/procedures/repository.ts";
import { ordersOfProcedures, proceduresById } from "../../storage/procedures/repository.ts";
import { workerActor } from "../actors.ts";
import { openFileAsSystem } from "../locked-file.ts";
import type { OutboxJob, OutboxPayload } from "../outbox-topics.ts";

export async function sendLift({ tx, now }: OutboxJob, payload: OutboxPayload<"order.lift">): Promise<void> {
  const ids = payload.orderIds ?? (payload.orderId ? [payload.orderId] : []);
  const located = await locateOrders(tx, ids);
  const fileId = located[0]?.fileId;
  if (!fileId) return;
  const { file, changes } = await openFileAsSystem(tx, fileId, workerActor, payload.correlationId ?? `lift-${ids[0]}`, now);
  const procedureIds = [...new Set(located.filter((row) => row.fileId === file.id).map((row) => row.procedureId))];
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
