import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanDocumentName, sniffMediaType } from "./documents.ts";

test("types are told from the content, not the name", () => {
  assert.equal(sniffMediaType(Buffer.from("%PDF-1.7\n")), "application/pdf");
  assert.equal(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), "image/png");
  assert.equal(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg");
  assert.equal(sniffMediaType(Buffer.from("<html><body>%PDF-</body></html>")), null);
  assert.equal(sniffMediaType(Buffer.from("MZ\x90\x00")), null);
  assert.equal(sniffMediaType(Buffer.alloc(0)), null);
});

test("a name is metadata: path segments and control characters are dropped", () => {
  assert.equal(cleanDocumentName("../../etc/passwd"), "passwd");
  assert.equal(cleanDocumentName("..\\..\\boot.ini"), "boot.ini");
  assert.equal(cleanDocumentName("سند\u0000.pdf"), "سند.pdf");
  assert.equal(cleanDocumentName(".."), null);
  assert.equal(cleanDocumentName(undefined), null);
});
