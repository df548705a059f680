/**
 * Looking inside an upload before it is kept, beyond its first bytes: that a PNG or JPEG
 * really has an image header and how large the image it declares would be once decoded,
 * and what a PDF holds outside its content streams (scripts and automatic actions) and
 * how its compressed streams are laid out. Pure: the caller inflates streams within a
 * budget (src/app/documents/inspect-upload.ts); nothing here decompresses anything.
 *
 * Why these refusals:
 * - Clerks and judges open every upload in their viewer. An image declaring 100,000 ×
 *   100,000 pixels, or a PDF whose few hundred kilobytes inflate to gigabytes, stalls or
 *   crashes that viewer (and any later thumbnailing) — a decompression bomb. A genuine
 *   scan or phone photo stays far below the limits below.
 * - A PDF can run JavaScript, launch programs, act on opening or carry embedded files.
 *   A copy of a title or a power of attorney needs none of that, so any of it is refused
 *   rather than stripped (stripping would alter what the uploader signed and sent).
 * - Names are read with PDF's #xx escapes decoded (/J#53 is /JS), and compressed object
 *   streams are read too, so a script cannot hide in either.
 */
import type { DocumentMediaType } from "./documents.ts";

export interface InspectionLimits {
  /** Largest image accepted, in pixels (width × height). 100 MP: a 108 MP phone photo is 12000 × 9000; an A4 page at 600 dpi is 35 MP. */
  maxImagePixels: number;
  /** Largest total a PDF's Flate streams may inflate to. 256 MiB: a 10 MiB upload of ordinary scans stays well below. */
  maxPdfDecodedBytes: number;
}

export const defaultInspectionLimits: InspectionLimits = {
  maxImagePixels: 100_000_000,
  maxPdfDecodedBytes: 256 * 1024 * 1024,
};

/** Why an upload is refused after its type was recognised. */
export type InspectionRefusal =
  | { code: "UNSUPPORTED_MEDIA_TYPE"; details: { reason: string } }
  | { code: "DOCUMENT_TOO_LARGE_DECODED"; details: Record<string, number | string> }
  | { code: "DOCUMENT_ACTIVE_CONTENT"; details: { found: string[] } };

const malformed = (reason: string): InspectionRefusal => ({ code: "UNSUPPORTED_MEDIA_TYPE", details: { reason } });

// --- images ---------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const u32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
const u16 = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

/** A PNG's declared size: IHDR first with a good checksum, then chunks that fit, up to IEND. */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } | InspectionRefusal {
  if (bytes.length < 8 + 25 || u32(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== "IHDR") return malformed("png_without_header");
  if (crc32(bytes.subarray(12, 29)) !== u32(bytes, 29)) return malformed("png_header_checksum");
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  if (width === 0 || height === 0) return malformed("png_empty_image");
  let at = 33;
  for (;;) {
    if (at + 12 > bytes.length) return malformed("png_truncated");
    const length = u32(bytes, at);
    const type = ascii(bytes, at + 4, 4);
    if (length > bytes.length - at - 12) return malformed("png_truncated");
    at += 12 + length;
    if (type === "IEND") return { width, height };
  }
}

// Start-of-frame markers: baseline, extended, progressive, lossless (not DHT C4, JPG C8, DAC CC).
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** A JPEG's declared size, from the first start-of-frame segment before the scan. */
export function jpegDimensions(bytes: Uint8Array): { width: number; height: number } | InspectionRefusal {
  let at = 2; // after SOI
  while (at + 2 <= bytes.length) {
    if (bytes[at] !== 0xff) return malformed("jpeg_bad_marker");
    while (bytes[at] === 0xff && at < bytes.length) at++; // fill bytes
    const marker = bytes[at]!;
    at++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return malformed("jpeg_without_frame");
    if (at + 2 > bytes.length) break;
    const length = u16(bytes, at);
    if (length < 2 || at + length > bytes.length) break;
    if (SOF_MARKERS.has(marker)) {
      if (length < 7) return malformed("jpeg_bad_frame");
      const height = u16(bytes, at + 3);
      const width = u16(bytes, at + 5);
      if (width === 0 || height === 0) return malformed("jpeg_empty_image");
      return { width, height };
    }
    at += length;
  }
  return malformed("jpeg_truncated");
}

/** An image whose decoded size is beyond the limit, or whose header is not an image's. */
export function inspectImage(bytes: Uint8Array, mediaType: "image/png" | "image/jpeg", limits: InspectionLimits = defaultInspectionLimits): InspectionRefusal | null {
  const size = mediaType === "image/png" ? pngDimensions(bytes) : jpegDimensions(bytes);
  if ("code" in size) return size;
  const pixels = size.width * size.height;
  if (pixels > limits.maxImagePixels) {
    return { code: "DOCUMENT_TOO_LARGE_DECODED", details: { width: size.width, height: size.height, maxPixels: limits.maxImagePixels } };
  }
  return null;
}

// --- PDF ------------------------------------------------------------------------------

/** One stream of a PDF: its dictionary, where its (still encoded) data lies, how it is encoded. */
export interface PdfStream {
  dataStart: number;
  dataEnd: number;
  /** The filters applied on reading, in order (abbreviations expanded); empty when none. */
  filters: string[];
  /** An object stream (PDF 1.5): compressed dictionaries, where actions may hide. */
  objectStream: boolean;
}

export interface PdfLayout {
  streams: PdfStream[];
  /** Everything but the streams' data: the objects' dictionaries, the trailer. */
  outsideStreams: string;
  encrypted: boolean;
}

/** Names of what a PDF may do by itself: run scripts, launch, send, play, carry files. */
const activeNames = new Set(["JS", "JavaScript", "Launch", "AA", "SubmitForm", "ImportData", "RichMedia", "EmbeddedFile", "EmbeddedFiles", "GoToE", "XFA"]);

const NAME = /\/([^\s/[\]<>(){}%]+)/g;

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The active-content names in PDF object syntax. /OpenAction is allowed only as a
 * destination (`[page /Fit]`, a view to open on); as an action (a dictionary, or a
 * reference to one) it runs on opening, and is refused.
 */
export function activeContentNames(syntax: string): string[] {
  const found = new Set<string>();
  for (const match of syntax.matchAll(NAME)) {
    const name = decodeName(match[1]!);
    if (activeNames.has(name)) found.add(name);
    if (name === "OpenAction") {
      const after = syntax.slice(match.index + match[0].length, match.index + match[0].length + 64).trimStart();
      if (!after.startsWith("[")) found.add(name);
    }
  }
  return [...found].sort();
}

function namesOf(dictionary: string): string[] {
  return [...dictionary.matchAll(NAME)].map((match) => decodeName(match[1]!));
}

/** The dictionary that ends just before `end` (at its ">>"), found by matching << and >> backwards. */
function dictionaryBefore(text: string, end: number, floor: number): string | null {
  let depth = 0;
  for (let at = end; at > floor; at--) {
    if (text[at] === ">" && text[at - 1] === ">") {
      depth++;
      at--;
    } else if (text[at] === "<" && text[at - 1] === "<") {
      depth--;
      at--;
      if (depth === 0) return text.slice(at, end + 1);
    }
  }
  return null;
}

function streamLength(text: string, dictionary: string): number | null {
  const indirect = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(dictionary);
  if (indirect) {
    const target = new RegExp(`(?:^|[^0-9])${indirect[1]}\\s+${indirect[2]}\\s+obj\\s*(\\d+)\\s*endobj`).exec(text);
    return target ? Number(target[1]) : null;
  }
  const direct = /\/Length\s+(\d+)/.exec(dictionary);
  return direct ? Number(direct[1]) : null;
}

const STREAM = /stream(\r\n|\n|\r)/g;

// Inline-image abbreviations, which some viewers also accept on streams.
const filterAbbreviations: Record<string, string> = { Fl: "FlateDecode", LZW: "LZWDecode", RL: "RunLengthDecode", AHx: "ASCIIHexDecode", A85: "ASCII85Decode" };

/** The filters that expand their input: only the first of a chain is measured, so these may stand nowhere else. */
export const expandingFilters: ReadonlySet<string> = new Set(["FlateDecode", "LZWDecode", "RunLengthDecode"]);

/** How many bytes RunLengthDecode data expands to, computed from its length bytes (nothing is decoded). */
export function runLengthDecodedSize(data: Uint8Array): number {
  let size = 0;
  for (let at = 0; at < data.length; ) {
    const length = data[at]!;
    if (length === 128) break; // end of data
    if (length < 128) {
      size += length + 1;
      at += length + 2;
    } else {
      size += 257 - length;
      at += 2;
    }
  }
  return size;
}

/**
 * The streams of a PDF and the text around them, read from the bytes as written (no
 * cross-reference table is trusted: a hostile file may lie in it). A stream's end is its
 * /Length when "endstream" follows there, else the next "endstream".
 */
export function pdfLayout(bytes: Uint8Array): PdfLayout | InspectionRefusal {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  if (!/\d+\s+\d+\s+obj\b/.test(text) || !text.includes("%%EOF")) return malformed("pdf_without_objects");
  const streams: PdfStream[] = [];
  const outside: string[] = [];
  let cursor = 0;
  STREAM.lastIndex = 0;
  for (let match = STREAM.exec(text); match; match = STREAM.exec(text)) {
    const before = text.slice(Math.max(cursor, match.index - 64), match.index).trimEnd();
    if (!before.endsWith(">>")) continue; // "endstream", or the word inside something else
    const dictEnd = text.lastIndexOf(">>", match.index);
    const dictionary = dictionaryBefore(text, dictEnd + 1, cursor);
    if (dictionary === null) return malformed("pdf_unbalanced_dictionary");
    const dataStart = match.index + match[0].length;
    const declared = streamLength(text, dictionary);
    let dataEnd: number;
    if (declared !== null && dataStart + declared <= text.length && /^\s*endstream/.test(text.slice(dataStart + declared, dataStart + declared + 32))) {
      dataEnd = dataStart + declared;
    } else {
      const found = text.indexOf("endstream", dataStart);
      if (found < 0) return malformed("pdf_unterminated_stream");
      dataEnd = found;
    }
    const names = namesOf(dictionary);
    const filter = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>(){}%]+)/.exec(dictionary);
    streams.push({
      dataStart,
      dataEnd,
      filters: filter ? namesOf(filter[1]!).map((name) => filterAbbreviations[name] ?? name) : [],
      objectStream: names.some((name, index) => name === "Type" && names[index + 1] === "ObjStm"),
    });
    outside.push(text.slice(cursor, dataStart));
    cursor = dataEnd;
    STREAM.lastIndex = dataEnd;
  }
  outside.push(text.slice(cursor));
  const outsideStreams = outside.join("\n");
  return { streams, outsideStreams, encrypted: namesOf(outsideStreams).includes("Encrypt") };
}
