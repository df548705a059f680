/**
 * Applies the cross-bank cap to one locked file: what each bank order counts as held,
 * and a hold.adjust to every bank holding more than it may keep. Called after anything
 * that changes holdings or what is owed (a declaration, a payment, a transfer, a waiver,
 * a lift); idempotent, so calling it again changes nothing.
 */
import { capBankHoldings } from "../domain/cap/bank-cap.ts";
import { outstanding } from "../domain/file/claim.ts";
import { queueAgencyMessages } from "../agencies/hub/outbound.ts";
import type { Tx } from "../storage/action-log.ts";
import type { LockedFile } from "../storage/files-repository.ts";
import type { FileChanges } from "./file-changes.ts";

const participatingProcedureStatuses = ["dispatched", "in_force"];

export async function enforceBankCap(tx: Tx, changes: FileChanges, file: LockedFile, now: Date): Promise<void> {
  // The cap reads orders' statuses: moves held back for a batch are written first.
  await changes.flushOrderMoves();
  const orders = await tx
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select(["o.id", "o.agency_key", "o.procedure_id", "o.status", "o.frozen_declared", "o.amount_held", "o.max_amount", "o.first_executed_at", "p.status as procedure_status", "p.amount"])
    .where("o.file_id", "=", file.id)
    .where("p.procedure_kind", "=", "bank_attachment")
    .execute();
  if (orders.length === 0) return;
  const participating = orders.filter(
    (order) => order.status === "executed" && participatingProcedureStatuses.includes(order.procedure_status) && order.first_executed_at !== null,
  );
  const attachments = [...new Map(participating.map((order) => [order.procedure_id, { procedureId: order.procedure_id, amount: order.amount ?? 0n }])).values()];
  const decisions = new Map(
    capBankHoldings(
      outstanding(file.claimTotal, file.recoveredTotal),
      attachments,
      participating.map((order) => ({ orderId: order.id, procedureId: order.procedure_id, frozenDeclared: order.frozen_declared, firstExecutedAt: order.first_executed_at! })),
    ).map((decision) => [decision.orderId, decision]),
  );
  for (const order of orders) {
    const decision = decisions.get(order.id);
    // Orders outside the cap (being lifted, nothing found, ended) count as holding nothing.
    const kept = decision?.kept ?? 0n;
    const mustRelease = decision !== undefined && decision.excess > 0n && (order.max_amount === null || order.max_amount > kept);
    if (kept === order.amount_held && !mustRelease) continue;
    await tx
      .updateTable("agency_orders")
      .set({ amount_held: kept, updated_at: now, ...(mustRelease ? { max_amount: kept } : {}) })
      .where("id", "=", order.id)
      .execute();
    if (mustRelease) {
      await queueAgencyMessages(
        tx,
        [
          {
            agencyKey: order.agency_key,
            fileId: file.id,
            orderId: order.id,
            message: { type: "hold.adjust", orderId: order.id, fileNumber: file.number, maxAmount: kept.toString(), reason: "cap" },
          },
        ],
        now,
      );
    }
    changes.record("order.hold", {
      procedureId: order.procedure_id,
      orderId: order.id,
      payload: { held: kept, frozenDeclared: order.frozen_declared, released: mustRelease ? decision!.excess : 0n },
    });
  }
}

