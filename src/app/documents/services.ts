/** What the document use cases need besides AppDeps (a port: src/documents/services.ts builds it): the byte store, the upload limit and the PDF reader. */
import type { DocumentStorage } from "../../storage/document-store.ts";
import type { PdfReader } from "./pdf-reader.ts";

export interface DocumentServices {
  storage: DocumentStorage;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Public base URL printed in verification addresses; unset: the address the request came to. */
  publicUrl?: string | undefined;
  /** Reads uploaded PDFs before they are accepted (qpdf). */
  pdfReader: PdfReader;
}

export const defaultMaxUploadBytes = 10 * 1024 * 1024;
