/**
 * The checks an upload passes after its type is sniffed and before anything is stored.
 * Images are judged by their headers alone (src/domain/documents/inspection.ts): their
 * pixels are never decoded here. A PDF is read by a real PDF parser through the
 * `PdfReader` port (qpdf: src/documents/qpdf-reader.ts) and judged by
 * src/domain/documents/pdf-content.ts: scripts, actions, embedded files and XFA wherever
 * they hide, encryption, damage that hides objects, and what its streams decode to.
 */
import { DomainError } from "../../domain/errors.ts";
import type { DocumentMediaType } from "../../domain/documents/documents.ts";
import { defaultInspectionLimits, inspectImage, type InspectionLimits } from "../../domain/documents/inspection.ts";
import { judgePdf } from "../../domain/documents/pdf-content.ts";
import type { PdfReader } from "./pdf-reader.ts";

export async function inspectUpload(bytes: Buffer, mediaType: DocumentMediaType, pdfReader: PdfReader, limits: InspectionLimits = defaultInspectionLimits): Promise<void> {
  if (mediaType === "image/png" || mediaType === "image/jpeg") {
    const refusal = inspectImage(bytes, mediaType, limits);
    if (refusal) throw new DomainError(refusal.code, refusal.details);
    return;
  }
  const reading = await pdfReader.read(bytes, { maxDecodedBytes: limits.maxPdfDecodedBytes });
  const refusal = judgePdf(reading, { maxDecodedBytes: limits.maxPdfDecodedBytes });
  if (refusal) throw new DomainError(refusal.code, refusal.details);
}
