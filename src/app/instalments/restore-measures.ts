/**
 * On a missed instalment the measures the plan lifted are restored as the rules say: each
 * becomes a new procedure of the same kind against the same debtor (a bank attachment for
 * no more than is owed now), recorded as restoring the one lifted. A kind the rules in
 * force approve automatically gets its orders at once; a kind left to a judge or clerk
 * gets them at once too when a judge ordered the plan (that order said the measure
 * revives on default), and otherwise goes to that queue for a new decision.
 *
 * A kind the rules in force say comes back only on a new petition (`instalments.
 * restoreOnDefault`: a travel ban from kw-2025.5, Art. 297) is not restored: nothing is
 * created, the measure is listed as awaiting the creditor's petition, and that petition is
 * checked like any other (its evidence, the minimum, a judge's order).
 */
import { outstanding } from "../../domain/file/claim.ts";
import { agenciesForProcedure, agencyKey, canProcedure, initialProcedureStatus, type ProcedureKind } from "../../domain/procedures/index.ts";
import { ruleVersionFor } from "../../domain/rules/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import { liftedMeasuresToRestore, markMeasureRestored, type StoredPlan } from "../../storage/instalments/repository.ts";
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

/** A lifted measure the rules do not restore on default: the creditor may petition again. */
export interface MeasureAwaitingPetition {
  lifted: string;
  kind: ProcedureKind;
  /** The rule that says so (`instalments.restoreOnDefault.<kind>`) and the version. */
  rule: string;
  ruleVersion: string;
}

export interface RestoreOutcome {
  restored: RestoredMeasure[];
  awaitingPetition: MeasureAwaitingPetition[];
}

const reason = "Restored: an instalment of the plan was missed.";

export async function restoreMeasures(tx: Tx, deps: AppDeps, changes: FileChanges, file: LockedFile, plan: StoredPlan, now: Date): Promise<RestoreOutcome> {
  const measures = await liftedMeasuresToRestore(tx, plan.id);
  const version = ruleVersionFor(deps.rules, now);
  const owed = outstanding(file.claimTotal, file.recoveredTotal);
  const restored: RestoredMeasure[] = [];
  const awaitingPetition: MeasureAwaitingPetition[] = [];
  for (const measure of measures) {
    const kind = measure.kind;
    if (version.values.instalments.restoreOnDefault[kind] === "new_petition") {
      awaitingPetition.push({ lifted: measure.procedureId, kind, rule: `instalments.restoreOnDefault.${kind}`, ruleVersion: version.id });
      continue;
    }
    const amount = kind === "bank_attachment" ? (measure.amount! < owed ? measure.amount! : owed) : null;
    const parameters = { ...measure.parameters, restores: measure.procedureId, instalmentPlanId: plan.id };
    const procedure: StoredProcedure = { id: deps.newId(), fileId: file.id, kind, status: initialProcedureStatus, debtorPartyId: measure.debtorPartyId, amount };
    await insertProcedure(tx, { ...procedure, parameters, requestedBy: rulesActor.id, requestedAt: now });
    changes.record("procedure.request", {
      procedureId: procedure.id,
      payload: { kind, debtorPartyId: procedure.debtorPartyId, amount, parameters, outstanding: owed, ruleVersion: version.id, cause: "instalment_default", restores: measure.procedureId, planId: plan.id },
      reason,
      actor: rulesActor,
    });
    const decidedBy = version.values.decidedBy[kind];
    const queue = decidedBy === "clerk" ? "clerk" : "judge";
    const banks = kind === "bank_attachment" ? ((parameters as { banks?: string[] }).banks ?? []) : [];
    if (decidedBy === "automatic" && canProcedure(kind, "requested", "approve")) {
      await changes.procedureEvent(procedure, "approve", { automatic: true, ruleVersion: version.id, restores: measure.procedureId, planId: plan.id }, reason, rulesActor);
      await changes.createOrders(procedure, agenciesForProcedure(kind, banks).map(agencyKey), deps.newId);
    } else if (plan.orderedBy !== null) {
      await changes.procedureEvent(procedure, "refer", { queue, ruleVersion: version.id, restores: measure.procedureId, planId: plan.id }, reason, rulesActor);
      await changes.procedureEvent(
        procedure,
        "approve",
        { automatic: false, authority: "instalment_plan_order", orderedBy: plan.orderedBy, orderedAt: plan.orderedAt, planId: plan.id, restores: measure.procedureId },
        "Restored under the judge's order of the instalment plan: an instalment was missed.",
        rulesActor,
      );
      await changes.createOrders(procedure, agenciesForProcedure(kind, banks).map(agencyKey), deps.newId);
    } else {
      await enqueueForReview(tx, deps, changes, procedure, queue, version.id, now);
    }
    await markMeasureRestored(tx, plan.id, measure.procedureId, procedure.id);
    restored.push({ restores: measure.procedureId, procedureId: procedure.id, kind, status: procedure.status });
  }
  return { restored, awaitingPetition };
}
