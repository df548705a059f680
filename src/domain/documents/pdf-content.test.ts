import assert from "node:assert/strict";
import { test } from "node:test";
import { judgePdf, pdfActiveContent, unlistedObjectStreams, type PdfObject, type PdfReading, type PdfStructure, type PdfValue } from "./pdf-content.ts";

const name = (value: string) => ({ name: value });
const ref = (value: string) => ({ ref: value });
const dict = (entries: Record<string, PdfValue>) => ({ dict: entries });

function structure(objects: Record<string, PdfValue | { streamDict: Record<string, PdfValue> }>, trailer: Record<string, PdfValue> = { Root: ref("1 0") }): PdfStructure {
  const map = new Map<string, PdfObject>();
  for (const [key, value] of Object.entries(objects)) {
    if (value !== null && typeof value === "object" && "streamDict" in value) map.set(key, { stream: true, value: dict(value.streamDict) });
    else map.set(key, { stream: false, value });
  }
  return { objects: map, trailer: dict(trailer) };
}

const catalog = (extra: Record<string, PdfValue> = {}) => dict({ Type: name("Catalog"), Pages: ref("2 0"), ...extra });
const limits = { maxDecodedBytes: 1000 };
const read = (doc: PdfStructure, more: Partial<Extract<PdfReading, { outcome: "read" }>> = {}): PdfReading => ({
  outcome: "read",
  structure: doc,
  rebuilt: null,
  objectStreamEntries: new Map(),
  decodedBytes: 10,
  ...more,
});

test("active names are found as keys and as values, anywhere in any object", () => {
  const doc = structure({
    "1 0": catalog({ Names: dict({ JavaScript: ref("5 0") }) }),
    "5 0": dict({ Names: [{ string: "a" }, ref("6 0")] }),
    "6 0": dict({ S: name("JavaScript"), JS: { string: "app.alert(1)" } }),
    "7 0": dict({ Type: name("Annot"), Subtype: name("FileAttachment"), FS: dict({ EF: dict({ F: ref("8 0") }) }) }),
    "8 0": { streamDict: { Type: name("EmbeddedFile") } },
  });
  assert.deepEqual(pdfActiveContent(doc), ["EF", "EmbeddedFile", "FileAttachment", "JS", "JavaScript"]);
});

test("an open action is refused unless it is a destination, directly or through a reference", () => {
  assert.deepEqual(pdfActiveContent(structure({ "1 0": catalog({ OpenAction: [ref("3 0"), name("Fit")] }) })), []);
  assert.deepEqual(pdfActiveContent(structure({ "1 0": catalog({ OpenAction: ref("9 0") }), "9 0": [ref("3 0"), name("Fit")] })), []);
  assert.deepEqual(pdfActiveContent(structure({ "1 0": catalog({ OpenAction: { string: "chapter-1" } }) })), [], "a named destination");
  assert.deepEqual(pdfActiveContent(structure({ "1 0": catalog({ OpenAction: ref("9 0") }), "9 0": dict({ S: name("GoTo"), D: [ref("3 0"), name("Fit")] }) })), ["OpenAction"]);
  assert.deepEqual(pdfActiveContent(structure({ "1 0": catalog({ OpenAction: dict({ S: name("URI"), URI: { string: "https://x.test" } }) }) })), ["OpenAction"]);
});

test("names a writer chose for resources are not vocabulary; names that merely start like one are not it", () => {
  const doc = structure({
    "1 0": catalog(),
    "3 0": dict({ Resources: dict({ Font: dict({ JS: ref("4 0") }), XObject: dict({ AA: ref("5 0") }) }) }),
    "4 0": dict({ Type: name("Font"), JSON: 1, AAB: 2, Launcher: 3 }),
    "6 0": dict({ S: name("URI"), URI: { string: "https://court.example/case" } }),
  });
  assert.deepEqual(pdfActiveContent(doc), []);
});

test("the rebuilt view is judged too: objects the table hides are found", () => {
  const listed = structure({ "1 0": catalog({ Names: dict({}) }) });
  const rebuilt = structure({ "1 0": catalog({ Names: dict({ JavaScript: ref("9 0") }) }), "9 0": dict({ S: name("JavaScript"), JS: { string: "x" } }) });
  assert.equal(judgePdf(read(listed), limits), null);
  assert.deepEqual(judgePdf(read(listed, { rebuilt }), limits), { code: "DOCUMENT_ACTIVE_CONTENT", details: { found: ["JS", "JavaScript"] } });
});

test("an object stream no table entry points into makes the file damaged", () => {
  const doc = structure({ "1 0": catalog(), "5 0": { streamDict: { Type: name("ObjStm"), N: 2, First: 9 } } });
  assert.deepEqual(unlistedObjectStreams(doc, new Map()), ["5 0"]);
  assert.deepEqual(unlistedObjectStreams(doc, new Map([["5 0", 2]])), []);
  assert.deepEqual(judgePdf(read(doc), limits), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_damaged" } });
  assert.equal(judgePdf(read(doc, { objectStreamEntries: new Map([["5 0", 1]]) }), limits), null);
});

test("each outcome of the reading has its refusal; the decoded budget is inclusive", () => {
  const doc = structure({ "1 0": catalog() });
  assert.deepEqual(judgePdf({ outcome: "encrypted" }, limits), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_encrypted" } });
  assert.deepEqual(judgePdf({ outcome: "unreadable" }, limits), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_unreadable" } });
  assert.deepEqual(judgePdf({ outcome: "timed_out" }, limits), { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_inspection_timeout" } });
  assert.deepEqual(judgePdf({ outcome: "too_large" }, limits), { code: "DOCUMENT_TOO_LARGE_DECODED", details: { maxDecodedBytes: 1000 } });
  assert.equal(judgePdf(read(doc, { decodedBytes: 1000 }), limits), null);
  assert.deepEqual(judgePdf(read(doc, { decodedBytes: null }), limits), { code: "DOCUMENT_TOO_LARGE_DECODED", details: { maxDecodedBytes: 1000 } });
});
