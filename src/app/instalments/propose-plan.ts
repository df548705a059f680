/**
 * A debtor (or their lawyer, under the debtor's mandate with the request scope) proposes
 * to pay a file in instalments: a schedule in fils over Kuwait dates (all of what is
 * owed, or part), and the measures to lift while it is kept (e.g. the travel ban). The
 * schedule is checked by the rule version in force now, which also sets the grace for
 * payment. Every creditor of the file is asked to consent.
 */
import { DomainError } from "../../domain/errors.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { initialPlanStatus } from "../../domain/instalments/plan-machine.ts";
import { checkSchedule, scheduleTotal, type ProposedInstalment } from "../../domain/instalments/schedule.ts";
import { canProcedure } from "../../domain/procedures/index.ts";
import { kuwaitDate, ruleVersionFor } from "../../domain/rules/index.ts";
import { insertPlan, openPlanOfDebtor } from "../../storage/instalments/repository.ts";
import { proceduresOfFile } from "../../storage/procedures/repository.ts";
import { partiesActedFor } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyPlan } from "./notify.ts";
import { attachDocuments } from "../documents/attach-documents.ts";

export interface ProposePlanInput {
  fileId: string;
  debtorPartyId: string;
  instalments: readonly ProposedInstalment[];
  /** Measures against this debtor on this file to lift while the plan is kept. */
  liftProcedureIds: readonly string[];
  note?: string;
  /** Papers for the plan (a salary certificate, a bank statement): uploaded to the file by the proposer first. */
  documentIds?: readonly string[];
}

export async function proposePlan(deps: AppDeps, context: UseCaseContext, input: ProposePlanInput) {
  const now = deps.clock.now();
  const note = input.note?.trim() || null;
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "instalment.propose", now);
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    const debtor = file.parties.find((party) => party.id === input.debtorPartyId && party.partyRole === "debtor");
    if (!debtor) throw new DomainError("DEBTOR_NOT_ON_FILE");
    if (partiesActedFor(context.subject, file.id, [debtor], "debtor", "request", now).length === 0) throw new DomainError("FORBIDDEN", { permission: "instalment.propose", debtorPartyId: debtor.id });
    const open = await openPlanOfDebtor(tx, file.id, debtor.id);
    if (open) throw new DomainError("INSTALMENT_PLAN_ALREADY_OPEN", { planId: open.id });

    const version = ruleVersionFor(deps.rules, now);
    const owed = outstanding(file.claimTotal, file.recoveredTotal);
    const schedule = checkSchedule(input.instalments, owed, kuwaitDate(now), version.values.instalments);
    const total = scheduleTotal(schedule);
    const procedures = await proceduresOfFile(tx, file.id);
    const liftIds = [...new Set(input.liftProcedureIds)];
    for (const procedureId of liftIds) {
      const procedure = procedures.find((candidate) => candidate.id === procedureId);
      // Only a measure that stands against this debtor can be lifted by the plan.
      if (!procedure || procedure.debtorPartyId !== debtor.id || !canProcedure(procedure.kind, procedure.status, "lift")) {
        throw new DomainError("PLAN_MEASURE_INVALID", { procedureId, ...(procedure ? { status: procedure.status } : {}) });
      }
    }

    const id = deps.newId();
    await insertPlan(tx, {
      id,
      fileId: file.id,
      debtorPartyId: debtor.id,
      status: initialPlanStatus,
      total,
      outstandingAtProposal: owed,
      ruleVersion: version.id,
      graceWorkingDays: version.values.instalments.graceWorkingDays,
      proposedBy: context.subject.civilId,
      proposedAt: now,
      note,
      instalments: schedule,
      liftProcedureIds: liftIds,
    });
    const documentIds = await attachDocuments(tx, { fileId: file.id, documentIds: input.documentIds, uploadedBy: context.subject.civilId, to: { instalmentPlanId: id } });
    changes.record("instalment_plan.propose", {
      payload: {
        ...(documentIds.length > 0 ? { documentIds } : {}),
        planId: id,
        debtorPartyId: debtor.id,
        total,
        outstanding: owed,
        instalments: schedule.map((instalment) => ({ number: instalment.number, dueOn: instalment.dueOn, amount: instalment.amount })),
        liftProcedureIds: liftIds,
        ruleVersion: version.id,
        graceWorkingDays: version.values.instalments.graceWorkingDays,
      },
      reason: note,
    });
    notifyPlan(changes, id, "proposed", now);
    await changes.commit();
    return { id, status: initialPlanStatus, total, ruleVersion: version.id };
  });
}
