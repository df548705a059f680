/**
 * The department's PDFs are signed (PAdES, ETSI.CAdES.detached): poppler's pdfsig, as any
 * PDF reader, finds the signature valid over the whole document; one byte changed breaks
 * it, bytes added after signing are seen; another key's signature is not the department's;
 * a configured key and certificate chain (production) sign the same way. And identifiers
 * in Arabic text keep their order in the PDF's text (pdftotext).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import forge from "node-forge";
import { renderPdf, type PdfContent } from "../../src/app/documents/pdf.ts";
import type { DocumentSigner } from "../../src/app/documents/pdf-signer.ts";
import { documentSignerFor } from "../../src/documents/pades.ts";

const run = promisify(execFile);
let dir: string;
let signer: DocumentSigner;
let pdf: Buffer;

const fileNumber = "2026/0000007-1";
const iban = "KW81 CBKU 0000 0000 0000 1234 5601 02";
const civilId = "289010100011";
const plate = "45/12345";
const reference = "DEP-2026-1";

const content: PdfContent = {
  titleAr: "شهادة براءة ذمة",
  titleEn: "Release certificate",
  rows: [
    { labelAr: "رقم ملف التنفيذ", labelEn: "Enforcement file", value: fileNumber },
    { labelAr: "المدين", labelEn: "Debtor", value: `سالم الرشيدي — الرقم المدني ${civilId}`, valueEn: `Salem Al-Rashidi — Civil ID ${civilId}` },
    { labelAr: "إجراء مرفوع", labelEn: "Measure lifted", value: `منع سفر لدى المنافذ مرجع ${reference}، ثم رُفع` },
    { labelAr: "حساب الدائن", labelEn: "Creditor's account", value: `إلى ${iban}` },
  ],
  noteAr: `الملف رقم ${fileNumber} قد سُدد، واللوحة ${plate} مرفوعة.`,
  noteEn: "The Enforcement Department certifies the release.",
  verifyUrl: "https://tanfeeth.example.test/verify/abcdefghijklmnopqrst",
  verificationCode: "abcdefghijklmnopqrst",
  issuedAtKuwait: "2026-12-07 13:00:00 (Asia/Kuwait, UTC+03:00)",
};

async function pdfsig(bytes: Buffer): Promise<string> {
  const file = path.join(dir, `${randomBytes(6).toString("hex")}.pdf`);
  await writeFile(file, bytes);
  // pdfsig exits non-zero when a signature does not verify: its report is what is judged.
  const result = await run("pdfsig", [file]).catch((error: { stdout: string; stderr: string }) => error);
  return `${result.stdout}${result.stderr}`;
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-pades-"));
  signer = documentSignerFor({ devFile: path.join(dir, "document-signing.pem") });
  pdf = await renderPdf(content, { signer, at: new Date("2026-12-07T10:00:00Z") });
});
after(() => rm(dir, { recursive: true, force: true }));

describe("a PDF the department issues", () => {
  test("carries a PAdES signature that pdfsig finds valid over the whole document", async () => {
    const report = await pdfsig(pdf);
    assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(report, /Signature Validation: Signature is Valid\./);
    assert.match(report, /Total document signed/);
    assert.match(report, /Signing Hash Algorithm: SHA-256/);
    assert.match(report, /Signer Certificate Common Name: Enforcement Department document signing \(DEVELOPMENT - not for production\)/);
    const check = await signer.checkPdf(pdf);
    assert.deepEqual([check.status, check.problem, check.subFilter, check.coversWholeDocument, check.departmentKey], ["valid", null, "ETSI.CAdES.detached", true, true]);
    assert.equal(check.signedAt?.toISOString(), "2026-12-07T10:00:00.000Z");
    assert.equal(check.signer?.fingerprintSha256, (await signer.certificate()).fingerprintSha256);
  });

  test("one byte changed breaks the signature", async () => {
    const altered = Buffer.from(pdf);
    // A byte of the page's content, well after the signature's own /Contents.
    const at = Math.floor(altered.length * 0.75);
    altered[at] = altered[at]! ^ 0x01;
    assert.match(await pdfsig(altered), /Signature Validation: Digest Mismatch/);
    const check = await signer.checkPdf(altered);
    assert.deepEqual([check.status, check.problem], ["invalid", "digest_mismatch"]);
  });

  test("bytes added after signing are seen: the signature no longer covers the document", async () => {
    const extended = Buffer.concat([pdf, Buffer.from("\n% added later\n")]);
    assert.doesNotMatch(await pdfsig(extended), /Total document signed/);
    const check = await signer.checkPdf(extended);
    assert.deepEqual([check.status, check.problem, check.coversWholeDocument], ["invalid", "not_whole_document", false]);
  });

  test("a signature by another key verifies, but not as the department's", async () => {
    const other = documentSignerFor({ devFile: path.join(dir, "other-signing.pem") });
    const forged = await renderPdf(content, { signer: other, at: new Date("2026-12-07T10:00:00Z") });
    assert.match(await pdfsig(forged), /Signature is Valid/);
    const check = await signer.checkPdf(forged);
    assert.deepEqual([check.status, check.departmentKey], ["valid", false]);
    assert.deepEqual([(await signer.checkPdf(Buffer.from("%PDF-1.3\n%%EOF\n"))).status], ["unsigned"]);
  });

  test("the development key is made once and kept", async () => {
    const again = documentSignerFor({ devFile: path.join(dir, "document-signing.pem") });
    assert.equal((await again.certificate()).fingerprintSha256, (await signer.certificate()).fingerprintSha256);
  });
});

describe("a configured key and certificate chain (production)", () => {
  function certificate(options: { cn: string; publicKeyPem: string; issuer?: { cert: forge.pki.Certificate; keyPem: string }; selfKeyPem?: string; ca: boolean }): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(options.publicKeyPem);
    cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
    cert.validity.notBefore = new Date("2026-01-01T00:00:00Z");
    cert.validity.notAfter = new Date("2036-01-01T00:00:00Z");
    cert.setSubject([{ name: "commonName", value: options.cn }, { name: "countryName", value: "KW" }]);
    cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : [{ name: "commonName", value: options.cn }, { name: "countryName", value: "KW" }]);
    cert.setExtensions([{ name: "basicConstraints", cA: options.ca, critical: true }, { name: "keyUsage", keyCertSign: options.ca, digitalSignature: true, nonRepudiation: !options.ca, critical: true }]);
    cert.sign(forge.pki.privateKeyFromPem(options.issuer?.keyPem ?? options.selfKeyPem!), forge.md.sha256.create());
    return cert;
  }
  const pair = () => {
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { keyPem: keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString() };
  };

  test("signs with the key, carries the chain, and knows a later certificate of the same CA as the department's", async () => {
    const caKeys = pair();
    const ca = certificate({ cn: "Ministry of Justice Test CA", publicKeyPem: caKeys.publicKeyPem, selfKeyPem: caKeys.keyPem, ca: true });
    const issuer = { cert: ca, keyPem: caKeys.keyPem };
    const leafKeys = pair();
    const leaf = certificate({ cn: "Enforcement Department document signing", publicKeyPem: leafKeys.publicKeyPem, issuer, ca: false });
    const chainPem = `${forge.pki.certificateToPem(leaf)}${forge.pki.certificateToPem(ca)}`;
    const configured = documentSignerFor({ keyPem: leafKeys.keyPem, certPem: chainPem, devFile: path.join(dir, "unused.pem") });
    const signed = await renderPdf(content, { signer: configured, at: new Date("2026-12-07T10:00:00Z") });
    const report = await pdfsig(signed);
    assert.match(report, /Signer Certificate Common Name: Enforcement Department document signing/);
    assert.match(report, /Signature is Valid/);
    assert.deepEqual([(await configured.checkPdf(signed)).status, (await configured.checkPdf(signed)).departmentKey], ["valid", true]);

    // The next year's certificate, from the same CA: still the department's; a stranger's self-signed one is not.
    const nextKeys = pair();
    const next = certificate({ cn: "Enforcement Department document signing 2027", publicKeyPem: nextKeys.publicKeyPem, issuer, ca: false });
    const rotated = documentSignerFor({ keyPem: nextKeys.keyPem, certPem: `${forge.pki.certificateToPem(next)}${forge.pki.certificateToPem(ca)}`, devFile: path.join(dir, "unused.pem") });
    const later = await renderPdf(content, { signer: rotated, at: new Date("2027-12-07T10:00:00Z") });
    assert.equal((await configured.checkPdf(later)).departmentKey, true);
    const stranger = certificate({ cn: "Enforcement Department document signing", publicKeyPem: nextKeys.publicKeyPem, selfKeyPem: nextKeys.keyPem, ca: false });
    const impostor = documentSignerFor({ keyPem: nextKeys.keyPem, certPem: forge.pki.certificateToPem(stranger), devFile: path.join(dir, "unused.pem") });
    const faked = await renderPdf(content, { signer: impostor, at: new Date("2027-12-07T10:00:00Z") });
    assert.deepEqual([(await configured.checkPdf(faked)).status, (await configured.checkPdf(faked)).departmentKey], ["valid", false]);
  });

  test("a key that is not its certificate's is refused", async () => {
    const a = pair();
    const b = pair();
    const cert = certificate({ cn: "x", publicKeyPem: a.publicKeyPem, selfKeyPem: a.keyPem, ca: false });
    const wrong = documentSignerFor({ keyPem: b.keyPem, certPem: forge.pki.certificateToPem(cert), devFile: path.join(dir, "unused.pem") });
    await assert.rejects(wrong.certificate(), /not the certificate's/);
  });
});

describe("identifiers in Arabic text keep their order in the PDF", () => {
  const ARABIC = /[\u0600-\u06ff]/;
  interface Word {
    text: string;
    xMin: number;
    xMax: number;
    y: number;
  }
  let words: Word[];

  before(async () => {
    const file = path.join(dir, "ltr.pdf");
    await writeFile(file, pdf);
    const { stdout } = await run("pdftotext", ["-bbox", file, "-"]);
    words = [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((match) => {
      // pdftotext gives an Arabic word's glyphs as laid out, right to left, in presentation forms.
      // A word of Arabic letters only is read back by reversing it; any other is kept as shown, left to right.
      const shown = match[4]!.normalize("NFKC");
      const arabicOnly = ARABIC.test(shown) && !/[A-Za-z0-9]/.test(shown);
      return { text: arabicOnly ? [...shown].reverse().join("") : shown, xMin: Number(match[1]), y: Number(match[2]), xMax: Number(match[3]) };
    });
  });

  const find = (text: string, y?: number) => {
    const found = words.find((word) => word.text === text && (y === undefined || Math.abs(word.y - y) < 1));
    assert.ok(found, `"${text}" is a word of the PDF's text: ${words.map((word) => word.text).join(" | ")}`);
    return found;
  };
  /** In a right-to-left line, what is read first stands to the right. */
  const readInOrder = (...texts: string[]) => {
    // The line on which all the words stand.
    const line = words.find((candidate) => candidate.text === texts[0] && texts.every((text) => words.some((word) => word.text === text && Math.abs(word.y - candidate.y) < 1)));
    assert.ok(line, `one line holds ${texts.join(" · ")}: ${words.map((word) => word.text).join(" | ")}`);
    const placed = texts.map((text) => find(text, line.y));
    for (let index = 1; index < placed.length; index++) assert.ok(placed[index]!.xMax <= placed[index - 1]!.xMin + 0.5, `"${texts[index]}" is read after "${texts[index - 1]}"`);
  };

  test("a file number, whole, between the words around it", () => {
    readInOrder("رقم", fileNumber, "قد");
  });

  test("an IBAN in groups of four, in order, between the words around it", () => {
    const groups = iban.split(" ");
    const first = find(groups[0]!);
    const row = words.filter((word) => Math.abs(word.y - first.y) < 1).sort((a, b) => a.xMin - b.xMin);
    const start = row.indexOf(first);
    const line = row.slice(start, start + groups.length);
    assert.deepEqual(line.map((word) => word.text), groups, "the groups, left to right, in their order");
    // The word before it stands to its right, or ends the line above (an IBAN is never split over two lines).
    const before = find("إلى");
    assert.ok(before.y < first.y - 1 || before.xMin >= line.at(-1)!.xMax, "the word before the IBAN is read before it");
  });

  test("a civil ID, a plate and a reference, whole and in their place", () => {
    readInOrder("المدني", civilId);
    readInOrder("واللوحة", plate, "مرفوعة.");
    readInOrder("سُدد،", "واللوحة");
    // The Arabic comma written right after the reference follows it: to its left, with no space.
    readInOrder("مرجع", `،${reference}`, "ثم");
  });
});
