/**
 * A creditor (in person, or their lawyer with the waive scope: consenting lifts measures)
 * answers a proposed plan. One refusal ends it. Once every creditor of the file has
 * consented, the rules of the proposal decide whether a judge must order it (above an
 * amount, or a debtor under a travel ban): if so it waits in the judges' queue, if not it
 * comes into force at once and its measures are lifted.
 */
import { DomainError } from "../../domain/errors.ts";
import { nextPlanStatus } from "../../domain/instalments/plan-machine.ts";
import { isActiveProcedureStatus } from "../../domain/procedures/index.ts";
import { planOrderGrounds, ruleVersionById, serviceLevel } from "../../domain/rules/index.ts";
import { consentsOf, insertConsents, movePlan, planOfFile } from "../../storage/instalments/repository.ts";
import { proceduresOfFile } from "../../storage/procedures/repository.ts";
import { openReviewItem } from "../../storage/review/repository.ts";
import { partiesActedFor } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyPlan } from "./notify.ts";
import { startPlan } from "./start-plan.ts";

export interface AnswerPlanInput {
  fileId: string;
  planId: string;
  answer: "agree" | "refuse";
  reasons?: string;
}

export async function answerPlan(deps: AppDeps, context: UseCaseContext, input: AnswerPlanInput) {
  const now = deps.clock.now();
  const reasons = input.reasons?.trim() || null;
  if (input.answer === "refuse" && reasons === null) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required to refuse" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "instalment.answer", now);
    const plan = await planOfFile(tx, file.id, input.planId);
    if (!plan) throw new DomainError("INSTALMENT_PLAN_NOT_FOUND", { planId: input.planId });
    // Only a proposal is answered; anything later is the machine's refusal.
    nextPlanStatus(plan.status, input.answer === "agree" ? "consent" : "refuse");
    const answered = await consentsOf(tx, plan.id);
    const creditors = file.parties.filter((party) => party.partyRole === "creditor");
    const mine = partiesActedFor(context.subject, file.id, creditors, "creditor", "waive", now).filter((party) => !answered.some((row) => row.creditorPartyId === party.id));
    if (mine.length === 0) throw new DomainError("ALREADY_ANSWERED", { planId: plan.id });
    const answer = input.answer === "agree" ? "agreed" : "refused";
    await insertConsents(tx, plan.id, mine.map((party) => party.id), { answer, answeredBy: context.subject.civilId, answeredAt: now, reasons });
    changes.record("instalment_plan.creditor_answer", { payload: { planId: plan.id, answer, creditorPartyIds: mine.map((party) => party.id) }, reason: reasons });

    if (input.answer === "refuse") {
      await movePlan(tx, plan, nextPlanStatus(plan.status, "refuse"), { ended_at: now }, now);
      changes.record("instalment_plan.refuse", { payload: { planId: plan.id, event: "refuse" }, reason: reasons });
      notifyPlan(changes, plan.id, "refused", now);
      await changes.commit();
      return { id: plan.id, status: plan.status, orderGrounds: [] as string[] };
    }
    const agreedParties = new Set([...answered.filter((row) => row.answer === "agreed").map((row) => row.creditorPartyId), ...mine.map((party) => party.id)]);
    if (!creditors.every((party) => agreedParties.has(party.id))) {
      await changes.commit();
      return { id: plan.id, status: plan.status, orderGrounds: [] as string[] };
    }

    const version = ruleVersionById(deps.rules, plan.ruleVersion);
    if (!version) throw new DomainError("RULES_NOT_IN_FORCE", { ruleVersion: plan.ruleVersion });
    const activeMeasureKinds = (await proceduresOfFile(tx, file.id))
      .filter((procedure) => procedure.debtorPartyId === plan.debtorPartyId && isActiveProcedureStatus(procedure.status) && procedure.status !== "lifting")
      .map((procedure) => procedure.kind);
    // Judged by the rules of the proposal, on the measures standing now.
    const grounds = planOrderGrounds(version.values.instalments, { total: plan.total, activeMeasureKinds });
    await movePlan(tx, plan, nextPlanStatus(plan.status, "consent"), { order_grounds: grounds }, now);
    changes.record("instalment_plan.consent", { payload: { planId: plan.id, event: "consent", orderGrounds: grounds, ruleVersion: version.id } });
    if (grounds.length > 0) {
      await openReviewItem(tx, {
        id: deps.newId(),
        itemKind: "instalment_plan",
        queue: "judge",
        fileId: file.id,
        procedureId: null,
        procedureKind: null,
        subjectRef: plan.id,
        ruleVersion: version.id,
        enteredAt: now,
        dueAt: serviceLevel("judge", now, now, version).dueAt,
      });
      notifyPlan(changes, plan.id, "awaiting_order", now);
    } else {
      await startPlan(tx, changes, file, plan, { event: "start" }, now);
    }
    await changes.commit();
    return { id: plan.id, status: plan.status, orderGrounds: grounds as string[] };
  });
}
