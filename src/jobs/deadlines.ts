/**
 * Marks orders whose agency has not answered in time (banks: 10 days, Art. 230(e)) and
 * logs each on its file, so staff see the breach and can chase the agency.
 */
import { appendActions, fileStream } from "../storage/action-log.ts";
import type { Db } from "../storage/database.ts";

export async function markMissedDeadlines(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const missed = await tx
      .updateTable("agency_orders")
      .set({ deadline_missed_at: now })
      .where("deadline_missed_at", "is", null)
      .where("answer_due_at", "<", now)
      .where("status", "in", ["sent", "acknowledged"])
      .returning(["id", "file_id", "procedure_id", "agency_key", "answer_due_at"])
      .execute();
    await appendActions(
      tx,
      missed.map((order) => ({
        stream: fileStream(order.file_id),
        actor: { id: "system", role: "worker" },
        kind: "order.deadline_missed",
        fileId: order.file_id,
        procedureId: order.procedure_id,
        orderId: order.id,
        payload: { agencyKey: order.agency_key, dueAt: order.answer_due_at },
        correlationId: `deadline-${order.id}`,
        occurredAt: now,
      })),
    );
    return missed.length;
  });
}

/** Art. 298(e): bans ordered before suit whose filing was not proven in time are lifted (the use case holds the rule). */
export { lapseBansBeforeSuit } from "../app/lapse-bans-before-suit.ts";
/** Instalment plans whose instalment was not received by its deadline (working days, the injected clock): defaulted, their measures restored. */
export { defaultMissedPlans as defaultMissedInstalmentPlans } from "../app/instalments/default-missed-plans.ts";
