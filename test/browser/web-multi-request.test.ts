/**
 * Several requests at once, in a real browser (Debian chromium) against the real exchange,
 * the stand-in phone and the stand-in card gateway (issue 18, item 2):
 * - in Arabic on a 360 px phone, a creditor asks for three measures on one file: each row
 *   checked with its result, one signature on the phone, one payment for the three fees;
 * - in English, a lawyer asks for a bank attachment on ten mandated files at once (the files
 *   listed are those the lawyer may act on), one signature and one payment (a file no mandate
 *   covers is refused in its row: test/http/request-batches.test.ts);
 * - a file whose vehicle seizure found nothing proposes the next measures, one click into
 *   the request prefilled.
 * Skipped, saying so, only where /usr/bin/chromium is absent (.ci/run installs it).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { openFile } from "../../src/app/open-file.ts";
import { registerMandate } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { titleInput } from "../support/fixtures.ts";
import { otherLanguageText, payOnGatewayPage } from "./journey-support.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;
const KD = 1000n;
let serial = 9100;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

async function fileOf(creditor: string, debtor: string) {
  const clerk = await world.exchange.world.as(webPeople.clerk.civilId);
  return openFile(world.exchange.world.deps, clerk, {
    title: titleInput({ caseNumber: `2025/${++serial} تجاري كلي` }),
    creditors: [{ civilId: creditor }],
    debtors: [{ civilId: debtor }],
    claim: { principal: 4_000n * KD, costs: 150n * KD, fees: 10n * KD, interest: 0n },
  });
}

const fitsPhone = async (page: Page) => (await page.evaluate("document.documentElement.scrollWidth")) as number;

/** Approves the signing request on the simulated phone beside the page; then submits it. */
async function signOnPhoneBeside(page: Page) {
  await page.waitForSelector("#signing-pending");
  const summary = (await page.textContent("#signing-summary"))?.trim();
  const signing = page.locator('.phone-beside .phone-request[data-kind="signing"]');
  await signing.waitFor();
  assert.equal((await signing.locator(".phone-summary").textContent())?.trim(), summary, "the phone shows what the page shows");
  await signing.locator("button.approve").click();
  await page.waitForSelector("#signing-approved");
  await page.click("#submit-signed");
  await page.waitForSelector("#batch-submitted");
  return summary ?? "";
}

async function feesOf(procedureIds: string[]) {
  return world.exchange.database.db.selectFrom("procedure_fees").select(["status", "payment_id"]).where("procedure_id", "in", procedureIds).execute();
}

test("a creditor asks for three measures on one file with one signature and one payment (Arabic, 360 px)", { skip: skipWithoutChromium }, async () => {
  const file = await fileOf(webPeople.creditor.civilId, webPeople.thirdDebtor.civilId);
  const browser = await launchBrowser({ width: 360, height: 780 });
  try {
    await chooseLanguage(browser.context, world, "ar");
    await signInDirectly(browser.context, world, webPeople.creditor.civilId);
    const page = await browser.context.newPage();
    await page.goto(`${world.baseUrl}/app/files/${file.id}`);
    await page.click("#request-several");
    await page.waitForSelector("#batch-check");
    assert.equal(await page.isChecked('input[name="kind"][value="bank_attachment"]'), true);
    await page.check('input[name="kind"][value="vehicle_seizure"]');
    await page.check('input[name="kind"][value="travel_ban"]');
    await page.fill("#batch-evidence-debt", "حكم نهائي مذيّل بالصيغة التنفيذية ومعلن للمدين.");
    await page.fill("#batch-evidence-flight", "للمدين إقامة في الخارج وحجز سفر ذهاب فقط.");
    await page.fill("#batch-evidence-ability", "راتب شهري ثابت وحسابات باسمه.");
    assert.ok((await fitsPhone(page)) <= 360, "the measures fit the phone");
    await page.click("#batch-check");

    // Each row checked against the rules, nothing written yet: two go at once, the ban to a judge.
    await page.waitForSelector("#batch-rows");
    const rows = await page.locator("#batch-rows tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-ok")));
    assert.deepEqual(rows, ["true", "true", "true"]);
    assert.equal(await page.locator("#batch-rows .result-refer").count(), 1, "the travel ban goes to a judge");
    assert.match((await page.textContent("#batch-total")) ?? "", /30\.000 د\.ك/);
    assert.equal((await world.exchange.database.db.selectFrom("procedures").select("id").where("file_id", "=", file.id).execute()).length, 0, "checking wrote nothing");
    assert.deepEqual(await otherLanguageText(page), [], "the check is in one language");
    assert.ok((await fitsPhone(page)) <= 360, "the rows fit the phone");

    // One signature for the three.
    await page.click("#batch-sign");
    const summary = await signOnPhoneBeside(page);
    assert.match(summary, /3 طلبات/);
    assert.ok(summary.includes(file.number), "the summary names the file, in its own order");
    const procedures = await world.exchange.database.db.selectFrom("procedures").select(["id", "procedure_kind"]).where("file_id", "=", file.id).execute();
    assert.deepEqual(procedures.map((procedure) => procedure.procedure_kind).sort(), ["bank_attachment", "travel_ban", "vehicle_seizure"]);

    // One payment for the three fees.
    assert.match((await page.textContent("#fee-amount")) ?? "", /30\.000 د\.ك/);
    assert.ok((await fitsPhone(page)) <= 360, "the fee step fits the phone");
    await page.click("#pay-all-fees");
    const shown = await payOnGatewayPage(world, page);
    assert.match(shown, /30\.000/);
    await page.waitForURL(/\/app\/payments\//);
    await page.waitForSelector('#payment-status[data-status="captured"]');
    const fees = await feesOf(procedures.map((procedure) => procedure.id));
    assert.equal(fees.length, 3);
    assert.ok(fees.every((fee) => fee.status === "paid" && fee.payment_id === fees[0]!.payment_id), "one payment paid the three fees");
    assert.deepEqual(await otherLanguageText(page), [], "the payment's page is in one language");
  } finally {
    await browser.close();
  }
});

test("a lawyer asks for a bank attachment on ten mandated files at once (English)", { skip: skipWithoutChromium }, async () => {
  // Maryam acts as the lawyer of Abdullah (a mandate for all his files); a file of another creditor is not hers to act on.
  const lawyer = webPeople.englishCreditor.civilId;
  const now = world.exchange.world.clock.now().getTime();
  await registerMandate(world.exchange.world.deps, { subject: systemSubject, correlationId: "web-multi-request" }, {
    lawyerCivilId: lawyer,
    principal: { civilId: webPeople.creditor.civilId },
    fileId: null,
    scopes: ["view", "request", "waive"],
    validFrom: new Date(now - 86_400_000),
    validUntil: new Date(now + 365 * 86_400_000),
  });
  const mandated = [];
  for (let n = 0; n < 10; n++) mandated.push(await fileOf(webPeople.creditor.civilId, n % 2 === 0 ? webPeople.debtor.civilId : webPeople.otherDebtor.civilId));

  const browser = await launchBrowser();
  try {
    await chooseLanguage(browser.context, world, "en");
    await signInDirectly(browser.context, world, lawyer);
    const page = await browser.context.newPage();
    await page.goto(`${world.baseUrl}/app/files`);
    await page.click("#request-batch");
    await page.waitForSelector(".batch-files");
    for (const file of mandated) await page.check(`.batch-files [data-file-id="${file.id}"] input`);
    await page.click("#batch-next");
    await page.waitForSelector("#batch-check");
    assert.equal(await page.isChecked('input[name="kind"][value="bank_attachment"]'), true);
    await page.click("#batch-check");
    await page.waitForSelector("#batch-rows");
    assert.equal(await page.locator('#batch-rows tbody tr[data-ok="true"]').count(), 10);
    assert.match((await page.textContent("#batch-total")) ?? "", /KWD 100\.000/);
    assert.deepEqual(await otherLanguageText(page), [], "the check is in one language");

    await page.click("#batch-sign");
    const summary = await signOnPhoneBeside(page);
    assert.match(summary, /Submit 10 enforcement requests with one signature/);
    for (const file of mandated) assert.ok(summary.includes(file.number), `the phone names ${file.number}`);
    const procedures = await world.exchange.database.db
      .selectFrom("procedures")
      .select(["id", "file_id", "procedure_kind"])
      .where("file_id", "in", mandated.map((file) => file.id))
      .execute();
    assert.equal(procedures.length, 10);
    assert.ok(procedures.every((procedure) => procedure.procedure_kind === "bank_attachment"));
    const actors = await world.exchange.database.db.selectFrom("actions").select(["actor", "actor_role"]).where("action_kind", "=", "procedure.request").where("procedure_id", "in", procedures.map((procedure) => procedure.id)).execute();
    assert.ok(actors.every((actor) => actor.actor === lawyer && actor.actor_role === "lawyer"), "requested by the lawyer, as lawyer");

    assert.match((await page.textContent("#fee-amount")) ?? "", /KWD 100\.000/);
    await page.click("#pay-all-fees");
    await payOnGatewayPage(world, page);
    await page.waitForURL(/\/app\/payments\//);
    await page.waitForSelector('#payment-status[data-status="captured"]');
    const fees = await feesOf(procedures.map((procedure) => procedure.id));
    assert.ok(fees.length === 10 && fees.every((fee) => fee.status === "paid" && fee.payment_id === fees[0]!.payment_id), "one payment paid the ten fees");
  } finally {
    await browser.close();
  }
});

test("after a measure found nothing, the file proposes the next measures, one click into the request (English)", { skip: skipWithoutChromium }, async () => {
  const browser = await launchBrowser();
  try {
    await chooseLanguage(browser.context, world, "en");
    await signInDirectly(browser.context, world, webPeople.creditor.civilId);
    const page = await browser.context.newPage();
    await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}`);
    await page.waitForSelector("#next-measures");
    const proposed = await page.locator("#next-measures li[data-kind]").evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    assert.ok(proposed.includes("bank_attachment"), JSON.stringify(proposed));
    assert.deepEqual(await otherLanguageText(page), [], "the file is in one language");
    await page.locator('#next-measures li[data-kind="bank_attachment"] .next-measure-link').click();
    await page.waitForSelector("#batch-check");
    assert.equal(await page.isChecked('input[name="kind"][value="bank_attachment"]'), true);
    assert.equal(await page.isChecked('input[name="kind"][value="vehicle_seizure"]'), false);
    await page.click("#batch-check");
    await page.waitForSelector("#batch-rows");
    assert.equal(await page.locator("#batch-rows tbody tr").count(), 1, "the debtor the proposal was for, the measure chosen");
  } finally {
    await browser.close();
  }
});
