/**
 * The deadline job for instalment plans (run by the worker with the injected clock): a
 * plan in force whose instalment was not fully received by its deadline — the end of the
 * Kuwait working day it fell due, plus the plan's grace in working days, by the holiday
 * table in force now — is defaulted, and the measures it lifted are restored with new
 * orders to their agencies. One transaction per plan, on the file's lock.
 */
import { firstMissedInstalment, instalmentDeadline } from "../../domain/instalments/schedule.ts";
import { kuwaitDate, WorkingCalendar } from "../../domain/rules/index.ts";
import { instalmentsOf, movePlan, planOfFile, plansToCheckForDefault } from "../../storage/instalments/repository.ts";
import type { AppDeps } from "../deps.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { notifyPlan } from "./notify.ts";
import { restoreMeasures } from "./restore-measures.ts";

const deadlineActor = { id: "system", role: "worker" };

export async function defaultMissedPlans(deps: AppDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const today = kuwaitDate(now);
  const calendar = WorkingCalendar.at(today);
  let defaulted = 0;
  for (const candidate of await plansToCheckForDefault(deps.db, today, limit)) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const { file, changes } = await openFileAsSystem(tx, candidate.fileId, deadlineActor, `instalment-default-${candidate.id}`, now);
      const plan = await planOfFile(tx, file.id, candidate.id);
      if (!plan || plan.status !== "in_force") return false;
      const deadlineOf = (dueOn: string) => instalmentDeadline(dueOn, plan.graceWorkingDays, calendar);
      const missed = firstMissedInstalment(await instalmentsOf(tx, plan.id), now, deadlineOf);
      if (!missed) return false;
      await movePlan(tx, plan, "defaulted", { ended_at: now }, now);
      changes.record("instalment_plan.default", {
        payload: { planId: plan.id, event: "default", missed: { number: missed.number, dueOn: missed.dueOn, amount: missed.amount, paid: missed.paid, deadline: deadlineOf(missed.dueOn).toISOString() } },
        reason: `Instalment ${missed.number} due on ${missed.dueOn} was not received in full by its deadline.`,
      });
      const { restored, awaitingPetition } = await restoreMeasures(tx, deps, changes, file, plan, now);
      changes.record("instalment_plan.restore", { payload: { planId: plan.id, restored, ...(awaitingPetition.length > 0 ? { awaitingPetition } : {}) } });
      notifyPlan(changes, plan.id, "defaulted", now);
      await changes.commit();
      return true;
    });
    if (done) defaulted++;
  }
  return defaulted;
}
