/**
 * Papers filed with a request, a dispute or an instalment plan: uploaded first (each checked
 * and stored on the file on its own, with its own refusal), then named by the filing, which
 * links them in its own transaction. One that is not the filer's own upload on this file, or
 * already filed with something, refuses the whole filing: nothing is written.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Tx } from "../../storage/action-log.ts";
import { attachUploadedDocuments, type DocumentAttachment } from "../../storage/documents/repository.ts";

/** At most this many documents with one filing. */
export const MAX_ATTACHED_DOCUMENTS = 10;

export async function attachDocuments(
  tx: Tx,
  input: { fileId: string; documentIds: readonly string[] | undefined; uploadedBy: string; to: DocumentAttachment },
): Promise<string[]> {
  const wanted = [...new Set(input.documentIds ?? [])];
  if (wanted.length === 0) return [];
  if (wanted.length > MAX_ATTACHED_DOCUMENTS) throw new DomainError("VALIDATION_FAILED", { field: "documentIds", reason: `at most ${MAX_ATTACHED_DOCUMENTS}` });
  const linked = new Set(await attachUploadedDocuments(tx, { fileId: input.fileId, documentIds: wanted, uploadedBy: input.uploadedBy, to: input.to }));
  const refused = wanted.filter((id) => !linked.has(id));
  if (refused.length > 0) throw new DomainError("DOCUMENT_NOT_ATTACHABLE", { documentIds: refused });
  return wanted.sort();
}
