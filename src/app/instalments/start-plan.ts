/**
 * A plan comes into force (the creditors consented and, where needed, the judge ordered
 * it): the measures its terms name are lifted through the procedures' own machinery — a
 * lift order to each agency that may hold something, a cancel for orders still in the
 * outbox — and credits received since it was proposed are counted towards it.
 */
import { canProcedure } from "../../domain/procedures/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import { ledgerEntriesSince, type LockedFile } from "../../storage/files/repository.ts";
import { markMeasureLifted, measureProcedureIds, movePlan, type StoredPlan } from "../../storage/instalments/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../../storage/procedures/repository.ts";
import { enforceBankCap } from "../agency-exchange/enforce-bank-cap.ts";
import { rulesActor, type FileChanges } from "../file-changes.ts";
import { applyCreditsToPlan } from "./credit-instalments.ts";
import { notifyPlan } from "./notify.ts";

export type StartBy = { event: "start" } | { event: "order"; judge: string; reasons: string };

export async function startPlan(tx: Tx, changes: FileChanges, file: LockedFile, plan: StoredPlan, by: StartBy, now: Date): Promise<{ lifted: string[]; notLifted: string[] }> {
  await movePlan(tx, plan, "in_force", { in_force_at: now, ...(by.event === "order" ? { ordered_by: by.judge, ordered_at: now } : {}) }, now);
  plan.inForceAt = now;
  if (by.event === "order") {
    plan.orderedBy = by.judge;
    plan.orderedAt = now;
  }

  const measures = await measureProcedureIds(tx, plan.id);
  const procedures = await proceduresOfFile(tx, file.id);
  const orders = await ordersOfProcedures(tx, measures);
  const lifted: string[] = [];
  const notLifted: string[] = [];
  for (const procedureId of measures) {
    const procedure = procedures.find((candidate) => candidate.id === procedureId)!;
    // Ended meanwhile (waived, lifted on a payment): nothing left to lift or to restore.
    if (!canProcedure(procedure.kind, procedure.status, "lift")) {
      notLifted.push(procedureId);
      continue;
    }
    lifted.push(procedureId);
  }
  changes.record(`instalment_plan.${by.event}`, {
    payload: { planId: plan.id, event: by.event, liftedProcedureIds: lifted, notLiftedProcedureIds: notLifted },
    reason: by.event === "order" ? by.reasons : "Every creditor consented and no judge's order is needed.",
    ...(by.event === "start" ? { actor: rulesActor } : {}),
  });
  for (const procedureId of lifted) {
    const procedure = procedures.find((candidate) => candidate.id === procedureId)!;
    await changes.endProcedure(
      procedure,
      orders.filter((order) => order.procedureId === procedureId),
      "lift",
      "Lifted while the instalment plan is kept (its terms); restored if an instalment is missed.",
      { cause: "instalment_plan", planId: plan.id },
    );
    await markMeasureLifted(tx, plan.id, procedureId, now);
  }
  await enforceBankCap(tx, changes, file, now);
  notifyPlan(changes, plan.id, "in_force", now);

  // Credits received since the proposal count towards the plan, in the order received.
  const credits = await ledgerEntriesSince(tx, file.id, plan.proposedAt);
  if (credits.length > 0) await applyCreditsToPlan(tx, changes, plan, credits.map((credit) => ({ ledgerEntryId: credit.id, amount: credit.amount, receivedAt: credit.recordedAt })), now);
  return { lifted, notLifted };
}
