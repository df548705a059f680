/**
 * The qpdf adapter's own limits: a deadline, a memory cap (an object stream that inflates
 * far beyond it), a missing program, and the qpdf JSON it is built on.
 */
import assert from "node:assert/strict";
import { createDeflate, deflateSync } from "node:zlib";
import { test } from "node:test";
import { QpdfReader, structureFromQpdfJson } from "../../src/documents/qpdf-reader.ts";
import { judgePdf, pdfActiveContent } from "../../src/domain/documents/pdf-content.ts";
import { hostilePdfs, pdf15 } from "./hostile-pdfs.ts";
import { samplePdf } from "./support.ts";

const MiB = 1024 * 1024;
const limits = { maxDecodedBytes: 256 * MiB };

/** zlib data of `head` followed by `zeros` zero bytes, made without holding them. */
async function deflated(head: Buffer, zeros: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  deflate.write(head);
  const block = Buffer.alloc(MiB);
  for (let left = zeros; left > 0; left -= MiB) if (!deflate.write(block)) await new Promise((resolve) => deflate.once("drain", resolve));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

test("an ordinary PDF is read: its objects, no active content, its decoded size", async () => {
  const reading = await new QpdfReader().read(await samplePdf("ordinary"), limits);
  assert.equal(reading.outcome, "read");
  if (reading.outcome !== "read") return;
  assert.ok(reading.structure.objects.size >= 5);
  assert.deepEqual(pdfActiveContent(reading.structure), []);
  assert.ok(reading.decodedBytes! > 0 && reading.decodedBytes! < MiB);
  assert.equal(judgePdf(reading, limits), null);
});

test("qpdf is checked at start; a missing program is an error that says what to install, not a refusal", async () => {
  assert.match(await new QpdfReader().check(), /^\d+\.\d+/);
  await assert.rejects(new QpdfReader({ qpdf: "/nonexistent/qpdf" }).check(), /install the qpdf/);
  await assert.rejects(new QpdfReader({ prlimit: "/nonexistent/prlimit" }).read(await samplePdf(), limits), /install the qpdf and util-linux packages/);
});

test("past the deadline qpdf is stopped and the upload refused as not inspected in time", async () => {
  const reading = await new QpdfReader({ timeoutMs: 0 }).read(await samplePdf(), limits);
  assert.deepEqual(reading, { outcome: "timed_out" });
});

test("an object stream inflating to 600 MiB stops qpdf at its memory cap: refused as too large; its ordinary twin passes under the same cap", async () => {
  const reader = new QpdfReader({ memoryBytes: 256 * MiB });
  // Object 6 at the stream's start (as pdf15 lays it out: "6 0", then the object), then 600 MiB of zeros.
  const bomb = await deflated(Buffer.from("6 0\n<< /A 1 >>\n", "latin1"), 600 * MiB);
  const document = (encode: (raw: Buffer) => Buffer) =>
    pdf15({
      objects: {
        1: "<< /Type /Catalog /Pages 2 0 R /X 6 0 R >>",
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
      },
      objectStreams: [{ number: 5, dict: "/Type /ObjStm /Filter /FlateDecode", members: { 6: "<< /A 1 >>" }, encode }],
      trailer: "/Root 1 0 R",
    });
  const hostile = document(() => bomb);
  assert.ok(hostile.length < 2 * MiB, `${hostile.length} bytes on the wire`);
  assert.deepEqual(await reader.read(hostile, limits), { outcome: "too_large" });
  const twin = await reader.read(document((raw) => deflateSync(raw)), limits);
  assert.equal(twin.outcome, "read");
  assert.equal(judgePdf(twin, limits), null);
});

test("qpdf's JSON: names decoded, references and strings told apart, streams marked", () => {
  const structure = structureFromQpdfJson({
    qpdf: [
      { jsonversion: 2 },
      {
        "obj:1 0 R": { value: { "/Type": "/Catalog", "/Names": { "/JavaScript": "5 0 R" }, "/Lang": "u:ar", "/ID": "b:00ff" } },
        "obj:4 0 R": { stream: { dict: { "/Type": "/EmbeddedFile", "/Length": 3 } } },
        "obj:5 0 R": { value: { "/Names": ["u:a", "6 0 R"] } },
        "obj:6 0 R": { value: { "/S": "n:/Java#53cript" } },
        trailer: { value: { "/Root": "1 0 R" } },
      },
    ],
  });
  assert.deepEqual(structure.objects.get("1 0"), { stream: false, value: { dict: { Type: { name: "Catalog" }, Names: { dict: { JavaScript: { ref: "5 0" } } }, Lang: { string: "ar" }, ID: { string: "\u0000\u00ff" } } } });
  assert.equal(structure.objects.get("4 0")!.stream, true);
  assert.deepEqual(structure.trailer, { dict: { Root: { ref: "1 0" } } });
  assert.deepEqual(pdfActiveContent(structure), ["EmbeddedFile", "JavaScript"]);
});

test("the corpus's three variants of issue 16, read directly: each holds JavaScript qpdf finds", async () => {
  const reader = new QpdfReader();
  for (const name of ["objstm-png-predictor", "indirect-filter", "objstm-without-type"]) {
    const pdf = hostilePdfs().find((candidate) => candidate.name === name)!;
    const reading = await reader.read(pdf.bytes, limits);
    assert.equal(reading.outcome, "read", name);
    if (reading.outcome === "read") assert.deepEqual(pdfActiveContent(reading.structure), ["JS", "JavaScript"], name);
  }
});
