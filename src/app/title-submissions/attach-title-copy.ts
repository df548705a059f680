/**
 * The copy of the executory title for a submission: its type read from its bytes and
 * checked like any upload, stored under its sha256, and with it the submission goes to
 * the clerks' queue (an 'open_file_from_title' item, due by the clerks' service level) in
 * the same transaction. Who may not read the submission is told it does not exist.
 */
import { DomainError } from "../../domain/errors.ts";
import { cleanDocumentName, sniffMediaType } from "../../domain/documents/documents.ts";
import { nextTitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import { appendActions } from "../../storage/action-log.ts";
import { sha256Hex } from "../../storage/document-store.ts";
import { lockTitleSubmission, moveTitleSubmission, readTitleSubmission, titleSubmissionStream } from "../../storage/titles/repository.ts";
import { actingRole, authorizeTitleSubmission } from "../../domain/access/authorization.ts";
import { openClerkItem } from "../clerk-review-item.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { inspectUpload } from "../documents/inspect-upload.ts";
import type { DocumentServices } from "../documents/services.ts";
import { submissionCreditors, submissionView, type TitleSubmissionView } from "./submission-view.ts";

export interface CopyInput {
  submissionId: string;
  name: string | null | undefined;
  bytes: Buffer;
}

export async function attachTitleCopy(deps: AppDeps, services: DocumentServices, context: UseCaseContext, input: CopyInput): Promise<TitleSubmissionView> {
  const now = deps.clock.now();
  if (input.bytes.length > services.maxUploadBytes) throw new DomainError("PAYLOAD_TOO_LARGE", { maxBytes: services.maxUploadBytes });
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTitleSubmission(tx, input.submissionId);
    if (!row) throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", { submissionId: input.submissionId });
    const creditors = submissionCreditors(row);
    authorizeTitleSubmission(context.subject, "title_submission.read", creditors, now, row.id);
    const access = authorizeTitleSubmission(context.subject, "title_submission.submit", creditors, now);
    const next = nextTitleSubmissionStatus(row.status, "attachCopy");
    if (input.bytes.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "file", reason: "empty" });
    const mediaType = sniffMediaType(input.bytes);
    if (mediaType === null) throw new DomainError("UNSUPPORTED_MEDIA_TYPE", { accepted: ["application/pdf", "image/jpeg", "image/png"] });
    await inspectUpload(input.bytes, mediaType, services.pdfReader);
    const sha256 = sha256Hex(input.bytes);
    const item = await openClerkItem(tx, deps, { itemKind: "open_file_from_title", fileId: null, subjectRef: row.id }, now);
    const name = cleanDocumentName(input.name);
    const moved = await moveTitleSubmission(
      tx,
      row.id,
      row.status,
      { status: next, copy_sha256: sha256, copy_media_type: mediaType, copy_size_bytes: BigInt(input.bytes.length), copy_name: name, copy_uploaded_at: now, review_item_id: item.id },
      now,
    );
    if (!moved) throw new DomainError("TITLE_SUBMISSION_NOT_PENDING", { status: row.status, event: "attachCopy" });
    await appendActions(tx, [
      {
        stream: titleSubmissionStream(row.id),
        actor: { id: context.subject.civilId, role: actingRole(context.subject, access, "title_submission.submit") },
        kind: "title_submission.copy_attached",
        payload: { titleSubmissionId: row.id, mediaType, sha256, sizeBytes: input.bytes.length, reviewItemId: item.id, dueAt: item.dueAt.toISOString() },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    // Last, so the row never points at missing bytes (as for any upload).
    await services.storage.put(sha256, input.bytes);
    return submissionView((await readTitleSubmission(tx, row.id))!, null);
  });
}
