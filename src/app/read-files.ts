/** Listing and reading files, each limited to what the subject may see. */
import { actionKindSpec, visibleTo } from "../domain/audit/action-kinds.ts";
import { hasStaffRole } from "../domain/access/subject.ts";
import { DomainError } from "../domain/errors.ts";
import { outstanding } from "../domain/file/claim.ts";
import { fileParties } from "../storage/files/repository.ts";
import { fileDetail, listFiles, type FileListFilter } from "../storage/files/reads.ts";
import { actingRole, authorizeListing, authorizeOnFile, mayGlobally } from "../domain/access/authorization.ts";
import { proposeNextMeasures } from "../domain/procedures/batch.ts";
import type { ProcedureStatus } from "../domain/procedures/index.ts";
import { ruleVersionFor } from "../domain/rules/index.ts";
import { procedureResult } from "./procedure-results.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export async function listMyFiles(deps: AppDeps, context: UseCaseContext, filter: FileListFilter) {
  authorizeListing(context.subject);
  const now = deps.clock.now();
  const seesAll = mayGlobally(context.subject, "file.list_all");
  const rows = await listFiles(deps.db, context.subject, seesAll, filter, now);
  // A search (names, civil IDs, numbers) and staff's lists of everyone's files show debtors' names: reads of personal data.
  if (filter.search !== undefined || seesAll) {
    deps.readLog.record(context, { fileIds: rows.map((row) => row.id), what: filter.search !== undefined ? "file_search" : "file_list", role: actingRole(context.subject, null, "file.list_all") });
  }
  return rows.map((row) => ({ ...row, outstanding: outstanding(row.claimTotal, row.recoveredTotal) }));
}

function authorizedTo(context: UseCaseContext, permission: "procedure.request", fileId: string, parties: Parameters<typeof authorizeOnFile>[3], now: Date): boolean {
  try {
    authorizeOnFile(context.subject, permission, fileId, parties, now);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

export async function readFile(deps: AppDeps, context: UseCaseContext, fileId: string) {
  const now = deps.clock.now();
  const parties = await fileParties(deps.db, fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId });
  const access = authorizeOnFile(context.subject, "file.read", fileId, parties, now);
  const detail = await fileDetail(deps.db, fileId);
  if (!detail) throw new DomainError("FILE_NOT_FOUND", { fileId });
  deps.readLog.record(context, { fileIds: [fileId], what: "file_page", role: actingRole(context.subject, access, "file.read") });
  // The timeline shows each action to those its kind is for (src/domain/audit/action-kinds.ts): staff see all of it.
  const reader = hasStaffRole(context.subject, "clerk", "judge", "auditor", "administrator") ? "staff" : "party";
  const timeline = detail.timeline
    .filter((action) => visibleTo(action.action_kind, reader))
    .map((action) => ({ ...action, label: actionKindSpec(action.action_kind)?.label ?? null, description: actionKindSpec(action.action_kind)?.description ?? null }));
  // Results are read from every action (some, like a hold's adjustment, are staff-only in the timeline); only their summary is shown.
  const owed = outstanding(detail.file.claim_total, detail.file.recovered_total);
  // After a measure that found nothing, the measures the rules allow now (for those who may ask for them).
  const nextMeasures = authorizedTo(context, "procedure.request", fileId, parties, now)
    ? proposeNextMeasures({
        fileOpen: detail.file.status === "open",
        outstanding: owed,
        debtors: parties.filter((party) => party.partyRole === "debtor").map((party) => ({ id: party.id, person: party.civilId !== null })),
        procedures: detail.procedures.map((procedure) => ({
          kind: procedure.procedure_kind,
          status: procedure.status as ProcedureStatus,
          debtorPartyId: procedure.debtor_party_id,
          nothingFound: procedureResult(procedure, detail.orders, detail.timeline).outcome === "nothing_found",
        })),
        travelBanMinimum: ruleVersionFor(deps.rules, now).values.travelBan.minimumOutstanding,
      })
    : [];
  return { ...detail, allActions: detail.timeline, timeline, access, outstanding: owed, nextMeasures };
}
