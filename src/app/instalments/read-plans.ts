/** The instalment plans of a file with their schedules, consents and measures, for anyone who may read the file. */
import { DomainError } from "../../domain/errors.ts";
import { fileParties } from "../../storage/files/repository.ts";
import { instalmentsOf, plansOfFile, type StoredInstalment, type StoredPlan } from "../../storage/instalments-repository.ts";
import { authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export interface PlanView extends StoredPlan {
  instalments: StoredInstalment[];
  consents: { creditorPartyId: string; answer: string; answeredAt: Date; reasons: string | null }[];
  measures: { procedureId: string; liftedAt: Date | null; restoredProcedureId: string | null }[];
}

export async function readPlans(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<PlanView[]> {
  const parties = await fileParties(deps.db, fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId });
  authorizeOnFile(context.subject, "file.read", fileId, parties, deps.clock.now());
  const plans = await plansOfFile(deps.db, fileId);
  return Promise.all(
    plans.map(async (plan) => {
      const consents = await deps.db.selectFrom("instalment_plan_consents").selectAll().where("plan_id", "=", plan.id).orderBy("answered_at").execute();
      const measures = await deps.db.selectFrom("instalment_plan_measures").selectAll().where("plan_id", "=", plan.id).orderBy("procedure_id").execute();
      return {
        ...plan,
        instalments: await instalmentsOf(deps.db, plan.id),
        consents: consents.map((row) => ({ creditorPartyId: row.creditor_party_id, answer: row.answer, answeredAt: row.answered_at, reasons: row.reasons })),
        measures: measures.map((row) => ({ procedureId: row.procedure_id, liftedAt: row.lifted_at, restoredProcedureId: row.restored_procedure_id })),
      };
    }),
  );
}
