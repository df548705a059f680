/**
 * Documents in the forms that ask for them (issue 18), in Debian's chromium:
 * - in Arabic on a 360 px phone, a creditor asks for a travel ban and uploads an evidence PDF
 *   in the wizard (the accepted types and the size limit said first, a progress bar, a hostile
 *   PDF refused with its code and its message in Arabic), signs on the phone and submits; a
 *   judge opens the queue item and the evidence in the document viewer;
 * - in English, a debtor disputes the enforcement with a document, which the judge opens
 *   from the dispute; a creditor submits a title from the app, with its copy, and finds it
 *   waiting for the clerks.
 * Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { pdfWithCatalog } from "../documents/hostile-files.ts";
import { samplePdf } from "../documents/support.ts";
import { otherLanguageText } from "./journey-support.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;
before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

/** Where a long journey is, in the test's output (the machine may be slow). */
const step = (what: string) => process.stderr.write(`# web-uploads: ${what}\n`);
const phoneSize = { width: 360, height: 740 };
const fits = async (page: Page, width: number) => assert.ok(((await page.evaluate("document.documentElement.scrollWidth")) as number) <= width, `fits ${width} px`);
const pdfFile = async (name: string, text: string) => ({ name, mimeType: "application/pdf", buffer: await samplePdf(text) });

test("a creditor uploads an evidence PDF in the travel-ban wizard on a phone, in Arabic; the judge opens it from the queue item", { skip: skipWithoutChromium }, async () => {
  const db = world.exchange.database.db;
  const fileId = world.freshFile.creditor;
  const { number } = await db.selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirstOrThrow();
  const creditor = await launchBrowser(phoneSize);
  const judge = await launchBrowser(phoneSize);
  try {
    await signInDirectly(creditor.context, world, webPeople.creditor.civilId);
    const page = await creditor.context.newPage();
    await page.goto(`${world.baseUrl}/app/files/${fileId}/request`);
    await page.locator('input[name="kind"][value="travel_ban"]').check();
    await page.click("#step-next"); // the measure
    await page.click("#step-next"); // the debtor (the file has one)
    await page.fill("#evidence-debt", "حكم نهائي مذيّل بالصيغة التنفيذية.");
    await page.fill("#evidence-flight", "حجز تذكرة سفر ذهاب فقط.");
    await page.fill("#evidence-ability", "راتب شهري ثابت وحسابات باسمه.");

    // The limits are said before anything is sent: the server's types and size.
    const limits = (await page.textContent("#evidence-documents-limits")) ?? "";
    assert.match(limits, /PDF/);
    assert.match(limits, /ميغابايت/);
    assert.equal(await page.getAttribute("#evidence-documents-photo", "capture"), "environment", "the phone's camera");

    // A PDF with a script is refused by the server's checks, with its code and the Arabic message; nothing is kept.
    await page.setInputFiles("#evidence-documents-file", { name: "script.pdf", mimeType: "application/pdf", buffer: pdfWithCatalog("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>") });
    const refused = page.locator('.upload-list li[data-state="refused"]');
    await refused.waitFor();
    assert.equal(await refused.locator("[data-code]").getAttribute("data-code"), "DOCUMENT_ACTIVE_CONTENT");
    assert.match((await refused.textContent()) ?? "", /برمجيات أو إجراءات تلقائية/);
    await refused.locator("button").click();
    await refused.waitFor({ state: "detached" });

    // The evidence: a progress bar, then uploaded.
    await page.setInputFiles("#evidence-documents-file", await pdfFile("booking.pdf", "Flight booking, one way, 2026-04-02"));
    const uploaded = page.locator('.upload-list li[data-state="done"]');
    await uploaded.waitFor();
    assert.equal(await uploaded.locator("progress").getAttribute("value"), "100");
    const documentId = await uploaded.getAttribute("data-document-id");
    assert.ok(documentId);
    await fits(page, 360);
    assert.deepEqual(await otherLanguageText(page), [], "the evidence step is in Arabic only");

    await page.click("#step-next");
    await page.waitForSelector("#review-documents");
    assert.match((await page.textContent("#review-documents")) ?? "", /booking\.pdf/);
    await page.click("#sign-with-phone");
    const signing = page.locator('.phone-beside .phone-request[data-kind="signing"]');
    await signing.waitFor();
    assert.match((await signing.locator(".phone-summary").textContent()) ?? "", /مع مستندات مرفقة عددها 1/, "the phone says the evidence is signed with it");
    await signing.locator("button.approve").click();
    await page.waitForSelector("#signing-approved");
    await page.click("#submit-signed");
    // Submitted: the fee's step where the rules charge one, else the file with its notice.
    await page.waitForSelector("#fee-title, #notice");
    step("submitted");
    const procedure = await db.selectFrom("procedures").select("id").where("file_id", "=", fileId).where("procedure_kind", "=", "travel_ban").executeTakeFirstOrThrow();
    const filed = await db.selectFrom("documents").select("procedure_id").where("id", "=", documentId).executeTakeFirstOrThrow();
    assert.equal(filed.procedure_id, procedure.id, "the evidence is filed with the request");

    // The judge: the queue item, then the evidence in the viewer.
    await signInDirectly(judge.context, world, webPeople.judge.civilId);
    const review = await judge.context.newPage();
    await review.goto(`${world.baseUrl}/app/back-office?queue=judge&procedureKind=travel_ban`);
    const row = review.locator("#queue tr[data-item-id]", { hasText: number });
    await row.waitFor();
    step("queue");
    await row.locator(".open-item").click();
    await review.waitForURL(new RegExp(`/app/back-office/files/${fileId}/procedures/${procedure.id}$`));
    const evidence = review.locator(`.documents.evidence li[data-document-id="${documentId}"]`);
    await evidence.waitFor();
    await evidence.locator("button").click();
    await evidence.locator('.document-viewer[data-media-type="application/pdf"] iframe').waitFor();
    await fits(review, 360);
    assert.deepEqual(await otherLanguageText(review), [], "the review is in Arabic only");
  } finally {
    await creditor.close();
    await judge.close();
  }
});

test("a debtor disputes with a document the judge opens; a creditor submits a title with its copy from the app (English)", { skip: skipWithoutChromium }, async () => {
  const db = world.exchange.database.db;
  const { fileId } = world.banFile.en;
  const debtor = await launchBrowser();
  const judge = await launchBrowser();
  const creditor = await launchBrowser(phoneSize);
  try {
    step("second test");
    // The debtor's dispute, with a receipt.
    await chooseLanguage(debtor.context, world, "en");
    await signInDirectly(debtor.context, world, webPeople.thirdDebtor.civilId);
    const page = await debtor.context.newPage();
    await page.goto(`${world.baseUrl}/app/debts/${fileId}/dispute`);
    await page.fill("#dispute-grounds", "I paid the creditor directly; the receipt is attached.");
    assert.match((await page.textContent("#dispute-documents-limits")) ?? "", /PDF.*MB/);
    await page.setInputFiles("#dispute-documents-file", await pdfFile("receipt.pdf", "Receipt of payment, 2026-01-15"));
    const uploaded = page.locator('.upload-list li[data-state="done"]');
    await uploaded.waitFor();
    const documentId = await uploaded.getAttribute("data-document-id");
    assert.deepEqual(await otherLanguageText(page), [], "the dispute form is in English only");
    await page.click("#dispute-submit");
    await page.waitForURL(new RegExp(`/app/debts/${fileId}$`));
    const dispute = await db.selectFrom("disputes").select("id").where("file_id", "=", fileId).executeTakeFirstOrThrow();
    const filed = await db.selectFrom("documents").select("dispute_id").where("id", "=", documentId!).executeTakeFirstOrThrow();
    assert.equal(filed.dispute_id, dispute.id);

    await chooseLanguage(judge.context, world, "en");
    await signInDirectly(judge.context, world, webPeople.judge.civilId);
    const review = await judge.context.newPage();
    await review.goto(`${world.baseUrl}/app/back-office/files/${fileId}/disputes/${dispute.id}`);
    const paper = review.locator(`.documents.evidence li[data-document-id="${documentId}"]`);
    await paper.waitFor();
    await paper.locator("button").click();
    await paper.locator('.document-viewer[data-media-type="application/pdf"] iframe').waitFor();
    assert.deepEqual(await otherLanguageText(review), [], "the dispute's review is in English only");

    step("dispute reviewed");
    // A title submitted from the app: from the files list, the details, then the copy.
    await chooseLanguage(creditor.context, world, "en");
    await signInDirectly(creditor.context, world, webPeople.englishCreditor.civilId);
    const titles = await creditor.context.newPage();
    await titles.goto(`${world.baseUrl}/app/files`);
    await titles.click("#files-submit-title");
    await titles.waitForSelector("#title-form");
    assert.equal(await titles.inputValue("#title-creditor"), webPeople.englishCreditor.civilId, "the creditor is the person signed in");
    await titles.fill("#title-court", "High Court - Commercial Circuit 2");
    await titles.fill("#title-case", "2025/4411 commercial");
    await titles.fill("#title-issued", "2025-10-20");
    await titles.fill("#title-debtor", webPeople.debtor.civilId);
    await titles.fill("#title-principal", "abc");
    await titles.click("#title-submit");
    await titles.waitForSelector("#title-principal-error");
    await titles.fill("#title-principal", "3200.750");
    await titles.click("#title-submit");
    await titles.waitForURL(/\/app\/titles\/[0-9a-f-]{36}$/);
    await titles.waitForSelector("#title-copy-limits");
    await titles.setInputFiles("#title-copy-file", await pdfFile("judgment-2025-4411.pdf", "Judgment 2025/4411, with the executory formula"));
    await titles.waitForSelector("#submission-sent");
    assert.equal(await titles.getAttribute("#submission", "data-status"), "submitted");
    await fits(titles, 360);
    assert.deepEqual(await otherLanguageText(titles), [], "the submission is in English only");
    const submission = await db.selectFrom("title_submissions").select(["status", "submitted_by"]).where("id", "=", titles.url().split("/").pop()!).executeTakeFirstOrThrow();
    assert.deepEqual(submission, { status: "submitted", submitted_by: webPeople.englishCreditor.civilId });
    await titles.goto(`${world.baseUrl}/app/titles`);
    await titles.waitForSelector('#submissions li[data-status="submitted"]');
  } finally {
    await debtor.close();
    await judge.close();
    await creditor.close();
  }
});
