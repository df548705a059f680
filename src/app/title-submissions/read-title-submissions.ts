/**
 * Following a title submitted online: the submitter and the creditors it names (in person,
 * for their company, or their lawyer with the view scope) see its status, the clerk's
 * reasons if rejected, and the file opened from it; staff see every submission. The copy
 * may be downloaded by the same people, each download an action (a read of personal data).
 */
import { DomainError, isDomainError } from "../../domain/errors.ts";
import type { TitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import { appendActions } from "../../storage/action-log.ts";
import { candidateSubmissions, readTitleSubmission, titleSubmissionStream, type TitleSubmissionRow } from "../../storage/titles/repository.ts";
import { actingRole, authorizeTitleSubmission, mandateInForce, mayGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import type { DocumentServices } from "../documents/services.ts";
import { fileNumber } from "../../storage/files/repository.ts";
import { submissionCreditors, submissionView, type TitleSubmissionView } from "./submission-view.ts";

async function fileNumberOf(deps: AppDeps, row: TitleSubmissionRow): Promise<string | null> {
  if (row.file_id === null) return null;
  return (await fileNumber(deps.db, row.file_id)) ?? null;
}

export async function readTitleSubmissionFor(deps: AppDeps, context: UseCaseContext, submissionId: string): Promise<TitleSubmissionView> {
  const row = await readTitleSubmission(deps.db, submissionId);
  if (!row) throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", { submissionId });
  authorizeTitleSubmission(context.subject, "title_submission.read", submissionCreditors(row), deps.clock.now(), row.id);
  return submissionView(row, await fileNumberOf(deps, row));
}

export async function listTitleSubmissions(deps: AppDeps, context: UseCaseContext, filter: { status?: TitleSubmissionStatus; limit: number }): Promise<TitleSubmissionView[]> {
  const { subject } = context;
  const now = deps.clock.now();
  if (subject.client) throw new DomainError("FORBIDDEN", { permission: "title_submission.read" });
  // Staff read them all (the title_submission.read row of the authorization); anyone else what concerns them.
  const everything = mayGlobally(subject, "file.list_all");
  const mandates = subject.mandates.filter((mandate) => mandateInForce(mandate, now) && mandate.fileId === null);
  const rows = await candidateSubmissions(
    deps.db,
    everything
      ? "all"
      : {
          civilId: subject.civilId,
          civilIds: [subject.civilId, ...mandates.flatMap((mandate) => (mandate.principalCivilId ? [mandate.principalCivilId] : []))],
          crNumbers: [...subject.companies, ...mandates.flatMap((mandate) => (mandate.principalCrNumber ? [mandate.principalCrNumber] : []))],
        },
    filter,
  );
  const views: TitleSubmissionView[] = [];
  for (const row of rows) {
    try {
      authorizeTitleSubmission(subject, "title_submission.read", submissionCreditors(row), now, row.id);
    } catch (error) {
      if (isDomainError(error) && error.code === "TITLE_SUBMISSION_NOT_FOUND") continue;
      throw error;
    }
    views.push(submissionView(row, await fileNumberOf(deps, row)));
  }
  return views;
}

export async function downloadTitleCopy(
  deps: AppDeps,
  services: DocumentServices,
  context: UseCaseContext,
  submissionId: string,
): Promise<{ submission: TitleSubmissionView; mediaType: string; sha256: string; bytes: Buffer }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await readTitleSubmission(tx, submissionId);
    if (!row) throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", { submissionId });
    const access = authorizeTitleSubmission(context.subject, "title_submission.read", submissionCreditors(row), now, row.id);
    if (row.copy_sha256 === null || row.copy_media_type === null) throw new DomainError("DOCUMENT_NOT_FOUND", { submissionId, reason: "no copy yet" });
    const bytes = await services.storage.get(row.copy_sha256);
    if (!bytes) throw new Error(`title submission ${row.id}: content ${row.copy_sha256} is missing from the store`);
    await appendActions(tx, [
      {
        stream: titleSubmissionStream(row.id),
        actor: { id: context.subject.civilId, role: actingRole(context.subject, access, "title_submission.read") },
        kind: "title_submission.copy_downloaded",
        payload: { titleSubmissionId: row.id, sha256: row.copy_sha256 },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    return { submission: submissionView(row, null), mediaType: row.copy_media_type, sha256: row.copy_sha256, bytes };
  });
}
