/**
 * The rest of the work the pages do, end to end in a real browser against the real
 * exchange: the debtor proposes instalments and disputes the enforcement (in Arabic);
 * the creditor agrees to the plan on the file page; a clerk verifies a document shown in
 * the viewer, opens a file from a title submitted online and posts a dispute's bond; the
 * judge orders the plan and suspends enforcement (in English); an auditor finds it all in
 * the action log. Each act is checked where it lands: the API's records.
 * Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { otherLanguageText } from "./journey-support.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebBrowser, type WebPerson, type WebWorld } from "./web-world.ts";

let world: WebWorld;
let browser: WebBrowser;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(async () => {
  await browser?.close();
  await world?.close();
});

const db = () => world.exchange.database.db;

async function as(person: WebPerson, lang: "ar" | "en"): Promise<Page> {
  await browser?.close();
  browser = await launchBrowser();
  await chooseLanguage(browser.context, world, lang);
  await signInDirectly(browser.context, world, webPeople[person].civilId);
  return browser.context.newPage();
}

test("the debtor proposes instalments and disputes the enforcement (ar)", { skip: skipWithoutChromium }, async () => {
  const page = await as("payingDebtor", "ar");
  const fileId = world.payingFile.ar;
  await page.goto(`${world.baseUrl}/app/debts/${fileId}`);
  await page.click("#propose-plan");
  await page.waitForSelector("#plan-submit");
  await page.fill("#plan-count", "4");
  await page.click("#plan-draft");
  assert.equal(await page.locator("#instalment-amount-3").inputValue(), "540.000", "2,160 in four exact instalments");
  await page.locator('input[type="checkbox"]').first().check();
  await page.fill("#plan-note", "أقترح أربعة أقساط شهرية.");
  assert.deepEqual(await otherLanguageText(page), [], "the proposal is in one language");
  await page.click("#plan-submit");
  await page.waitForSelector("#notice");
  const plan = await db().selectFrom("instalment_plans").select(["id", "status", "total"]).where("file_id", "=", fileId).executeTakeFirstOrThrow();
  assert.deepEqual([plan.status, plan.total], ["proposed", 2_160_000n]);

  await page.click("#file-dispute");
  await page.waitForSelector("#dispute-submit");
  await page.click("#dispute-submit");
  await page.waitForSelector("#dispute-grounds-error");
  await page.fill("#dispute-grounds", "الحجز على المركبة يتجاوز ما يلزم للوفاء بالدين.");
  await page.fill("#dispute-reference", "DEP-7781");
  await page.click("#dispute-submit");
  await page.waitForSelector("#notice");
  assert.match((await page.textContent("#notice")) ?? "", /216\.000 د\.ك/, "the bond the rules set: 10% of what is outstanding");
  const dispute = await db().selectFrom("disputes").select(["status", "bond_status", "bond_reference"]).where("file_id", "=", fileId).executeTakeFirstOrThrow();
  assert.deepEqual([dispute.status, dispute.bond_status, dispute.bond_reference], ["filed", "declared", "DEP-7781"]);
});

test("the creditor agrees to the plan on the file page (ar)", { skip: skipWithoutChromium }, async () => {
  const page = await as("creditor", "ar");
  await page.goto(`${world.baseUrl}/app/files/${world.payingFile.ar}`);
  const form = page.locator(".plan-answer");
  await form.waitFor();
  await form.locator("button").click();
  await form.waitFor({ state: "detached" });
  const plan = await db().selectFrom("instalment_plans").select("status").where("file_id", "=", world.payingFile.ar).executeTakeFirstOrThrow();
  assert.equal(plan.status, "agreed", "a travel ban is in force: a judge orders it");
});

test("a clerk verifies a document in the viewer, opens a submitted title and posts a bond (en)", { skip: skipWithoutChromium }, async () => {
  const page = await as("clerk", "en");
  await page.goto(`${world.baseUrl}/app/back-office?queue=clerk`);
  await page.locator('#queue tr[data-item-kind="verify_document"] .open-item').click();
  await page.waitForSelector('#document-viewer[data-media-type="application/pdf"] iframe');
  await page.check('input[name="document-decision-decision"][value="verify"]');
  await page.click("#document-decision-submit");
  await page.waitForSelector("#notice");
  const verified = await db().selectFrom("document_verifications").select("status").where("document_id", "=", world.evidenceDocument).executeTakeFirstOrThrow();
  assert.equal(verified.status, "verified");

  await page.locator('#queue tr[data-item-kind="open_file_from_title"] .open-item').click();
  await page.waitForSelector("#copy-viewer iframe");
  await page.click("#title-decision-submit");
  await page.waitForURL(/\/app\/files\/[0-9a-f-]+$/);
  await page.waitForSelector("#notice");
  const submission = await db().selectFrom("title_submissions").select(["status", "file_id"]).where("id", "=", world.titleSubmission).executeTakeFirstOrThrow();
  assert.equal(submission.status, "opened");
  assert.ok(page.url().endsWith(submission.file_id!));

  const dispute = await db().selectFrom("disputes").select("id").where("file_id", "=", world.payingFile.ar).executeTakeFirstOrThrow();
  await page.goto(`${world.baseUrl}/app/back-office/files/${world.payingFile.ar}/disputes/${dispute.id}`);
  await page.waitForSelector("#bond-verification");
  await page.fill("#bond-amount", "216.000");
  await page.click("#bond-verification-submit");
  await page.waitForSelector('[data-dispute-id] .badge.bond-posted');
  assert.deepEqual(await otherLanguageText(page), [], "the dispute is in one language");
});

test("the judge orders the plan and suspends enforcement (en); an auditor finds it in the log", { skip: skipWithoutChromium }, async () => {
  const page = await as("judge", "en");
  await page.goto(`${world.baseUrl}/app/back-office?queue=judge&itemKind=instalment_plan`);
  await page.locator(`#queue tr[data-item-kind="instalment_plan"]`, { hasText: await fileNumber(world.payingFile.ar) }).locator(".open-item").click();
  await page.waitForSelector("#plan-decision");
  await page.fill("#plan-decision-reasons", "The schedule is reasonable and the creditor agreed.");
  await page.click("#plan-decision-submit");
  await page.waitForSelector("#notice");
  const plan = await db().selectFrom("instalment_plans").select("status").where("file_id", "=", world.payingFile.ar).executeTakeFirstOrThrow();
  assert.equal(plan.status, "in_force");

  const dispute = await db().selectFrom("disputes").select("id").where("file_id", "=", world.payingFile.ar).executeTakeFirstOrThrow();
  await page.goto(`${world.baseUrl}/app/back-office/files/${world.payingFile.ar}/disputes/${dispute.id}`);
  await page.check('input[name="dispute-decision-decision"][value="suspend"]');
  await page.fill("#dispute-decision-reasons", "The bond is posted; enforcement is suspended until the ruling.");
  await page.click("#dispute-decision-submit");
  await page.waitForSelector("#notice");
  assert.equal((await db().selectFrom("disputes").select("status").where("id", "=", dispute.id).executeTakeFirstOrThrow()).status, "suspended");

  const auditor = await as("auditor", "en");
  await auditor.goto(`${world.baseUrl}/app/back-office/audit`);
  await auditor.fill("#audit-file", await fileNumber(world.payingFile.ar));
  await auditor.fill("#audit-kind", "dispute.");
  await auditor.click("#audit-search");
  await auditor.waitForSelector("#audit-results");
  const kinds = await auditor.locator("#audit-results tr[data-kind]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-kind")));
  // Newest first: the judge's suspension, the clerk's posting of the bond, the declaration and the filing.
  assert.deepEqual(kinds, ["dispute.suspend", "dispute.bond_post", "dispute.bond_declare", "dispute.file"]);
  assert.deepEqual(await otherLanguageText(auditor), [], "the audit search is in one language");
});

async function fileNumber(fileId: string): Promise<string> {
  return (await db().selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirstOrThrow()).number;
}
