/**
 * The judge orders an agreed instalment plan (it comes into force and its measures are
 * lifted) or declines to, with reasons (Arts. 292–293: instalments with the creditor's
 * consent). Closes the plan's item in the judges' queue.
 */
import { DomainError } from "../../domain/errors.ts";
import { nextPlanStatus } from "../../domain/instalments/plan-machine.ts";
import { movePlan, planOfFile } from "../../storage/instalments/repository.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyPlan } from "./notify.ts";
import { startPlan } from "./start-plan.ts";

export interface OrderPlanInput {
  fileId: string;
  planId: string;
  decision: "order" | "decline";
  reasons: string;
}

export async function orderPlan(deps: AppDeps, context: UseCaseContext, input: OrderPlanInput) {
  const now = deps.clock.now();
  const reasons = input.reasons.trim();
  if (reasons.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "instalment.order", now);
    const plan = await planOfFile(tx, file.id, input.planId);
    if (!plan) throw new DomainError("INSTALMENT_PLAN_NOT_FOUND", { planId: input.planId });
    let lifted: string[] = [];
    if (input.decision === "order") {
      nextPlanStatus(plan.status, "order");
      ({ lifted } = await startPlan(tx, changes, file, plan, { event: "order", judge: context.subject.civilId, reasons }, now));
    } else {
      await movePlan(tx, plan, nextPlanStatus(plan.status, "decline"), { ended_at: now }, now);
      changes.record("instalment_plan.decline", { payload: { planId: plan.id, event: "decline" }, reason: reasons });
      notifyPlan(changes, plan.id, "declined", now);
    }
    await closeItemOfSubject(tx, "instalment_plan", plan.id, plan.status, context.subject.civilId, now);
    await changes.commit();
    return { id: plan.id, status: plan.status, liftedProcedureIds: lifted };
  });
}
