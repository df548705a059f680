/**
 * Listing a file's documents and downloading one. Only those who may read the file may
 * (parties, lawyers whose mandate in force has the view scope, staff); anyone else is
 * told the document does not exist. Every download is an action in the file's log:
 * these are reads of personal data.
 */
import { DomainError, isDomainError } from "../../domain/errors.ts";
import { documentById, documentsOfFile, fileOfDocument, verificationOf, verificationsOfFile } from "../../storage/documents/repository.ts";
import { lockFile } from "../../storage/files/repository.ts";
import { actingRole, authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { documentView, type DocumentView } from "./document-view.ts";
import type { DocumentServices } from "./services.ts";

export async function listDocuments(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<DocumentView[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const file = await lockFile(tx, fileId);
    if (!file) throw new DomainError("FILE_NOT_FOUND", { fileId });
    const access = authorizeOnFile(context.subject, "document.read", file.id, file.parties, now);
    const rows = await documentsOfFile(tx, file.id);
    deps.readLog.record(context, { fileIds: [file.id], what: "documents", role: actingRole(context.subject, access, "document.read") });
    const verifications = await verificationsOfFile(tx, file.id);
    return rows.map((row) => documentView(row, verifications.get(row.id)));
  });
}

export async function downloadDocument(
  deps: AppDeps,
  services: DocumentServices,
  context: UseCaseContext,
  documentId: string,
): Promise<{ document: DocumentView; bytes: Buffer }> {
  const now = deps.clock.now();
  const notFound = () => new DomainError("DOCUMENT_NOT_FOUND", { documentId });
  return deps.db.transaction().execute(async (tx) => {
    const fileId = await fileOfDocument(tx, documentId);
    if (fileId === undefined) throw notFound();
    let session;
    try {
      session = await openFileSession(tx, context, fileId, "document.read", now);
    } catch (error) {
      // Whoever may not see the file may not learn the document exists either.
      if (isDomainError(error) && (error.code === "FILE_NOT_FOUND" || error.code === "FORBIDDEN")) throw notFound();
      throw error;
    }
    const row = await documentById(tx, documentId);
    if (!row) throw notFound();
    const bytes = await services.storage.get(row.sha256);
    if (!bytes) throw new Error(`document ${row.id}: content ${row.sha256} is missing from the store`);
    session.changes.record("document.downloaded", {
      ...(row.procedureId ? { procedureId: row.procedureId } : {}),
      ...(row.orderId ? { orderId: row.orderId } : {}),
      payload: { documentId: row.id, kind: row.kind, sha256: row.sha256 },
    });
    await session.changes.commit();
    deps.readLog.record(context, { fileIds: [fileId], what: "document", role: actingRole(context.subject, session.access, "document.read") });
    return { document: documentView(row, await verificationOf(tx, row.id)), bytes };
  });
}
