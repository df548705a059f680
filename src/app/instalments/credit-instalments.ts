/**
 * Credits received on a file pay its instalment plans in force: each credit (a payment or
 * a recovery, however it arrived — cashier, bank transfer, the payment gateway; all go
 * through creditFile) is matched to the earliest instalments not yet paid, by amount and
 * the time it was received. A plan paid in full completes. When the file is satisfied,
 * plans in force complete and plans not yet in force lapse.
 */
import { allocateCredit, instalmentDeadline, isFullyPaid } from "../../domain/instalments/schedule.ts";
import type { Fils } from "../../domain/money/index.ts";
import { kuwaitDate, WorkingCalendar } from "../../domain/rules/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import { insertInstalmentCredit, instalmentsOf, movePlan, plansOfFile, setInstalmentPaid, type StoredPlan } from "../../storage/instalments/repository.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import { rulesActor, type FileChanges } from "../file-changes.ts";
import { notifyPlan } from "./notify.ts";

export interface ReceivedCredit {
  ledgerEntryId: string;
  amount: Fils;
  receivedAt: Date;
}

/** Allocates credits to one plan in force, in order; completes it when paid in full. Returns what it did not take. */
export async function applyCreditsToPlan(tx: Tx, changes: FileChanges, plan: StoredPlan, credits: readonly ReceivedCredit[], now: Date): Promise<Fils> {
  let instalments = await instalmentsOf(tx, plan.id);
  const calendar = WorkingCalendar.at(kuwaitDate(now));
  let unapplied = 0n;
  for (const credit of credits) {
    if (plan.status !== "in_force") {
      unapplied += credit.amount;
      continue;
    }
    const result = allocateCredit(instalments, credit.amount, credit.receivedAt);
    for (const part of result.applied) {
      const instalment = result.instalments.find((candidate) => candidate.number === part.number)!;
      const onTime = part.settled ? instalment.paidAt! <= instalmentDeadline(instalment.dueOn, plan.graceWorkingDays, calendar) : null;
      await setInstalmentPaid(tx, plan.id, part.number, { paid: instalment.paid, paidAt: instalment.paidAt, onTime });
      await insertInstalmentCredit(tx, { planId: plan.id, ledgerEntryId: credit.ledgerEntryId, number: part.number, amount: part.amount, receivedAt: credit.receivedAt });
      changes.record("instalment_plan.instalment_credit", {
        payload: { planId: plan.id, number: part.number, amount: part.amount, ledgerEntryId: credit.ledgerEntryId, settled: part.settled, onTime },
        actor: rulesActor,
      });
      if (part.settled) notifyPlan(changes, plan.id, "instalment_paid", now, `instalment_paid:${part.number}`);
    }
    instalments = result.instalments.map((instalment) => ({ ...instalment, onTime: null }));
    unapplied += result.unapplied;
    if (isFullyPaid(instalments)) await completePlan(tx, changes, plan, "Every instalment of the plan is paid.", now);
  }
  return unapplied;
}

export async function completePlan(tx: Tx, changes: FileChanges, plan: StoredPlan, reason: string, now: Date): Promise<void> {
  await movePlan(tx, plan, "completed", { ended_at: now }, now);
  changes.record("instalment_plan.complete", { payload: { planId: plan.id, event: "complete" }, reason, actor: rulesActor });
  notifyPlan(changes, plan.id, "completed", now);
}

/**
 * Called by creditFile for every credit, in its transaction, after the file's totals and
 * status are updated: pays the plans in force (oldest first), then ends the plans of a
 * file that is satisfied.
 */
export async function creditInstalmentPlans(tx: Tx, changes: FileChanges, file: LockedFile, credit: ReceivedCredit, now: Date): Promise<void> {
  const plans = await plansOfFile(tx, file.id, ["proposed", "agreed", "in_force"]);
  if (plans.length === 0) return;
  let left = credit.amount;
  const inForce = plans.filter((plan) => plan.status === "in_force").sort((a, b) => a.inForceAt!.getTime() - b.inForceAt!.getTime());
  for (const plan of inForce) {
    if (left === 0n) break;
    left = await applyCreditsToPlan(tx, changes, plan, [{ ...credit, amount: left }], now);
  }
  if (file.status === "open") return;
  for (const plan of plans) {
    if (plan.status === "in_force") {
      await completePlan(tx, changes, plan, "The file is satisfied: nothing is owed.", now);
    } else if (plan.status === "proposed" || plan.status === "agreed") {
      await movePlan(tx, plan, "lapsed", { ended_at: now }, now);
      changes.record("instalment_plan.lapse", { payload: { planId: plan.id, event: "lapse" }, reason: "The file is satisfied: nothing is owed.", actor: rulesActor });
      await closeItemOfSubject(tx, "instalment_plan", plan.id, "lapsed", rulesActor.id, now);
      notifyPlan(changes, plan.id, "lapsed", now);
    }
  }
}
