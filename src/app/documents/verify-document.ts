/**
 * Public verification of an issued document: anyone with the code learns what kind of
 * document it is, the file number and when it was issued (what the document itself
 * shows, nothing more), whether a copy they hold is byte for byte the one issued, and
 * whether the PDF's digital signature (PAdES) is valid and by the department's certificate —
 * the issued document's, and the copy's when one is presented.
 */
import { documentKindLabels, type GeneratedDocumentKind } from "../../domain/documents/documents.ts";
import { DomainError } from "../../domain/errors.ts";
import { sha256Hex } from "../../storage/document-store.ts";
import { issuedDocumentByCode } from "../../storage/documents/repository.ts";
import type { AppDeps } from "../deps.ts";
import { kuwaitTime } from "./pdf.ts";
import type { PdfSignatureCheck } from "./pdf-signer.ts";
import type { DocumentServices } from "./services.ts";

export interface Verification {
  code: string;
  kind: GeneratedDocumentKind;
  label: { ar: string; en: string };
  fileNumber: string;
  issuedAt: Date;
  issuedAtKuwait: string;
  sha256: string;
  /** Whether the copy presented is the document issued; null when no copy was presented. */
  copyMatches: boolean | null;
  copySha256: string | null;
  /** The issued document's signature; null when its bytes cannot be read from the store. */
  signature: PdfSignatureCheck | null;
  /** The signature of the copy presented; null when no copy was presented. */
  copySignature: PdfSignatureCheck | null;
}

const CODE = /^[A-Za-z0-9_-]{16,64}$/;

export async function verifyDocument(deps: AppDeps, services: Pick<DocumentServices, "storage" | "signer">, code: string, copy: Buffer | null = null): Promise<Verification> {
  if (!CODE.test(code)) throw new DomainError("DOCUMENT_NOT_FOUND", {});
  const row = await issuedDocumentByCode(deps.db, code);
  if (!row) throw new DomainError("DOCUMENT_NOT_FOUND", {});
  const kind = row.kind as GeneratedDocumentKind;
  const copySha256 = copy === null ? null : sha256Hex(copy);
  const stored = await services.storage.get(row.sha256);
  return {
    code,
    kind,
    label: documentKindLabels[kind],
    fileNumber: row.fileNumber,
    issuedAt: row.createdAt,
    issuedAtKuwait: kuwaitTime(row.createdAt),
    sha256: row.sha256,
    copyMatches: copySha256 === null ? null : copySha256 === row.sha256,
    copySha256,
    signature: stored === null ? null : await services.signer.checkPdf(stored),
    copySignature: copy === null ? null : await services.signer.checkPdf(copy),
  };
}
