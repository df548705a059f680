/** The instalment plans of a file with their schedules, consents and measures, for anyone who may read the file. */
import { DomainError } from "../../domain/errors.ts";
import { fileParties } from "../../storage/files/repository.ts";
import { consentsOf, instalmentsOf, measuresOf, plansOfFile, type StoredInstalment, type StoredPlan } from "../../storage/instalments/repository.ts";
import { actingRole, authorizeOnFile } from "../../domain/access/authorization.ts";
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
  const access = authorizeOnFile(context.subject, "file.read", fileId, parties, deps.clock.now());
  deps.readLog.record(context, { fileIds: [fileId], what: "instalment_plans", role: actingRole(context.subject, access, "file.read") });
  const plans = await plansOfFile(deps.db, fileId);
  return Promise.all(
    plans.map(async (plan) => {
      const consents = await consentsOf(deps.db, plan.id);
      const measures = await measuresOf(deps.db, plan.id);
      return {
        ...plan,
        instalments: await instalmentsOf(deps.db, plan.id),
        consents,
        measures,
      };
    }),
  );
}
