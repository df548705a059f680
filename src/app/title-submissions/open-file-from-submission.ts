/**
 * A clerk opens the enforcement file from a title submitted online, after checking the
 * copy against the details: the file is opened by the same code as a clerk's own
 * (openFileIn: title, parties, claim, the file.open action, the service notice to the
 * debtors), the copy is filed on it as its executory-title document, verified by this
 * clerk, and the submission points at the file. One transaction; the clerks' item closes.
 */
import { DomainError } from "../../domain/errors.ts";
import { nextTitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import { appendActions } from "../../storage/action-log.ts";
import { insertDocument, recordVerified } from "../../storage/documents/repository.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import { lockTitleSubmission, moveTitleSubmission, readTitleSubmission, titleSubmissionStream } from "../../storage/titles/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { asDuplicateTitle, assertOpenable, openFileIn } from "../open-file.ts";
import { submissionInput, submissionView, type TitleSubmissionView } from "./submission-view.ts";

export async function openFileFromSubmission(deps: AppDeps, context: UseCaseContext, input: { submissionId: string; note?: string | null }): Promise<TitleSubmissionView> {
  authorizeGlobally(context.subject, "title_submission.decide");
  const now = deps.clock.now();
  const note = input.note?.trim() || null;
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const row = await lockTitleSubmission(tx, input.submissionId);
      if (!row) throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", { submissionId: input.submissionId });
      const next = nextTitleSubmissionStatus(row.status, "open");
      const details = submissionInput(row);
      // Judged again today: a title that stopped being enforceable since it was submitted is refused.
      assertOpenable(details, now, deps.rules);
      const opened = await openFileIn(tx, deps, context, details, now);
      // The copy becomes the file's document, verified by the clerk who checked it.
      const documentId = deps.newId();
      await insertDocument(tx, {
        id: documentId,
        fileId: opened.id,
        procedureId: null,
        orderId: null,
        kind: "executory_title_copy",
        origin: "uploaded",
        mediaType: row.copy_media_type!,
        sha256: row.copy_sha256!,
        sizeBytes: row.copy_size_bytes!,
        name: row.copy_name,
        createdBy: row.submitted_by,
        createdAt: row.copy_uploaded_at!,
        verificationCode: null,
      });
      await recordVerified(tx, { documentId, fileId: opened.id, by: context.subject.civilId, reasons: note, at: now });
      const { changes } = await openFileSession(tx, context, opened.id, "document.verify", now);
      changes.record("document.filed", {
        payload: { documentId, kind: "executory_title_copy", mediaType: row.copy_media_type, sha256: row.copy_sha256, sizeBytes: Number(row.copy_size_bytes), titleSubmissionId: row.id, uploadedBy: row.submitted_by },
      });
      changes.record("document.verified", { payload: { documentId, kind: "executory_title_copy", sha256: row.copy_sha256, titleSubmissionId: row.id }, reason: note });
      await changes.commit();
      const moved = await moveTitleSubmission(tx, row.id, row.status, { status: next, file_id: opened.id, document_id: documentId, decided_by: context.subject.civilId, decided_at: now }, now);
      if (!moved) throw new DomainError("TITLE_SUBMISSION_NOT_PENDING", { status: row.status, event: "open" });
      await closeItemOfSubject(tx, "open_file_from_title", row.id, "opened", context.subject.civilId, now);
      await appendActions(tx, [
        {
          stream: titleSubmissionStream(row.id),
          actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "title_submission.decide") },
          kind: "title_submission.opened",
          payload: { titleSubmissionId: row.id, fileId: opened.id, fileNumber: opened.number, documentId, reviewItemId: row.review_item_id },
          reason: note,
          correlationId: context.correlationId,
          occurredAt: now,
        },
      ]);
      return submissionView((await readTitleSubmission(tx, row.id))!, opened.number);
    });
  } catch (error) {
    throw asDuplicateTitle(error);
  }
}
