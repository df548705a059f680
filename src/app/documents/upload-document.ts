/**
 * Uploading a document to a file (optionally to one of its procedures): the type is
 * sniffed from the bytes, the name kept as metadata only, the bytes stored under their
 * sha256 (once, however often they are uploaded), and the upload is an action in the
 * file's log. A refusal writes nothing.
 */
import { DomainError } from "../../domain/errors.ts";
import { cleanDocumentName, sniffMediaType, type UploadedDocumentKind } from "../../domain/documents/documents.ts";
import { sha256Hex } from "../../storage/document-store.ts";
import { procedureKind } from "../../storage/procedures/repository.ts";
import { needsVerification } from "../../domain/documents/verification.ts";
import { insertDocument, requestVerification, verificationOf, type StoredDocument } from "../../storage/documents/repository.ts";
import { authorizeDocumentKind } from "../../domain/access/authorization.ts";
import { openClerkItem } from "../clerk-review-item.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { documentView, type DocumentView } from "./document-view.ts";
import { inspectUpload } from "./inspect-upload.ts";
import type { DocumentServices } from "./services.ts";

export interface UploadInput {
  fileId: string;
  procedureId: string | null;
  kind: UploadedDocumentKind;
  /** The name the uploader gave (metadata only). */
  name: string | null | undefined;
  bytes: Buffer;
}

export async function uploadDocument(
  deps: AppDeps,
  services: DocumentServices,
  context: UseCaseContext,
  input: UploadInput,
): Promise<DocumentView> {
  const now = deps.clock.now();
  if (input.bytes.length > services.maxUploadBytes) throw new DomainError("PAYLOAD_TOO_LARGE", { maxBytes: services.maxUploadBytes });
  return deps.db.transaction().execute(async (tx) => {
    const { file, access, changes } = await openFileSession(tx, context, input.fileId, "document.upload", now);
    authorizeDocumentKind(context.subject, access, input.kind);
    if (input.procedureId !== null && !(await procedureKind(tx, file.id, input.procedureId))) {
      throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    }
    if (input.bytes.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "file", reason: "empty" });
    const mediaType = sniffMediaType(input.bytes);
    if (mediaType === null) throw new DomainError("UNSUPPORTED_MEDIA_TYPE", { accepted: ["application/pdf", "image/jpeg", "image/png"] });
    // Bombs, scripts and fake headers are refused before anything is written.
    await inspectUpload(input.bytes, mediaType, services.pdfReader);
    const sha256 = sha256Hex(input.bytes);
    const row: StoredDocument = {
      id: deps.newId(),
      fileId: file.id,
      procedureId: input.procedureId,
      orderId: null,
      kind: input.kind,
      origin: "uploaded",
      mediaType,
      sha256,
      sizeBytes: BigInt(input.bytes.length),
      name: cleanDocumentName(input.name),
      createdBy: context.subject.civilId,
      createdAt: now,
      verificationCode: null,
    };
    await insertDocument(tx, row);
    // What a party or a lawyer brings goes to the clerks to verify, in this same transaction.
    const verification = needsVerification(input.kind, access.inPerson.size === 0 && access.asLawyer.size === 0)
      ? await openClerkItem(tx, deps, { itemKind: "verify_document", fileId: file.id, subjectRef: row.id }, now)
      : null;
    if (verification) await requestVerification(tx, { documentId: row.id, fileId: file.id, reviewItemId: verification.id, at: now });
    changes.record("document.uploaded", {
      ...(input.procedureId ? { procedureId: input.procedureId } : {}),
      payload: {
        documentId: row.id,
        kind: input.kind,
        mediaType,
        sha256,
        sizeBytes: input.bytes.length,
        ...(verification ? { verification: "pending", reviewItemId: verification.id, dueAt: verification.dueAt.toISOString() } : {}),
      },
    });
    await changes.commit();
    // Last, so the row never points at missing bytes; a failed commit after this leaves only
    // unreferenced bytes, which are harmless (and the same upload again reuses them).
    await services.storage.put(sha256, input.bytes);
    return documentView(row, await verificationOf(tx, row.id));
  });
}
