/**
 * On a missed instalment the measures the plan lifted are restored as the rules say: each
 * becomes a new procedure of the same kind against the same debtor (a bank attachment for
 * no more than is owed now), recorded as restoring the one lifted. A kind the rules in
 * force approve automatically gets its orders at once; a kind left to a judge or clerk
 * gets them at once too when a judge ordered the plan (that order said the measure
 * revives on default), and otherwise goes to that queue for a new decision.
 */
import { outstanding } from "../../domain/file/claim.ts";
import { agenciesForProcedure, agencyKey, canProcedure, initialProcedureStatus, type ProcedureKind } from "../../domain/procedures/index.ts";
import { ruleVersionFor } from "../../domain/rules/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import type { StoredPlan } from "../../storage/instalments-repository.ts";
import { insertProcedure, type StoredProcedure } from "../../storage/procedures/repository.ts";
import type { AppDeps } from "../deps.ts";
import { rulesActor, type FileChanges } from "../file-changes.ts";
import { enqueueForReview } from "../rule-checks.ts";

export interface RestoredMeasure {
  restores: string;
  procedureId: string;
  kind: ProcedureKind;
  status: string;
}

const reason = "Restored: an instalment of the plan was missed.";

export async function restoreMeasures(tx: Tx, deps: AppDeps, changes: FileChanges, file: LockedFile, plan: StoredPlan, now: Date): Promise<RestoredMeasure[]> {
  const measures = await tx
    .selectFrom("instalment_plan_measures as m")
    .innerJoin("procedures as p", "p.id", "m.procedure_id")
    .select(["m.procedure_id", "p.procedure_kind", "p.debtor_party_id", "p.amount", "p.parameters"])
    .where("m.plan_id", "=", plan.id)
    .where("m.lifted_at", "is not", null)
    .where("m.restored_procedure_id", "is", null)
    .orderBy("p.requested_at")
    .execute();
  const version = ruleVersionFor(deps.rules, now);
  const owed = outstanding(file.claimTotal, file.recoveredTotal);
  const restored: RestoredMeasure[] = [];
  for (const measure of measures) {
    const kind = measure.procedure_kind;
    const amount = kind === "bank_attachment" ? (measure.amount! < owed ? measure.amount! : owed) : null;
    const parameters = { ...(measure.parameters as Record<string, unknown>), restores: measure.procedure_id, instalmentPlanId: plan.id };
    const procedure: StoredProcedure = { id: deps.newId(), fileId: file.id, kind, status: initialProcedureStatus, debtorPartyId: measure.debtor_party_id, amount };
    await insertProcedure(tx, { ...procedure, parameters, requestedBy: rulesActor.id, requestedAt: now });
    changes.record("procedure.request", {
      procedureId: procedure.id,
      payload: { kind, debtorPartyId: procedure.debtorPartyId, amount, parameters, outstanding: owed, ruleVersion: version.id, cause: "instalment_default", restores: measure.procedure_id, planId: plan.id },
      reason,
      actor: rulesActor,
    });
    const decidedBy = version.values.decidedBy[kind];
    const queue = decidedBy === "clerk" ? "clerk" : "judge";
    const banks = kind === "bank_attachment" ? ((parameters as { banks?: string[] }).banks ?? []) : [];
    if (decidedBy === "automatic" && canProcedure(kind, "requested", "approve")) {
      await changes.procedureEvent(procedure, "approve", { automatic: true, ruleVersion: version.id, restores: measure.procedure_id, planId: plan.id }, reason, rulesActor);
      await changes.createOrders(procedure, agenciesForProcedure(kind, banks).map(agencyKey), deps.newId);
    } else if (plan.orderedBy !== null) {
      await changes.procedureEvent(procedure, "refer", { queue, ruleVersion: version.id, restores: measure.procedure_id, planId: plan.id }, reason, rulesActor);
      await changes.procedureEvent(
        procedure,
        "approve",
        { automatic: false, authority: "instalment_plan_order", orderedBy: plan.orderedBy, orderedAt: plan.orderedAt, planId: plan.id, restores: measure.procedure_id },
        "Restored under the judge's order of the instalment plan: an instalment was missed.",
        rulesActor,
      );
      await changes.createOrders(procedure, agenciesForProcedure(kind, banks).map(agencyKey), deps.newId);
    } else {
      await enqueueForReview(tx, deps, changes, procedure, queue, version.id, now);
    }
    await tx.updateTable("instalment_plan_measures").set({ restored_procedure_id: procedure.id }).where("plan_id", "=", plan.id).where("procedure_id", "=", measure.procedure_id).execute();
    restored.push({ restores: measure.procedure_id, procedureId: procedure.id, kind, status: procedure.status });
  }
  return restored;
}
