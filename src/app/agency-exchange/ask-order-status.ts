/**
 * Reconciliation (docs/agency-protocol.md section 10.5): an order a bank accepted (its
 * receipt said so) but has not answered is asked about with `order.status`, and the bank
 * answers from its own state — so an order never waits on a party that lost its pending
 * answers (a crash, a restore). Three triggers:
 *   - the order has been silent `afterMs` (the worker's sweep; AGENCY_STATUS_QUERY_SECONDS);
 *   - the hub itself restarted: every order in flight is asked at once (the worker's start);
 *   - a staff member asks from the agency monitor (one bank, some orders, or all in flight).
 * Idempotent: a second worker skips the orders the first holds, and an order whose query is
 * still on its way is not asked twice.
 */
import { authorizeGlobally } from "../../domain/access/authorization.ts";
import { DomainError } from "../../domain/errors.ts";
import { isBankCode } from "../../domain/identifiers/index.ts";
import { claimOrdersInFlight, queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { claimSilentOrders } from "../../storage/procedures/repository.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { Db } from "../../storage/database.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

/** How many orders one sweep asks about (the rest on the next one). */
const SWEEP_LIMIT = 500;

type Claimed = { id: string; fileId: string; agencyKey: string; fileNumber: string };

async function queueStatusQueries(tx: Tx, orders: readonly Claimed[], now: Date): Promise<number> {
  await queueAgencyMessages(
    tx,
    orders.map((order) => ({ agencyKey: order.agencyKey, fileId: order.fileId, orderId: order.id, message: { type: "order.status" as const, orderId: order.id, fileNumber: order.fileNumber } })),
    now,
  );
  return orders.length;
}

export async function askStatusOfSilentOrders(db: Db, options: { now: Date; afterMs: number }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const silent = await claimSilentOrders(tx, { silentSince: new Date(options.now.getTime() - options.afterMs), now: options.now, limit: SWEEP_LIMIT });
    return queueStatusQueries(tx, silent, options.now);
  });
}

/**
 * After the hub's own restart: every bank order in flight is asked where it stands, whatever
 * its age (its answer may have been lost with the hub's or the bank's process). In rounds of
 * SWEEP_LIMIT, each in its own transaction; returns how many were asked.
 */
export async function askStatusOfOrdersInFlight(db: Db, options: { now: Date; agencyKey?: string | undefined; orderIds?: readonly string[] | undefined }): Promise<number> {
  let asked = 0;
  for (;;) {
    const round = await db.transaction().execute(async (tx) => {
      const orders = await claimOrdersInFlight(tx, { now: options.now, limit: SWEEP_LIMIT, agencyKey: options.agencyKey, orderIds: options.orderIds, askedBefore: options.now });
      return queueStatusQueries(tx, orders, options.now);
    });
    asked += round;
    if (round < SWEEP_LIMIT) return asked;
  }
}

/**
 * A staff request from the agency monitor: ask one bank (`bank:XXXX`), or some of its orders,
 * or every bank, where the orders in flight stand. Returns how many queries were queued
 * (0: nothing in flight, or every one already has a query on its way).
 */
export async function requestStatusQueries(
  deps: AppDeps,
  context: UseCaseContext,
  request: { agencyKey?: string | undefined; orderIds?: readonly string[] | undefined },
): Promise<{ asked: number }> {
  authorizeGlobally(context.subject, "agency.redrive");
  if (request.agencyKey !== undefined && !(request.agencyKey.startsWith("bank:") && isBankCode(request.agencyKey.slice(5)))) {
    throw new DomainError("STATUS_QUERY_NOT_A_BANK", { agencyKey: request.agencyKey });
  }
  const asked = await askStatusOfOrdersInFlight(deps.db, { now: deps.clock.now(), agencyKey: request.agencyKey, orderIds: request.orderIds });
  if (asked === 0 && request.orderIds && request.orderIds.length > 0) throw new DomainError("STATUS_QUERY_NOT_IN_FLIGHT", { orders: request.orderIds.length });
  return { asked };
}
