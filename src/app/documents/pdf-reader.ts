/**
 * The port through which uploads' PDFs are read by a real PDF parser (the adapter is
 * src/documents/qpdf-reader.ts, on qpdf). What the reading is judged against lives in
 * src/domain/documents/pdf-content.ts.
 */
import type { PdfReading } from "../../domain/documents/pdf-content.ts";

export interface PdfReader {
  /** The parser's version; throws when it cannot run here (checked when the API starts). */
  check(): Promise<string>;
  /**
   * Reads the whole PDF: every object (object streams unpacked, filters and predictors
   * undone), and how many bytes its streams decode to — counted up to `maxDecodedBytes`,
   * never decoded further.
   */
  read(bytes: Uint8Array, limits: { maxDecodedBytes: number }): Promise<PdfReading>;
}
