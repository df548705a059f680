/**
 * Applies the cross-bank cap to one locked file: what each bank order counts as held,
 * and a hold.adjust to every bank holding more than it may keep. Called after anything
 * that changes holdings or what is owed (a declaration, a payment, a transfer, a waiver,
 * a lift); idempotent, so calling it again changes nothing.
 */
import { capBankHoldings } from "../../domain/cap/bank-cap.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import type { Tx } from "../../storage/action-log.ts";
import { bankOrderHoldings, setHolding } from "../../storage/procedures/repository.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import type { FileChanges } from "../file-changes.ts";

const participatingProcedureStatuses: readonly string[] = ["dispatched", "in_force"];

export async function enforceBankCap(tx: Tx, changes: FileChanges, file: LockedFile, now: Date): Promise<void> {
  // The cap reads orders' statuses: moves held back for a batch are written first.
  await changes.flushOrderMoves();
  const orders = await bankOrderHoldings(tx, file.id);
  if (orders.length === 0) return;
  const participating = orders.filter(
    (order) => order.status === "executed" && participatingProcedureStatuses.includes(order.procedureStatus) && order.firstExecutedAt !== null,
  );
  const attachments = [...new Map(participating.map((order) => [order.procedureId, { procedureId: order.procedureId, amount: order.attachmentAmount ?? 0n }])).values()];
  const decisions = new Map(
    capBankHoldings(
      outstanding(file.claimTotal, file.recoveredTotal),
      attachments,
      participating.map((order) => ({ orderId: order.id, procedureId: order.procedureId, frozenDeclared: order.frozenDeclared, firstExecutedAt: order.firstExecutedAt! })),
    ).map((decision) => [decision.orderId, decision]),
  );
  for (const order of orders) {
    const decision = decisions.get(order.id);
    // Orders outside the cap (being lifted, nothing found, ended) count as holding nothing.
    const kept = decision?.kept ?? 0n;
    const mustRelease = decision !== undefined && decision.excess > 0n && (order.maxAmount === null || order.maxAmount > kept);
    if (kept === order.amountHeld && !mustRelease) continue;
    await setHolding(tx, order.id, { held: kept, ...(mustRelease ? { maxAmount: kept } : {}) }, now);
    if (mustRelease) {
      await queueAgencyMessages(
        tx,
        [{ agencyKey: order.agencyKey, fileId: file.id, orderId: order.id, message: { type: "hold.adjust", orderId: order.id, fileNumber: file.number, maxAmount: kept.toString(), reason: "cap" } }],
        now,
      );
    }
    changes.record("order.hold", {
      procedureId: order.procedureId,
      orderId: order.id,
      payload: { held: kept, frozenDeclared: order.frozenDeclared, released: mustRelease ? decision!.excess : 0n },
    });
  }
}
