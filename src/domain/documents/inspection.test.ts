import assert from "node:assert/strict";
import { test } from "node:test";
import { inspectImage, jpegDimensions, pngDimensions } from "./inspection.ts";

test("a PNG is read to IEND; its header checksum must hold", () => {
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154789c63600000000200017ad6d8620000000049454e44ae426082",
    "hex",
  );
  assert.deepEqual(pngDimensions(png), { width: 1, height: 1 });
  assert.deepEqual(pngDimensions(png.subarray(0, png.length - 12)), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "png_truncated" } });
  const altered = Buffer.from(png);
  altered[19] = 2;
  assert.deepEqual(pngDimensions(altered), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "png_header_checksum" } });
});

test("a JPEG's size comes from its frame header; none before the scan is no image", () => {
  const frame = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0x2c, 0x00, 0xc8, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9];
  assert.deepEqual(jpegDimensions(Buffer.from(frame)), { width: 200, height: 300 });
  assert.deepEqual(jpegDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9])), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "jpeg_without_frame" } });
  assert.equal(inspectImage(Buffer.from(frame), "image/jpeg", { maxImagePixels: 60_000, maxPdfDecodedBytes: 0 }), null);
  assert.equal(inspectImage(Buffer.from(frame), "image/jpeg", { maxImagePixels: 59_999, maxPdfDecodedBytes: 0 })?.code, "DOCUMENT_TOO_LARGE_DECODED");
});
