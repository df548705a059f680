/** What the document use cases need besides AppDeps (a port: src/documents/services.ts builds it): the byte store, the upload limit, the PDF reader and the PDF signer. */
import type { DocumentStorage } from "../../storage/document-store.ts";
import type { PdfReader } from "./pdf-reader.ts";
import type { DocumentSigner } from "./pdf-signer.ts";

export interface DocumentServices {
  storage: DocumentStorage;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Public base URL printed in verification addresses; unset: the address the request came to. */
  publicUrl?: string | undefined;
  /** Reads uploaded PDFs before they are accepted (qpdf). */
  pdfReader: PdfReader;
  /** Signs every PDF the department issues (PAdES) and checks PDFs' signatures. */
  signer: DocumentSigner;
}

export const defaultMaxUploadBytes = 10 * 1024 * 1024;
