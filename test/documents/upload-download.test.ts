/**
 * Uploading and downloading documents over HTTP: types told by content, the size limit,
 * content addressing, names as metadata only, who may download, and the action log.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { people } from "../support/fixtures.ts";
import { documentStores, multipart, sampleJpeg, samplePdf, samplePng, startDocumentsHarness, type DocumentsHarness } from "./support.ts";

// Every test here runs against each document store: on disk and on an S3-compatible server.
for (const store of documentStores) describe(`with the ${store} document store`, () => {
  let harness: DocumentsHarness;
  let fileId: string;

  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  async function upload(civilId: string, name: string, bytes: Buffer, query = "kind=evidence", targetFile = fileId) {
    const client = await harness.clientFor(civilId);
    return client.request({ method: "POST", url: `/api/v1/files/${targetFile}/documents?${query}`, ...multipart(name, bytes, "application/pdf") });
  }

  async function download(civilId: string, documentId: string) {
    return (await harness.clientFor(civilId)).request({ method: "GET", url: `/api/v1/documents/${documentId}/content` });
  }

  async function documentRows() {
    return harness.database.db.selectFrom("documents").selectAll().execute();
  }

  async function actionKinds(kind: string) {
    return harness.database.db.selectFrom("actions").select(["action_kind", "actor", "payload"]).where("action_kind", "=", kind).where("file_id", "=", fileId).execute();
  }

  before(async () => {
    // Above fastify's JSON body limit (256 KiB): multipart uploads have their own limit.
    harness = await startDocumentsHarness(512 * 1024, store);
    fileId = (await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })).id;
  });
  after(() => harness.close());

  describe("upload and download", () => {
    for (const [label, make, mediaType] of [
      ["PDF", () => samplePdf("evidence"), "application/pdf"],
      ["JPEG", async () => sampleJpeg(), "image/jpeg"],
      ["PNG", () => samplePng("a scanned title"), "image/png"],
    ] as const) {
      test(`a ${label} comes back byte for byte, with its type and hash`, async () => {
        const bytes = await make();
        const response = await upload(people.creditor, `scan.${label.toLowerCase()}`, bytes, "kind=executory_title_copy");
        assert.equal(response.statusCode, 201, response.body);
        const document = response.json();
        assert.equal(document.mediaType, mediaType);
        assert.equal(document.kind, "executory_title_copy");
        assert.equal(document.sha256, sha256(bytes));
        assert.equal(document.sizeBytes, bytes.length);
        assert.equal(document.origin, "uploaded");

        for (const reader of [people.creditor, people.debtor, people.lawyer, people.clerk, people.judge]) {
          const got = await download(reader, document.id);
          assert.equal(got.statusCode, 200, `${reader}: ${got.body}`);
          assert.equal(got.headers["content-type"], mediaType);
          assert.match(String(got.headers["content-disposition"]), /^attachment; filename="executory_title_copy-[0-9a-f-]+\.(pdf|jpg|png)"; filename\*=UTF-8''scan\.\1$/);
          assert.ok(got.rawPayload.equals(bytes), "byte-identical");
        }
      });
    }

    test("uploads and downloads are actions in the file's log, downloads naming who read", async () => {
      const uploads = await actionKinds("document.uploaded");
      assert.ok(uploads.length >= 3);
      const downloads = await actionKinds("document.downloaded");
      const readers = new Set(downloads.map((action) => action.actor));
      for (const reader of [people.creditor, people.debtor, people.lawyer, people.clerk, people.judge]) assert.ok(readers.has(reader), reader);
    });

    test("a file above the JSON body limit but within the upload limit is accepted", async () => {
      const bytes = Buffer.concat([await samplePdf("big"), Buffer.alloc(300 * 1024, 0x20)]);
      const response = await upload(people.creditor, "big.pdf", bytes);
      assert.equal(response.statusCode, 201, response.body);
      assert.ok((await download(people.creditor, response.json().id)).rawPayload.equals(bytes));
    });

    test("the same content twice is stored once, with two index rows", async () => {
      const bytes = await samplePdf("twice");
      const first = await upload(people.creditor, "a.pdf", bytes);
      const second = await upload(people.lawyer, "b.pdf", bytes, "kind=other");
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 201);
      assert.notEqual(first.json().id, second.json().id);
      const hash = sha256(bytes);
      const rows = (await documentRows()).filter((row) => row.sha256 === hash);
      assert.equal(rows.length, 2);
      const onDisk = (await harness.storedFiles()).filter((file) => file.endsWith(hash));
      assert.deepEqual(onDisk, [`store/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`]);
      assert.ok((await download(people.debtor, second.json().id)).rawPayload.equals(bytes));
    });

    test("a document can be linked to a procedure of the file, not of another file", async () => {
      const other = await harness.world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor });
      const response = await upload(people.creditor, "x.pdf", await samplePdf("p"), `kind=evidence&procedureId=${other.id}`);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, "PROCEDURE_NOT_FOUND");
    });
  });

  describe("refusals write nothing", () => {
    async function assertNothingWritten(work: () => Promise<void>) {
      const rowsBefore = (await documentRows()).length;
      const filesBefore = await harness.storedFiles();
      const actionsBefore = (await actionKinds("document.uploaded")).length;
      await work();
      assert.equal((await documentRows()).length, rowsBefore, "no index row");
      assert.deepEqual(await harness.storedFiles(), filesBefore, "no bytes on disk");
      assert.equal((await actionKinds("document.uploaded")).length, actionsBefore, "no action");
    }

    test("an upload over the limit is 413", async () => {
      await assertNothingWritten(async () => {
        const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(harness.maxUploadBytes, 0x20)]);
        const response = await upload(people.creditor, "big.pdf", big);
        assert.equal(response.statusCode, 413, response.body);
        assert.equal(response.json().code, "PAYLOAD_TOO_LARGE");
        assert.ok(response.json().message.ar.length > 0);
      });
    });

    test("a PNG named .pdf is accepted and recorded as a PNG", async () => {
      const png = await samplePng("png behind a pdf name");
      const response = await upload(people.creditor, "title.pdf", png);
      assert.equal(response.statusCode, 201);
      assert.equal(response.json().mediaType, "image/png");
      const got = await download(people.creditor, response.json().id);
      assert.equal(got.headers["content-type"], "image/png");
      assert.match(String(got.headers["content-disposition"]), /\.png"; filename\*=UTF-8''title\.png$/, "the name keeps, with the extension of what it really is");
    });

    for (const [label, bytes] of [
      ["HTML", Buffer.from("<!doctype html><script>alert(1)</script>%PDF-1.4")],
      ["a Windows executable", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)])],
      ["an ELF executable", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200, 1)])],
      ["a PDF signature not at the start", Buffer.from("  %PDF-1.4 padded")],
    ] as const) {
      test(`${label} named .pdf is 415`, async () => {
        await assertNothingWritten(async () => {
          const response = await upload(people.creditor, "title.pdf", bytes);
          assert.equal(response.statusCode, 415, response.body);
          assert.equal(response.json().code, "UNSUPPORTED_MEDIA_TYPE");
        });
      });
    }

    test("an empty file, a JSON body and an unknown kind are refused", async () => {
      await assertNothingWritten(async () => {
        assert.equal((await upload(people.creditor, "empty.pdf", Buffer.alloc(0))).statusCode, 400);
        assert.equal((await upload(people.creditor, "x.pdf", await samplePdf(), "kind=request_receipt")).statusCode, 400);
        const client = await harness.clientFor(people.creditor);
        const json = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=evidence`, payload: { file: "JVBERi0=" } });
        assert.equal(json.statusCode, 415, json.body);
      });
    });

    test("a stranger, another creditor and an expired lawyer may not upload; a debtor may not bring the title's copy", async () => {
      await assertNothingWritten(async () => {
        for (const outsider of [people.stranger, people.otherCreditor, people.expiredLawyer, people.unverifiedLawyer]) {
          const response = await upload(outsider, "x.pdf", await samplePdf("outsider"));
          assert.equal(response.statusCode, 404, `${outsider}: ${response.body}`);
        }
        // A debtor files their own papers (evidence of a payment), never the creditor's title.
        const debtor = await upload(people.debtor, "x.pdf", await samplePdf("debtor"), "kind=executory_title_copy");
        assert.equal(debtor.statusCode, 403, debtor.body);
        const anonymous = await harness.anonymous.request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=evidence`, ...multipart("x.pdf", await samplePdf()) });
        assert.equal(anonymous.statusCode, 401);
      });
    });
  });

  test("path traversal in the name has no effect: the name is metadata", async () => {
    const bytes = await samplePdf("traversal");
    for (const name of ["../../../../../../tmp/evil.pdf", "..\\..\\evil.pdf", "/etc/passwd", "..", "store/../../x.pdf"]) {
      const response = await upload(people.creditor, name, bytes);
      assert.equal(response.statusCode, 201, response.body);
      const storedName = response.json().name;
      assert.ok(storedName === null || !/[\\/]/.test(storedName), String(storedName));
    }
    const hash = sha256(bytes);
    // The only file anywhere under the temporary root for these bytes is the content-addressed one.
    const files = await harness.storedFiles();
    assert.ok(files.every((file) => /^store\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(file)), files.join("\n"));
    assert.equal(files.filter((file) => file.endsWith(hash)).length, 1);
  });

  describe("who may download", () => {
    let documentId: string;
    before(async () => {
      documentId = (await upload(people.creditor, "poa.pdf", await samplePdf("power of attorney"), "kind=power_of_attorney")).json().id;
    });

    test("a stranger, another creditor, an expired or unverified lawyer and a bank officer get 404", async () => {
      const downloadsBefore = (await actionKinds("document.downloaded")).length;
      for (const outsider of [people.stranger, people.otherCreditor, people.otherDebtor, people.expiredLawyer, people.unverifiedLawyer, people.bankOfficer]) {
        const response = await download(outsider, documentId);
        assert.equal(response.statusCode, 404, `${outsider}: ${response.body}`);
        assert.equal(response.json().code, "DOCUMENT_NOT_FOUND");
        const list = await (await harness.clientFor(outsider)).request({ method: "GET", url: `/api/v1/files/${fileId}/documents` });
        assert.equal(list.statusCode, 404);
      }
      // The same answer as for a document that does not exist.
      const missing = await download(people.stranger, "00000000-0000-4000-8000-000000000000");
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, "DOCUMENT_NOT_FOUND");
      assert.equal((await actionKinds("document.downloaded")).length, downloadsBefore, "refused reads are not logged as reads");
    });

    test("parties, the lawyer and staff list the file's documents", async () => {
      for (const reader of [people.creditor, people.debtor, people.lawyer, people.auditor]) {
        const list = await (await harness.clientFor(reader)).request({ method: "GET", url: `/api/v1/files/${fileId}/documents` });
        assert.equal(list.statusCode, 200);
        assert.ok(list.json().documents.some((document: { id: string }) => document.id === documentId));
      }
    });
  });
});
