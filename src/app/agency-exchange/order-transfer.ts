/**
 * A clerk orders the banks to transfer what they hold under a file's attachments to the
 * department's account. Each bank confirms with the amount moved, which is credited to
 * the file as a recovery (and lifts everything once nothing is owed). While a judge's
 * suspension holds the file nothing is transferred (ENFORCEMENT_SUSPENDED): what is frozen
 * stays frozen until the suspension ends.
 */
import { DomainError } from "../../domain/errors.ts";
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { ordersHoldingFunds } from "../../storage/procedures/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { assertMoneyMayMove } from "../enforcement-holds.ts";
import { openFileSession } from "../locked-file.ts";

export async function orderTransfer(deps: AppDeps, context: UseCaseContext, input: { fileId: string }) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "funds.transfer", now);
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    await assertMoneyMayMove(tx, file.id, "transfer");
    const holding = await ordersHoldingFunds(tx, file.id);
    if (holding.length === 0) throw new DomainError("NOTHING_HELD");
    await queueAgencyMessages(
      tx,
      holding.map((order) => ({
        agencyKey: order.agencyKey,
        fileId: file.id,
        orderId: order.id,
        message: { type: "transfer.order" as const, orderId: order.id, fileNumber: file.number, amount: order.amountHeld.toString(), toIban: deps.settings.treasuryIban },
      })),
      now,
    );
    for (const order of holding) {
      changes.record("order.transfer", { procedureId: order.procedureId, orderId: order.id, payload: { amount: order.amountHeld, agencyKey: order.agencyKey } });
    }
    await changes.commit();
    return { transfers: holding.map((order) => ({ orderId: order.id, agencyKey: order.agencyKey, amount: order.amountHeld })) };
  });
}
