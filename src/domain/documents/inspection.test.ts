import assert from "node:assert/strict";
import { test } from "node:test";
import { activeContentNames, inspectImage, jpegDimensions, pdfLayout, pngDimensions, runLengthDecodedSize } from "./inspection.ts";

test("active-content names are found with #-escapes decoded; a destination /OpenAction is not one", () => {
  assert.deepEqual(activeContentNames("<< /S /J#61vaScript /J#53 (x) >>"), ["JS", "JavaScript"]);
  assert.deepEqual(activeContentNames("<< /OpenAction [3 0 R /Fit] /Type /Catalog >>"), []);
  assert.deepEqual(activeContentNames("<< /OpenAction 9 0 R >>"), ["OpenAction"]);
  assert.deepEqual(activeContentNames("<< /OpenAction<</S/Launch/F(x)>> >>"), ["Launch", "OpenAction"]);
  // Names that merely start like one are not it.
  assert.deepEqual(activeContentNames("<< /JSON 1 /AAB 2 /Launcher 3 >>"), []);
});

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

test("a PDF's streams are found by their dictionaries, with direct or indirect lengths, and cut out of the text scanned", () => {
  const pdf = Buffer.from(
    [
      "%PDF-1.7",
      "1 0 obj << /Type /Catalog >> endobj",
      "2 0 obj << /Length 3 0 R /Filter [/FlateDecode /DCTDecode] >>",
      "stream",
      "/JS endstream-looking",
      "endstream endobj",
      "3 0 obj 21 endobj",
      "4 0 obj << /Type /ObjStm /Length 4 >>",
      "stream",
      "data",
      "endstream endobj",
      "trailer << /Root 1 0 R >>",
      "%%EOF",
    ].join("\n"),
    "latin1",
  );
  const layout = pdfLayout(pdf);
  assert.ok(!("code" in layout));
  assert.equal(layout.streams.length, 2);
  assert.equal(pdf.subarray(layout.streams[0]!.dataStart, layout.streams[0]!.dataEnd).toString("latin1"), "/JS endstream-looking");
  assert.deepEqual(layout.streams[0]!.filters, ["FlateDecode", "DCTDecode"]);
  assert.equal(layout.streams[1]!.objectStream, true);
  assert.equal(layout.encrypted, false);
  assert.deepEqual(activeContentNames(layout.outsideStreams), [], "stream data is not scanned as syntax");
  assert.deepEqual(pdfLayout(Buffer.from("%PDF-1.7\n<html>")), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_without_objects" } });
});

test("RunLengthDecode's expansion is counted from its length bytes", () => {
  // 3 literal bytes, then one byte repeated 128 times (257 - 129), then the end marker.
  assert.equal(runLengthDecodedSize(Buffer.from([2, 65, 66, 67, 129, 0x20, 128, 1, 2, 3])), 3 + 128);
  // Every two bytes expand to 128: the worst case is 64 times the input.
  assert.equal(runLengthDecodedSize(Buffer.alloc(1024, 129)), 512 * 128);
});

test("an abbreviated filter name is read as the filter it stands for", () => {
  const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Filter /Fl /Length 1 >>\nstream\nx\nendstream endobj\n%%EOF", "latin1");
  const layout = pdfLayout(pdf);
  assert.ok(!("code" in layout));
  assert.deepEqual(layout.streams[0]!.filters, ["FlateDecode"]);
});
