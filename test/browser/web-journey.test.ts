/**
 * The creditor's journey in the web application, in a real browser (Debian chromium via
 * playwright-core) against the real exchange, once in Arabic and once in English: sign in
 * with the mobile ID (the simulated phone approves), open a file, request a bank
 * attachment through the guided flow, sign it on the phone, submit, pay the request's fee
 * on the stand-in card gateway's hosted page, come back to the result, and watch the banks
 * answer bank by bank (the bank without an integration waits for its officer). In English
 * the measure is then waived (signed again) and lifted.
 * Each page is also checked for words of the other language.
 * Skipped, saying so, only where /usr/bin/chromium is absent (.ci/run installs it).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { openApp, otherLanguageText, payOnGatewayPage, signIn } from "./journey-support.ts";
import { launchBrowser, PORTAL_BANK, skipWithoutChromium, startWebWorld, webPeople, type WebBrowser, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

async function requestBankAttachment(portal: Page, fileId: string, amountTyped: string, currency: RegExp, lang: "ar" | "en") {
  await portal.click(`tr[data-file-id="${fileId}"] a.file-link`);
  await portal.waitForSelector("#request-measure");
  assert.deepEqual(await otherLanguageText(portal), [], "the file page is in one language");
  await portal.click("#request-measure");
  await portal.waitForSelector(".step-form");
  assert.equal(await portal.isChecked('input[name="kind"][value="bank_attachment"]'), true);
  await portal.click("#step-next"); // the measure
  await portal.click("#step-next"); // the debtor (the file has one)
  // A wrong amount is refused in the page, in the interface's language.
  await portal.fill("#amount", "12.3456");
  await portal.click("#step-next");
  await portal.waitForSelector("#amount-error");
  assert.equal(await portal.getAttribute("#amount", "aria-invalid"), "true");
  await portal.fill("#amount", amountTyped);
  await portal.click("#step-next");
  await portal.waitForSelector("#sign-with-phone");
  const reviewed = (await portal.textContent("#review-amount")) ?? "";
  assert.match(reviewed, currency);
  await portal.click("#sign-with-phone");
  await portal.waitForSelector("#signing-pending");
  const summary = (await portal.textContent("#signing-summary"))?.trim();

  // The phone beside the request shows the same summary; approve the signature there.
  const signing = portal.locator('.phone-beside .phone-request[data-kind="signing"]');
  await signing.waitFor();
  assert.equal((await signing.locator(".phone-summary").textContent())?.trim(), summary);
  assert.match((await signing.locator(".digest code").textContent()) ?? "", /^sha256:[0-9a-f]{64}$/);
  await signing.locator("button.approve").click();
  await portal.waitForSelector("#signing-approved");
  await portal.click("#submit-signed");

  // The rules charge a fee for the request: its orders wait until it is paid on the card network's page.
  await portal.waitForSelector("#fee-title");
  assert.match((await portal.textContent("#fee-amount")) ?? "", lang === "ar" ? /10\.000 د\.ك/ : /KWD 10\.000/);
  assert.deepEqual(await otherLanguageText(portal), [], "the fee step is in one language");
  await portal.click("#pay-fee-now");
  const shown = await payOnGatewayPage(world, portal);
  assert.match(shown, /^10\.000 KWD$/, "the gateway's page shows the hub's amount");
  // Back in the app: the result the hub recorded, read from the API.
  await portal.waitForURL(/\/app\/payments\/[0-9a-f-]+$/);
  await portal.waitForSelector('#payment-status[data-status="captured"]');
  assert.equal(await portal.getAttribute("html", "lang"), lang);
  assert.deepEqual(await otherLanguageText(portal), [], "the payment result is in one language");
  await portal.click("#payment-back");
  await portal.waitForSelector('[data-kind="bank_attachment"] .fee-line[data-fee-status="paid"]');
}

async function orderStatuses(portal: Page): Promise<Record<string, string>> {
  return Object.fromEntries(
    await portal.locator('[data-kind="bank_attachment"] tr[data-agency]').evaluateAll((rows) => rows.map((row) => [row.getAttribute("data-agency")!, row.getAttribute("data-order-status")!])),
  );
}

const portalBank = `bank:${PORTAL_BANK}`;

for (const lang of ["ar", "en"] as const) {
  test(`a creditor requests a bank attachment, signs on the phone, pays the fee and watches the banks answer (${lang})`, { skip: skipWithoutChromium }, async () => {
    const started = performance.now();
    const browser: WebBrowser = await launchBrowser();
    try {
      const portal = await browser.context.newPage();
      const phone = await browser.context.newPage();
      await openApp(world, portal, lang);
      assert.equal(await portal.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
      assert.deepEqual(await otherLanguageText(portal), [], "the landing page is in one language");

      const person = lang === "ar" ? webPeople.creditor : webPeople.englishCreditor;
      const fileId = lang === "ar" ? world.freshFile.creditor : world.freshFile.englishCreditor;
      await signIn(world, portal, phone, person.civilId, lang);
      await portal.waitForSelector("#files");
      assert.match((await portal.textContent(".who")) ?? "", new RegExp(lang === "ar" ? person.nameAr : person.nameEn));
      assert.deepEqual(await otherLanguageText(portal), [], "my files are in one language");

      await requestBankAttachment(portal, fileId, "1,500.250", lang === "ar" ? /1,500\.250 د\.ك/ : /KWD 1,500\.250/, lang);
      const sent = await orderStatuses(portal);
      assert.equal(Object.keys(sent).length, 10, "one order per bank");

      // The hub sends the orders and the stand-in banks answer; the page follows by itself.
      // (The portal bank has no integration: its order waits for its officer.)
      await world.exchange.settle();
      const executed = lang === "ar" ? "bank:GULB" : "bank:NBOK";
      await portal.waitForSelector(`[data-kind="bank_attachment"] tr[data-agency="${executed}"][data-order-status="executed"]`);
      await portal.waitForSelector('[data-kind="bank_attachment"][data-status="in_force"]');
      // Every integrated bank has answered once none is left waiting.
      await portal.waitForSelector(`[data-kind="bank_attachment"] tr[data-agency]:not([data-agency="${portalBank}"]):is([data-order-status="pending"], [data-order-status="sent"], [data-order-status="acknowledged"])`, {
        state: "detached",
      });
      const answered = await orderStatuses(portal);
      assert.equal(answered[executed], "executed");
      assert.equal(answered[portalBank], "sent", "handed to the portal bank's officers");
      assert.ok(
        Object.entries(answered).every(([agency, status]) => agency === portalBank || status === "executed" || status === "nothing_found"),
        JSON.stringify(answered),
      );
      const row = portal.locator(`[data-kind="bank_attachment"] tr[data-agency="${executed}"]`);
      const rowText = (await row.textContent()) ?? "";
      if (lang === "ar") {
        assert.match(rowText, /بنك الخليج/);
        assert.match(rowText, /تم التنفيذ/);
        assert.match(rowText, /900\.000 د\.ك/, "what the bank froze, in KWD with three decimals");
        assert.match((await portal.textContent('[data-kind="bank_attachment"] .procedure-status')) ?? "", /نافذ/);
      } else {
        assert.match(rowText, /National Bank of Kuwait/);
        assert.match(rowText, /Executed/);
        assert.match(rowText, /KWD 1,500\.250/, "the bank holds up to the attachment");
        assert.match((await portal.textContent('[data-kind="bank_attachment"] .procedure-status')) ?? "", /In force/);
      }
      assert.deepEqual(await otherLanguageText(portal), [], "the banks' answers are in one language");

      if (lang === "en") {
        // Waive it: the reason, a signature on the phone, and every bank lifts.
        await portal.click('[data-kind="bank_attachment"] .waive-link');
        await portal.fill("#waive-reason", "Settled with the debtor");
        await portal.click("#waive-continue");
        const signing = portal.locator('.phone-beside .phone-request[data-kind="signing"]');
        await signing.waitFor();
        await signing.locator("button.approve").click();
        await portal.waitForSelector("#signing-approved");
        await portal.click("#submit-signed");
        await portal.waitForSelector("#notice");
        await world.exchange.settle();
        // The portal bank's officer confirms its lift (as test/browser/web-agency-journey does in the portal).
        const procedureId = await portal.getAttribute('[data-kind="bank_attachment"]', "data-procedure-id");
        const order = await world.exchange.database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", procedureId!).where("agency_key", "=", portalBank).executeTakeFirstOrThrow();
        await answerAgencyOrder(world.exchange.world.deps, await world.exchange.world.as(webPeople.bankOfficer.civilId), order.id, { kind: "confirm_lift" });
        await world.exchange.settle();
        await portal.waitForSelector('[data-kind="bank_attachment"][data-status="lifted"]');
        assert.equal((await orderStatuses(portal))["bank:NBOK"], "lifted");
        assert.equal(world.exchange.simulators.totalFrozen(webPeople.thirdDebtor.civilId), 0n, "the banks released the money");
      }
      console.log(`web journey (${lang}): ${Math.round(performance.now() - started)} ms`);
    } finally {
      await browser.close();
    }
  });
}
