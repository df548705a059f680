/**
 * A clerk rejects a title submitted online, with reasons the submitter reads (the copy is
 * illegible, does not bear the executory formula, does not match the details given…).
 * The clerks' item closes; an action in the submission's stream. To try again the
 * creditor submits anew.
 */
import { DomainError } from "../../domain/errors.ts";
import { nextTitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import { appendActions } from "../../storage/action-log.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import { lockTitleSubmission, moveTitleSubmission, readTitleSubmission, titleSubmissionStream } from "../../storage/titles/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { submissionView, type TitleSubmissionView } from "./submission-view.ts";

export async function rejectTitleSubmission(deps: AppDeps, context: UseCaseContext, input: { submissionId: string; reasons: string }): Promise<TitleSubmissionView> {
  authorizeGlobally(context.subject, "title_submission.decide");
  const now = deps.clock.now();
  const reasons = input.reasons.trim();
  if (reasons.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required" });
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTitleSubmission(tx, input.submissionId);
    if (!row) throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", { submissionId: input.submissionId });
    const next = nextTitleSubmissionStatus(row.status, "reject");
    const moved = await moveTitleSubmission(tx, row.id, row.status, { status: next, decided_by: context.subject.civilId, decided_at: now, rejection_reasons: reasons }, now);
    if (!moved) throw new DomainError("TITLE_SUBMISSION_NOT_PENDING", { status: row.status, event: "reject" });
    await closeItemOfSubject(tx, "open_file_from_title", row.id, "rejected", context.subject.civilId, now);
    await appendActions(tx, [
      {
        stream: titleSubmissionStream(row.id),
        actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "title_submission.decide") },
        kind: "title_submission.rejected",
        payload: { titleSubmissionId: row.id, reviewItemId: row.review_item_id },
        reason: reasons,
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    return submissionView((await readTitleSubmission(tx, row.id))!, null);
  });
}
