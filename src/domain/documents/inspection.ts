/**
 * Looking inside an upload before it is kept, beyond its first bytes: that a PNG or JPEG
 * really has an image header, and how large the image it declares would be once decoded.
 * Pure: nothing here decompresses anything. PDFs are read by a real parser and judged in
 * pdf-content.ts.
 *
 * Why: clerks and judges open every upload in their viewer. An image declaring 100,000 ×
 * 100,000 pixels, or a PDF whose few hundred kilobytes inflate to gigabytes, stalls or
 * crashes that viewer (and any later thumbnailing) — a decompression bomb. A genuine
 * scan or phone photo stays far below the limits below.
 */

export interface InspectionLimits {
  /** Largest image accepted, in pixels (width × height). 100 MP: a 108 MP phone photo is 12000 × 9000; an A4 page at 600 dpi is 35 MP. */
  maxImagePixels: number;
  /** Largest total a PDF's streams may decode to. 256 MiB: a 10 MiB upload of ordinary scans stays well below. */
  maxPdfDecodedBytes: number;
}

export const defaultInspectionLimits: InspectionLimits = {
  maxImagePixels: 100_000_000,
  maxPdfDecodedBytes: 256 * 1024 * 1024,
};

/** Why an image is refused after its type was recognised. */
export type InspectionRefusal =
  | { code: "UNSUPPORTED_MEDIA_TYPE"; details: { reason: string } }
  | { code: "DOCUMENT_TOO_LARGE_DECODED"; details: Record<string, number | string> };

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
