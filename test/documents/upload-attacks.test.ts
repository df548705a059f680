/**
 * Hostile uploads (issue 9): oversized bodies, a wrong type behind a right name,
 * decompression bombs, PDFs with scripts or automatic actions, and names that try to be
 * paths or to break the download header. Every refusal has a stable code with Arabic and
 * English text, and writes nothing: no index row, no action, no byte in the store (on
 * disk or in the S3 bucket). What is accepted is served as what it really is.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { people } from "../support/fixtures.ts";
import { deflatedZeros, jpegDeclaring, pdfWithCatalog, pngDeclaring, streamObject } from "./hostile-files.ts";
import { documentStores, multipart, sampleJpeg, samplePdf, samplePng, startDocumentsHarness, type DocumentsHarness } from "./support.ts";
import PDFDocument from "pdfkit";
import { deflateSync } from "node:zlib";
import { uploadDocument } from "../../src/app/documents/upload-document.ts";

const MiB = 1024 * 1024;
const tally = { tried: 0, refused: 0, accepted: 0, rowsWrittenByRefusals: 0, filesWrittenByRefusals: 0 };

for (const store of documentStores) describe(`upload attacks on the ${store} document store`, () => {
  let harness: DocumentsHarness;
  let fileId: string;

  before(async () => {
    harness = await startDocumentsHarness(1 * MiB, store);
    fileId = (await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })).id;
  });
  after(() => harness.close());

  async function upload(name: string, bytes: Buffer, declaredType = "application/pdf") {
    const client = await harness.clientFor(people.creditor);
    return client.request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=evidence`, ...multipart(name, bytes, declaredType) });
  }

  async function written() {
    const db = harness.database.db;
    return {
      rows: (await db.selectFrom("documents").select("id").execute()).length,
      actions: (await db.selectFrom("actions").select("id").where("file_id", "=", fileId).execute()).length,
      files: await harness.storedFiles(),
    };
  }

  /** Sends the upload, expects the refusal, and checks nothing at all was written. */
  async function refused(name: string, bytes: Buffer, status: number, code: string, declaredType?: string) {
    const before = await written();
    const response = await upload(name, bytes, declaredType);
    tally.tried++;
    assert.equal(response.statusCode, status, response.body);
    const body = response.json();
    assert.equal(body.code, code);
    assert.ok(body.message.ar.length > 0 && body.message.en.length > 0, "a message in Arabic and English");
    assert.ok(!/at .*\.ts:\d+/.test(response.body), "no stack trace");
    const afterwards = await written();
    assert.equal(afterwards.rows, before.rows, "no index row");
    assert.equal(afterwards.actions, before.actions, "no action");
    assert.deepEqual(afterwards.files, before.files, "no bytes stored");
    tally.refused++;
    tally.rowsWrittenByRefusals += afterwards.rows - before.rows;
    tally.filesWrittenByRefusals += afterwards.files.length - before.files.length;
    return body;
  }

  async function accepted(name: string, bytes: Buffer, mediaType: string, declaredType?: string) {
    const response = await upload(name, bytes, declaredType);
    tally.tried++;
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().mediaType, mediaType);
    tally.accepted++;
    return response.json() as { id: string; name: string | null; mediaType: string };
  }

  async function download(documentId: string) {
    return (await harness.clientFor(people.creditor)).request({ method: "GET", url: `/api/v1/documents/${documentId}/content` });
  }

  describe("oversized", () => {
    test("exactly the limit is accepted; one byte more is 413", async () => {
      const pdf = await samplePdf("at the limit");
      const atLimit = Buffer.concat([pdf, Buffer.alloc(harness.maxUploadBytes - pdf.length, 0x0a)]);
      assert.equal(atLimit.length, harness.maxUploadBytes);
      await accepted("limit.pdf", atLimit, "application/pdf");
      await refused("over.pdf", Buffer.concat([atLimit, Buffer.from("\n")]), 413, "PAYLOAD_TOO_LARGE");
    });

    test("a body many times the limit is cut off while reading", async () => {
      await refused("huge.pdf", Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(8 * harness.maxUploadBytes, 0x20)]), 413, "PAYLOAD_TOO_LARGE");
    });

    test("a second file in the same request is refused", async () => {
      const boundary = "----tanfeeth-two-files";
      const part = (name: string, bytes: Buffer) =>
        Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), bytes, Buffer.from("\r\n")]);
      const payload = Buffer.concat([part("a.pdf", await samplePdf("a")), part("b.pdf", await samplePdf("b")), Buffer.from(`--${boundary}--\r\n`)]);
      const before = await written();
      const client = await harness.clientFor(people.creditor);
      const response = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=evidence`, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
      tally.tried++;
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().code, "VALIDATION_FAILED");
      const afterwards = await written();
      assert.equal(afterwards.rows, before.rows);
      assert.deepEqual(afterwards.files, before.files);
      tally.refused++;
    });
  });

  describe("a wrong type behind a right name", () => {
    for (const [label, name, bytes, declared] of [
      ["HTML named .pdf", "title.pdf", Buffer.from("<!doctype html><html><script>fetch('/api/v1/me')</script></html>"), "application/pdf"],
      ["SVG with a script named .png", "scan.png", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "image/png"],
      ["a ZIP (docx) named .pdf", "title.pdf", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(120, 1)]), "application/pdf"],
      ["a PNG signature followed by HTML", "scan.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("<html><script>alert(1)</script></html>")]), "image/png"],
      ["a JPEG marker followed by HTML", "photo.jpg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<html><script>alert(1)</script></html>")]), "image/jpeg"],
      ["a PDF header followed by HTML", "title.pdf", Buffer.from("%PDF-1.7\n<html><script>alert(1)</script></html>"), "application/pdf"],
    ] as const) {
      test(`${label} is 415`, async () => {
        await refused(name, bytes, 415, "UNSUPPORTED_MEDIA_TYPE", declared);
      });
    }

    test("a PNG named .pdf and declared a PDF is kept and served as a PNG; a PDF named .png as a PDF", async () => {
      const png = await accepted("title.pdf", await samplePng("really a png"), "image/png", "application/pdf");
      const served = await download(png.id);
      assert.equal(served.headers["content-type"], "image/png");
      assert.equal(served.headers["x-content-type-options"], "nosniff");
      assert.match(String(served.headers["content-disposition"]), /^attachment; .*filename\*=UTF-8''title\.png$/);

      const pdf = await accepted("scan.png", await samplePdf("really a pdf"), "application/pdf", "image/png");
      const got = await download(pdf.id);
      assert.equal(got.headers["content-type"], "application/pdf");
      assert.match(String(got.headers["content-disposition"]), /filename\*=UTF-8''scan\.pdf$/);
    });

    test("a real JPEG is accepted", async () => {
      await accepted("photo.jpg", sampleJpeg(), "image/jpeg");
    });
  });

  describe("decompression bombs", () => {
    test("a PNG declaring 100,000 × 100,000 pixels is refused from its header, without decoding it", async () => {
      const body = await refused("scan.png", pngDeclaring(100_000, 100_000), 422, "DOCUMENT_TOO_LARGE_DECODED", "image/png");
      assert.deepEqual(body.details, { width: 100_000, height: 100_000, maxPixels: 100_000_000 });
      // Its image data is not even compressed data: a decoder would have stopped there with
      // another refusal, so the header alone decided.
      const undecodable = pngDeclaring(100_000, 100_000, Buffer.from("not a zlib stream: whoever inflates this fails"));
      const fromHeader = await refused("scan.png", undecodable, 422, "DOCUMENT_TOO_LARGE_DECODED", "image/png");
      assert.deepEqual(fromHeader.details, body.details);
    });

    test("the pixel limit is 100 MP: 10,000 × 10,000 passes, 10,000 × 10,001 does not", async () => {
      await accepted("square.png", pngDeclaring(10_000, 10_000), "image/png");
      await refused("taller.png", pngDeclaring(10_000, 10_001), 422, "DOCUMENT_TOO_LARGE_DECODED", "image/png");
    });

    test("a JPEG declaring 65,535 × 65,535 pixels is refused", async () => {
      await refused("photo.jpg", jpegDeclaring(sampleJpeg(), 65_535, 65_535), 422, "DOCUMENT_TOO_LARGE_DECODED", "image/jpeg");
    });

    test("a PNG whose header checksum is wrong is not a PNG", async () => {
      const png = pngDeclaring(10, 10);
      png[20] = 0x7f; // height changed after the checksum was computed
      await refused("scan.png", png, 415, "UNSUPPORTED_MEDIA_TYPE", "image/png");
    });

    test("a PDF whose one Flate stream inflates to more than 256 MiB is refused, inflating no further than that", async () => {
      const bomb = await deflatedZeros(257 * MiB);
      assert.ok(bomb.length < harness.maxUploadBytes, `${bomb.length} bytes compressed`);
      const pdf = pdfWithCatalog("", [streamObject("/Filter /FlateDecode", bomb)]);
      const before = process.memoryUsage().rss;
      const body = await refused("bomb.pdf", pdf, 422, "DOCUMENT_TOO_LARGE_DECODED");
      assert.deepEqual(body.details, { maxDecodedBytes: 256 * MiB });
      // Inflated as a stream and counted, never held: far less than the 257 MiB it expands to.
      assert.ok(process.memoryUsage().rss - before < 128 * MiB, "not held in memory");
    });

    test("the budget is for the whole PDF: two streams of 130 MiB are refused, one is accepted", async () => {
      const half = await deflatedZeros(130 * MiB);
      await accepted("one.pdf", pdfWithCatalog("", [streamObject("/Filter /FlateDecode", half)]), "application/pdf");
      await refused("two.pdf", pdfWithCatalog("", [streamObject("/Filter /FlateDecode", half), streamObject("/Filter /FlateDecode", half)]), 422, "DOCUMENT_TOO_LARGE_DECODED");
    });
  });

  describe("PDFs with scripts or automatic actions", () => {
    const js = "<< /S /JavaScript /JS (app.alert\\('hello'\\)) >>";
    for (const [label, pdf, names] of [
      ["JavaScript run on opening (/OpenAction)", () => pdfWithCatalog(`/OpenAction ${js}`), ["JS", "JavaScript", "OpenAction"]],
      ["an /OpenAction pointing at an action object", () => pdfWithCatalog("/OpenAction 5 0 R", ["<< /S /GoTo /D [3 0 R /Fit] >>"]), ["OpenAction"]],
      ["document-level JavaScript in the names tree", () => pdfWithCatalog("/Names << /JavaScript 5 0 R >>", [`<< /Names [(x) ${js}] >>`]), ["JS", "JavaScript"]],
      ["a /Launch action on a link", () => pdfWithCatalog("", ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /F (cmd.exe) >> >>"]), ["Launch"]],
      ["additional actions on a page (/AA)", () => pdfWithCatalog("", ["<< /AA << /O << /S /JavaScript /JS (1) >> >> >>"]), ["AA", "JS", "JavaScript"]],
      ["names written with #-escapes (/J#53, /Java#53cript)", () => pdfWithCatalog("/OpenAction << /S /Java#53cript /J#53 (1) >>"), ["JS", "JavaScript", "OpenAction"]],
      ["an embedded file", () => pdfWithCatalog("", [streamObject("/Type /EmbeddedFile", Buffer.from("MZ payload"))]), ["EmbeddedFile"]],
    ] as const) {
      test(`${label} is refused`, async () => {
        const body = await refused("title.pdf", pdf(), 422, "DOCUMENT_ACTIVE_CONTENT");
        assert.deepEqual(body.details.found, names);
      });
    }

    test("an encrypted PDF cannot be checked, so it is refused", async () => {
      const body = await refused("locked.pdf", pdfWithCatalog("", ["<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"], "/Encrypt 5 0 R"), 415, "UNSUPPORTED_MEDIA_TYPE");
      assert.equal(body.details.reason, "pdf_encrypted");
    });

    test("LZW and chained filters are decoded and measured like Flate: within the budget accepted, beyond it refused", async () => {
      await accepted("old.pdf", pdfWithCatalog("", [streamObject("/Filter /LZWDecode", Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]))]), "application/pdf");
      const hidden = await deflatedZeros(257 * MiB);
      const chained = await refused("chained.pdf", pdfWithCatalog("", [streamObject("/Filter [/ASCIIHexDecode /FlateDecode]", Buffer.from(`${hidden.toString("hex")}>`))]), 422, "DOCUMENT_TOO_LARGE_DECODED");
      assert.deepEqual(chained.details, { maxDecodedBytes: 256 * MiB });
    });

    test("an object stream the cross-reference table never points into is refused as damaged (whatever it holds)", async () => {
      for (const stream of [
        streamObject("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", deflateSync(Buffer.from(`6 0 ${js}`))),
        streamObject("/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode", Buffer.from("garbage")),
        streamObject("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", Buffer.from("not zlib at all")),
      ]) {
        const body = await refused("title.pdf", pdfWithCatalog("", [stream]), 415, "UNSUPPORTED_MEDIA_TYPE");
        assert.equal(body.details.reason, "pdf_damaged");
      }
    });

    test("ordinary PDFs pass: a view to open on, web links, compressed pages", async () => {
      await accepted("view.pdf", pdfWithCatalog("/OpenAction [3 0 R /Fit]"), "application/pdf");
      const doc = new PDFDocument({ size: "A6" });
      const chunks: Buffer[] = [];
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
      doc.text("see the court's site", { link: "https://example.test/case" });
      doc.end();
      const linked = await done;
      assert.ok(linked.toString("latin1").includes("/URI"), "the PDF has a link action");
      await accepted("linked.pdf", linked, "application/pdf");
    });
  });

  describe("names that try to be paths or to break the download header", () => {
    const hostileNames: [string, RegExp | null][] = [
      ["../../../../../../etc/passwd.pdf", /^passwd\.pdf$/],
      ["..\\..\\windows\\win.ini.pdf", /^win\.ini\.pdf$/],
      ["/var/lib/tanfeeth/documents/x.pdf", /^x\.pdf$/],
      ["%2e%2e%2f%2e%2e%2fevil.pdf", /^%2e%2e%2f%2e%2e%2fevil\.pdf$/],
      ["invoice\u202Efdp.exe", /^invoicefdp\.exe$/],
      ["صورة السند التنفيذي.pdf", /^صورة السند التنفيذي\.pdf$/],
      ["..", null],
    ];
    test("quotes, semicolons and line breaks in a name never reach the header raw", async () => {
      // A browser escapes these in a multipart header, so they are given to the use case directly.
      const name = 'a"; filename="evil.exe\r\nSet-Cookie: session=stolen; x=.pdf';
      const bytes = await samplePdf("header injection");
      const document = await uploadDocument(harness.world.deps, harness.services, await harness.world.as(people.creditor), { fileId, procedureId: null, kind: "evidence", name, bytes });
      assert.equal(document.name, 'a"; filename="evil.exeSet-Cookie: session=stolen; x=.pdf', "control characters removed");
      const got = await download(document.id);
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers["set-cookie"], undefined);
      assert.equal(
        got.headers["content-disposition"],
        `attachment; filename="evidence-${document.id}.pdf"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.exeSet-Cookie%3A%20session%3Dstolen%3B%20x%3D.pdf`,
      );
    });

    for (const [name, stored] of hostileNames) {
      test(`${JSON.stringify(name)}: metadata only, never a path; the header stays well-formed`, async () => {
        const bytes = await samplePdf(`name ${name}`);
        const document = await accepted(name, bytes, "application/pdf");
        if (stored === null) assert.equal(document.name, null);
        else assert.match(String(document.name), stored);
        assert.ok(document.name === null || !/[\\/\u0000-\u001f\u202a-\u202e]/.test(document.name), String(document.name));

        const files = await harness.storedFiles();
        assert.ok(files.every((file) => /^store\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(file)), files.join("\n"));

        const got = await download(document.id);
        assert.equal(got.statusCode, 200);
        assert.ok(got.rawPayload.equals(bytes));
        const disposition = String(got.headers["content-disposition"]);
        assert.match(disposition, /^attachment; filename="evidence-[0-9a-f-]{36}\.pdf"(; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+)?$/, disposition);
        const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1];
        if (encoded) {
          const shown = decodeURIComponent(encoded);
          assert.ok(!/[\\/"\r\n\u202a-\u202e]/.test(shown), shown);
          assert.ok(shown.endsWith(".pdf"), "the extension of what it really is");
        }
      });
    }
  });
});

after(() => {
  console.log(
    `upload attacks: ${tally.tried} uploads tried, ${tally.refused} refused, ${tally.accepted} accepted as what they really are; ` +
      `refusals wrote ${tally.rowsWrittenByRefusals} rows and ${tally.filesWrittenByRefusals} files`,
  );
});
