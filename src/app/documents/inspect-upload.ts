/**
 * The checks an upload passes after its type is sniffed and before anything is stored
 * (src/domain/documents/inspection.ts says what is refused and why). Images are judged
 * by their headers alone: their pixels are never decoded here. A PDF's Flate streams are
 * inflated as a stream, counting, within one budget for the whole document, and dropped
 * as they come — except object streams, which are kept (within the same budget) to look
 * for scripts hidden in them. Nothing is ever inflated past the budget.
 */
import { createInflate } from "node:zlib";
import { DomainError } from "../../domain/errors.ts";
import type { DocumentMediaType } from "../../domain/documents/documents.ts";
import {
  activeContentNames,
  defaultInspectionLimits,
  expandingFilters,
  inspectImage,
  pdfLayout,
  runLengthDecodedSize,
  type InspectionLimits,
  type InspectionRefusal,
} from "../../domain/documents/inspection.ts";

function refuse(refusal: InspectionRefusal): never {
  throw new DomainError(refusal.code, refusal.details);
}

interface Inflated {
  size: number;
  /** Over the budget: inflation stopped there. */
  exceeded: boolean;
  /** The data could not be inflated (to its end). */
  broken: boolean;
  kept: Buffer | null;
}

/** Inflates zlib data, counting, stopping as soon as `budget` bytes came out. */
function inflateWithin(data: Uint8Array, budget: number, keep: boolean): Promise<Inflated> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: Omit<Inflated, "size" | "kept">) => {
      if (settled) return;
      settled = true;
      resolve({ size, kept: keep ? Buffer.concat(chunks) : null, ...result });
    };
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        finish({ exceeded: true, broken: false });
        return;
      }
      if (keep) chunks.push(chunk);
    });
    inflate.on("end", () => finish({ exceeded: false, broken: false }));
    inflate.on("error", () => finish({ exceeded: false, broken: true }));
    inflate.end(data);
  });
}

export async function inspectUpload(bytes: Buffer, mediaType: DocumentMediaType, limits: InspectionLimits = defaultInspectionLimits): Promise<void> {
  if (mediaType === "image/png" || mediaType === "image/jpeg") {
    const refusal = inspectImage(bytes, mediaType, limits);
    if (refusal) refuse(refusal);
    return;
  }
  const layout = pdfLayout(bytes);
  if ("code" in layout) refuse(layout);
  // Encrypted streams cannot be read, so what they hold cannot be checked.
  if (layout.encrypted) refuse({ code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_encrypted" } });
  const found = new Set(activeContentNames(layout.outsideStreams));
  if (found.size > 0) refuse({ code: "DOCUMENT_ACTIVE_CONTENT", details: { found: [...found] } });

  let remaining = limits.maxPdfDecodedBytes;
  const tooLarge = () => refuse({ code: "DOCUMENT_TOO_LARGE_DECODED", details: { maxDecodedBytes: limits.maxPdfDecodedBytes } });
  for (const stream of layout.streams) {
    const data = bytes.subarray(stream.dataStart, stream.dataEnd);
    const [first, ...rest] = stream.filters;
    // Only a chain's first filter is measured here, and LZW is never inflated (a legacy
    // filter modern writers do not use): either elsewhere could hide a bomb.
    if (stream.filters.includes("LZWDecode") || rest.some((filter) => expandingFilters.has(filter))) {
      refuse({ code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_unsupported_filter" } });
    }
    if (first === undefined) {
      if (stream.objectStream) for (const name of activeContentNames(data.toString("latin1"))) found.add(name);
      continue;
    }
    if (first === "RunLengthDecode") {
      remaining -= runLengthDecodedSize(data);
      if (remaining < 0) tooLarge();
    }
    if (first !== "FlateDecode") {
      // Objects in a stream we do not read could hold anything: refused, not guessed.
      if (stream.objectStream) refuse({ code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_unreadable_object_stream" } });
      continue;
    }
    const inflated = await inflateWithin(data, remaining, stream.objectStream);
    if (inflated.exceeded) tooLarge();
    remaining -= inflated.size;
    if (stream.objectStream) {
      if (inflated.broken) refuse({ code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_unreadable_object_stream" } });
      for (const name of activeContentNames(inflated.kept!.toString("latin1"))) found.add(name);
    }
  }
  if (found.size > 0) refuse({ code: "DOCUMENT_ACTIVE_CONTENT", details: { found: [...found].sort() } });
}
