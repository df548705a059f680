/**
 * Art. 298(e): on a travel ban ordered before suit, the creditor (or their lawyer) proves
 * that the suit was filed — the court, the case number, the filing date and an uploaded
 * document of the file showing it — within the rule's period. Reported in time, the ban
 * stays; not reported, the deadline job lifts it (src/app/lapse-bans-before-suit.ts).
 * A refusal writes nothing.
 */
import { DomainError } from "../domain/errors.ts";
import { kuwaitDate } from "../domain/file/calendar.ts";
import { proceduresOfFile, procedureTerms, setProcedureParameters } from "../storage/procedures/repository.ts";
import { documentOfFile } from "../storage/documents/repository.ts";
import { banOrderedAt, filingDeadline, type BanBeforeSuitParameters, type SuitFiling } from "./ban-before-suit.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

export interface SuitFilingInput {
  fileId: string;
  procedureId: string;
  documentId: string;
  court: string;
  caseNumber: string;
  /** Kuwait date (YYYY-MM-DD) the suit was filed. */
  filedOn: string;
}

export interface ReportedSuitFiling {
  procedureId: string;
  filedOn: string;
  /** The last day the filing could be proven on. */
  lastDay: string;
}

// Ordered and not ended: the ban stands (or is about to).
const standing = new Set(["ordered", "dispatched", "in_force"]);

export async function reportSuitFiling(deps: AppDeps, context: UseCaseContext, input: SuitFilingInput): Promise<ReportedSuitFiling> {
  const now = deps.clock.now();
  const court = input.court.trim();
  const caseNumber = input.caseNumber.trim();
  if (court.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "court", reason: "required" });
  if (caseNumber.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "caseNumber", reason: "required" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.filedOn) || Number.isNaN(Date.parse(`${input.filedOn}T00:00:00Z`)) || new Date(`${input.filedOn}T00:00:00Z`).toISOString().slice(0, 10) !== input.filedOn) {
    throw new DomainError("VALIDATION_FAILED", { field: "filedOn", reason: "a date YYYY-MM-DD" });
  }
  if (input.filedOn > kuwaitDate(now)) throw new DomainError("VALIDATION_FAILED", { field: "filedOn", reason: "not in the future" });
  return deps.db.transaction().execute(async (tx) => {
    // Proving the filing continues the creditor's petition: the same right as requesting it.
    const { file, changes } = await openFileSession(tx, context, input.fileId, "procedure.request", now);
    const procedure = (await proceduresOfFile(tx, file.id)).find((candidate) => candidate.id === input.procedureId);
    if (!procedure || procedure.kind !== "travel_ban") throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    const row = await procedureTerms(tx, procedure.id);
    const parameters = row.parameters as BanBeforeSuitParameters & Record<string, unknown>;
    if (parameters.beforeSuit !== true) throw new DomainError("SUIT_FILING_NOT_EXPECTED", { reason: "not_before_suit" });
    if (parameters.suitFiling) throw new DomainError("SUIT_FILING_NOT_EXPECTED", { reason: "already_reported" });
    const orderedAt = await banOrderedAt(tx, procedure.id);
    if (!standing.has(procedure.status) || orderedAt === null) throw new DomainError("SUIT_FILING_NOT_EXPECTED", { reason: "ban_not_standing", status: procedure.status });
    const deadline = filingDeadline(deps.rules, row.requestedAt, orderedAt, now);
    if (now >= deadline.lapsesAt) throw new DomainError("SUIT_FILING_LATE", { lastDay: deadline.lastDay });
    const document = await documentOfFile(tx, file.id, input.documentId);
    // The proof is something the creditor's side brought to this file (not a paper the department issued).
    if (!document || document.origin !== "uploaded" || (document.procedureId !== null && document.procedureId !== procedure.id)) {
      throw new DomainError("DOCUMENT_NOT_FOUND", { documentId: input.documentId });
    }
    const filing: SuitFiling = { documentId: document.id, court, caseNumber, filedOn: input.filedOn, reportedAt: now.toISOString() };
    await setProcedureParameters(tx, procedure.id, { ...parameters, suitFiling: filing }, now);
    changes.record("travel_ban.suit_filed", {
      procedureId: procedure.id,
      payload: { documentId: document.id, court, caseNumber, filedOn: input.filedOn, orderedOn: deadline.orderedOn, lastDay: deadline.lastDay },
    });
    await changes.commit();
    return { procedureId: procedure.id, filedOn: input.filedOn, lastDay: deadline.lastDay };
  });
}
