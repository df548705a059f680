/**
 * A clerk verifies an uploaded document against the original, or rejects it with reasons
 * (the uploader and everyone who may read the file see them; a petition's evidence
 * rejected shows on the petition's documents). Closes the document's review item; an
 * action on the file. Who may not read the file is told the document does not exist.
 */
import { assertVerificationReasons, type VerificationDecision } from "../../domain/documents/verification.ts";
import { DomainError, isDomainError } from "../../domain/errors.ts";
import { decideVerification, documentById, fileOfDocument, verificationOf } from "../../storage/documents/repository.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession, type FileSession } from "../locked-file.ts";
import { documentView, type DocumentView } from "./document-view.ts";

export interface VerificationInput {
  documentId: string;
  decision: VerificationDecision;
  reasons?: string | null;
}

export async function decideDocumentVerification(deps: AppDeps, context: UseCaseContext, input: VerificationInput): Promise<DocumentView> {
  const now = deps.clock.now();
  const reasons = assertVerificationReasons(input.decision, input.reasons);
  const notFound = () => new DomainError("DOCUMENT_NOT_FOUND", { documentId: input.documentId });
  return deps.db.transaction().execute(async (tx) => {
    const fileId = await fileOfDocument(tx, input.documentId);
    if (fileId === undefined) throw notFound();
    let session: FileSession;
    try {
      session = await openFileSession(tx, context, fileId, "document.verify", now);
    } catch (error) {
      if (isDomainError(error) && error.code === "FILE_NOT_FOUND") throw notFound();
      throw error;
    }
    const row = await documentById(tx, input.documentId);
    if (!row) throw notFound();
    const pending = await verificationOf(tx, row.id);
    if (!pending || !(await decideVerification(tx, row.id, input.decision, context.subject.civilId, reasons, now))) {
      throw new DomainError("DOCUMENT_NOT_PENDING_VERIFICATION", { documentId: row.id, status: pending?.status ?? "not_required" });
    }
    const outcome = input.decision === "verify" ? "verified" : "rejected";
    await closeItemOfSubject(tx, "verify_document", row.id, outcome, context.subject.civilId, now);
    session.changes.record(`document.${outcome}`, {
      ...(row.procedureId ? { procedureId: row.procedureId } : {}),
      payload: { documentId: row.id, kind: row.kind, sha256: row.sha256, reviewItemId: pending.reviewItemId },
      reason: reasons,
    });
    await session.changes.commit();
    return documentView(row, await verificationOf(tx, row.id));
  });
}
