/**
 * The hostile-PDF corpus (issue 16) against the upload endpoint: every file built by
 * test/documents/hostile-pdfs.ts is first shown to be a real PDF that holds what it hides
 * — Poppler (`pdfinfo -js`, `pdfdetach -list`) prints its script or lists its embedded
 * file where Poppler reports such things — and then refused through the API with its
 * code, writing nothing. Ordinary PDFs from several writers are accepted: pdfkit (as the
 * department issues), qpdf (object streams, linearized), cairo, Poppler's pdfunite,
 * Chromium's print to PDF, an incremental update, and the system's own issued receipt.
 *
 * Needs qpdf and poppler-utils (.ci/run installs both) and Chromium (/usr/bin/chromium).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import PDFDocument from "pdfkit";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { fileParties } from "../../src/storage/files/repository.ts";
import { people } from "../support/fixtures.ts";
import { classicPdf, hostilePdfs, incrementalUpdate } from "./hostile-pdfs.ts";
import { multipart, sampleJpeg, samplePdf, startDocumentsHarness, type DocumentsHarness } from "./support.ts";

const run = promisify(execFile);
const CHROMIUM = "/usr/bin/chromium";
const counts = { built: 0, popplerScripts: 0, popplerFiles: 0, refused: 0, refusedByCode: {} as Record<string, number>, ordinaryAccepted: 0, ordinaryTried: 0 };

describe("the hostile-PDF corpus", () => {
  let harness: DocumentsHarness;
  let fileId: string;
  let procedureId: string;
  let dir: string;

  before(async () => {
    harness = await startDocumentsHarness(10 * 1024 * 1024);
    const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    fileId = file.id;
    const debtor = (await fileParties(harness.database.db, file.id)).find((party) => party.partyRole === "debtor")!;
    procedureId = (await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor.id })).id;
    dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-pdf-corpus-"));
  });
  after(async () => {
    await harness.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(name: string, bytes: Buffer) {
    const client = await harness.clientFor(people.creditor);
    return client.request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=evidence`, ...multipart(name, bytes, "application/pdf") });
  }

  async function written() {
    const db = harness.database.db;
    return {
      rows: (await db.selectFrom("documents").select("id").execute()).length,
      actions: (await db.selectFrom("actions").select("id").where("file_id", "=", fileId).execute()).length,
      files: await harness.storedFiles(),
    };
  }

  async function accepted(label: string, bytes: Buffer) {
    counts.ordinaryTried++;
    const response = await upload(`${label}.pdf`, bytes);
    assert.equal(response.statusCode, 201, `${label}: ${response.body}`);
    assert.equal(response.json().mediaType, "application/pdf");
    counts.ordinaryAccepted++;
  }

  for (const pdf of hostilePdfs()) {
    test(`${pdf.name}: ${pdf.hides} — refused`, async () => {
      counts.built++;
      const file = path.join(dir, `${pdf.name}.pdf`);
      await writeFile(file, pdf.bytes);
      // A real PDF: Poppler opens it, and shows what it hides where Poppler reports that.
      const info = await run("pdfinfo", [file]);
      assert.match(info.stdout, /^Pages:\s+1$/m, `${pdf.name} opens as a one-page PDF`);
      if (pdf.poppler && "js" in pdf.poppler) {
        const { stdout } = await run("pdfinfo", ["-js", file]);
        assert.ok(stdout.includes(pdf.poppler.js), `pdfinfo -js prints the script of ${pdf.name}:\n${stdout}`);
        counts.popplerScripts++;
      }
      if (pdf.poppler && "embedded" in pdf.poppler) {
        const { stdout } = await run("pdfdetach", ["-list", file]);
        assert.ok(stdout.includes(pdf.poppler.embedded), `pdfdetach lists the file in ${pdf.name}:\n${stdout}`);
        counts.popplerFiles++;
      }

      const before = await written();
      const response = await upload(`${pdf.name}.pdf`, pdf.bytes);
      const body = response.json();
      if (pdf.refusal.code === "DOCUMENT_ACTIVE_CONTENT") {
        assert.equal(response.statusCode, 422, response.body);
        assert.equal(body.code, "DOCUMENT_ACTIVE_CONTENT");
        assert.deepEqual(body.details.found, pdf.refusal.found);
      } else {
        assert.equal(response.statusCode, 415, response.body);
        assert.equal(body.code, pdf.refusal.code);
        assert.equal(body.details.reason, pdf.refusal.reason);
      }
      assert.ok(body.message.ar.length > 0 && body.message.en.length > 0);
      assert.deepEqual(await written(), before, "a refusal writes nothing");
      counts.refused++;
      counts.refusedByCode[body.details.reason ?? body.code] = (counts.refusedByCode[body.details.reason ?? body.code] ?? 0) + 1;
    });
  }

  describe("ordinary PDFs are accepted", () => {
    let rich: Buffer;
    before(async () => {
      const doc = new PDFDocument({ size: "A4" });
      const chunks: Buffer[] = [];
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
      doc.text("A copy of the judgment; see the court's site", { link: "https://court.example.test/case/1" });
      doc.image(sampleJpeg(64, 64), 50, 120);
      doc.addPage().text("page two");
      doc.outline.addItem("Judgment");
      doc.end();
      rich = await done;
      await writeFile(path.join(dir, "rich.pdf"), rich);
    });

    test("pdfkit: text; text, a JPEG, a web link, an outline and two pages", async () => {
      await accepted("pdfkit-text", await samplePdf("ordinary"));
      await accepted("pdfkit-rich", rich);
    });

    test("qpdf: the same with object streams, and linearized", async () => {
      await run("qpdf", ["--object-streams=generate", path.join(dir, "rich.pdf"), path.join(dir, "objstm.pdf")]);
      assert.match((await readFile(path.join(dir, "objstm.pdf"))).toString("latin1"), /\/Type\s*\/ObjStm/, "written with object streams");
      await accepted("qpdf-object-streams", await readFile(path.join(dir, "objstm.pdf")));
      await run("qpdf", ["--linearize", path.join(dir, "rich.pdf"), path.join(dir, "linear.pdf")]);
      await accepted("qpdf-linearized", await readFile(path.join(dir, "linear.pdf")));
    });

    test("cairo (pdftocairo) and Poppler's pdfunite", async () => {
      await run("pdftocairo", ["-pdf", path.join(dir, "rich.pdf"), path.join(dir, "cairo.pdf")]);
      await accepted("cairo", await readFile(path.join(dir, "cairo.pdf")));
      await run("pdfunite", [path.join(dir, "rich.pdf"), path.join(dir, "cairo.pdf"), path.join(dir, "united.pdf")]);
      await accepted("pdfunite", await readFile(path.join(dir, "united.pdf")));
    });

    test("Chromium's print to PDF (Arabic text and a link)", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed; .ci/run installs it` }, async () => {
      const page = path.join(dir, "page.html");
      await writeFile(page, '<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><h1>نسخة الحكم</h1><p>Copy of the judgment, <a href="https://court.example.test">the court</a></p></html>');
      const out = path.join(dir, "chromium.pdf");
      await run(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${path.join(dir, "chromium-profile")}`, `--print-to-pdf=${out}`, `file://${page}`], { timeout: 120_000 });
      await accepted("chromium", await readFile(out));
    });

    test("an incremental update that changes a page and adds a destination to open on", async () => {
      const base = classicPdf(
        ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"],
        "/Root 1 0 R",
      );
      await accepted("incremental", incrementalUpdate(base, { 1: "<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", 3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>" }, "/Root 1 0 R"));
    });

    test("the system's own issued receipt, downloaded and uploaded back", async () => {
      const client = await harness.clientFor(people.creditor);
      const issued = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/documents/issue`, payload: { kind: "request_receipt", procedureId } });
      assert.equal(issued.statusCode, 201, issued.body);
      const content = await client.request({ method: "GET", url: `/api/v1/documents/${issued.json().document.id}/content` });
      assert.equal(content.statusCode, 200);
      await accepted("issued-receipt", content.rawPayload);
    });
  });
});

after(() => {
  console.log(
    `hostile PDF corpus: ${counts.built} built; Poppler prints the script of ${counts.popplerScripts} and lists the embedded file of ${counts.popplerFiles}; ` +
      `${counts.refused} refused (${Object.entries(counts.refusedByCode).map(([code, n]) => `${code}: ${n}`).join(", ")}), ${counts.built - counts.refused} accepted. ` +
      `Ordinary PDFs: ${counts.ordinaryAccepted} of ${counts.ordinaryTried} accepted`,
  );
});
