/**
 * Reconciliation (docs/agency-protocol.md section 10.5): an order a bank accepted (its
 * receipt said so) but has not answered in time is asked about with `order.status`, and
 * the bank answers from its own state — so an order never waits on a party that lost
 * its pending answers (a crash, a restore). Asked again only after the same interval.
 * Run by the worker; idempotent (a second worker skips the orders the first holds).
 */
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { claimSilentOrders } from "../../storage/procedures/repository.ts";
import type { Db } from "../../storage/database.ts";

/** How many orders one sweep asks about (the rest on the next one). */
const SWEEP_LIMIT = 500;

export async function askStatusOfSilentOrders(db: Db, options: { now: Date; afterMs: number }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const silent = await claimSilentOrders(tx, { silentSince: new Date(options.now.getTime() - options.afterMs), now: options.now, limit: SWEEP_LIMIT });
    await queueAgencyMessages(
      tx,
      silent.map((order) => ({ agencyKey: order.agencyKey, fileId: order.fileId, orderId: order.id, message: { type: "order.status" as const, orderId: order.id, fileNumber: order.fileNumber } })),
      options.now,
    );
    return silent.length;
  });
}
