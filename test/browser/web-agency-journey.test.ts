/**
 * The agency portal in a real browser against the real exchange, in Arabic and in English:
 * the officer of a bank without an integration signs in with the mobile ID and lands on the
 * orders waiting for the bank's answer, opens the attachment order, acknowledges it,
 * declares the account and the amount frozen (a mistyped IBAN and another bank's account
 * are refused, in the interface's language), and the hub applies it as it would the bank's
 * machine: the order is executed and the measure in force. When the creditor waives the
 * measure, the lift order arrives and the officer confirms the lift.
 * Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { makeIban } from "../../src/domain/identifiers/index.ts";
import { openApp, otherLanguageText, signIn } from "./journey-support.ts";
import { launchBrowser, PORTAL_BANK, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

const declared = { ar: { typed: "750.5", fils: 750_500n }, en: { typed: "612.250", fils: 612_250n } };

for (const lang of ["ar", "en"] as const) {
  test(`a bank officer declares through the agency portal and confirms the lift (${lang})`, { skip: skipWithoutChromium }, async () => {
    const browser = await launchBrowser();
    const { fileId, procedureId, orderId, iban, debtor } = world.portalFile[lang];
    const db = world.exchange.database.db;
    const order = () => db.selectFrom("agency_orders").select(["status", "amount_held", "frozen_declared"]).where("id", "=", orderId).executeTakeFirstOrThrow();
    try {
      const portal = await browser.context.newPage();
      const phone = await browser.context.newPage();
      await openApp(world, portal, lang);
      // An agency officer lands on the orders waiting for the bank's answer.
      await signIn(world, portal, phone, webPeople.bankOfficer.civilId, lang, /\/app\/agency$/);
      await portal.waitForSelector("#agency-orders");
      assert.equal(await portal.getAttribute("#view-awaiting", "aria-current"), "page");
      const row = portal.locator(`#agency-orders tr[data-order-id="${orderId}"]`);
      await row.waitFor();
      assert.ok(((await row.textContent()) ?? "").includes(debtor), "the debtor's full civil ID, to find the accounts");
      assert.deepEqual(await otherLanguageText(portal), [], "the orders are in one language");
      await row.locator(".order-link").click();
      await portal.waitForSelector("#answer-declare");
      assert.deepEqual(await otherLanguageText(portal), [], "the order is in one language");

      // Acknowledge: the order is acknowledged, exactly as the bank's machine would say it.
      await portal.click("#answer-acknowledgement");
      await portal.waitForSelector('#answer-result[data-outcome="applied"]');
      await portal.waitForSelector('.agency-order-page[data-order-status="acknowledged"]');

      // A mistyped IBAN is refused in the page; another bank's account by the API (nothing written).
      await portal.fill("#declare-iban-0", "KW00 1234");
      await portal.fill("#declare-frozen-0", declared[lang].typed);
      await portal.click("#declare-submit");
      await portal.waitForSelector("#answer-declare .error-text");
      assert.equal(await portal.getAttribute("#declare-iban-0", "aria-invalid"), "true");
      await portal.fill("#declare-iban-0", makeIban("NBOK", "0000000000000000417001"));
      await portal.click("#declare-submit");
      const refused = portal.locator('#answer-declare [data-code="IBAN_NOT_OF_AGENCY"]');
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? "", lang === "ar" ? /[\u0600-\u06FF]/ : /[A-Za-z]/, "the API's message in the interface's language");
      assert.equal((await order()).status, "acknowledged");

      // The bank's own account: declared, applied, executed; the measure is in force.
      await portal.fill("#declare-iban-0", iban);
      await portal.click("#declare-submit");
      await portal.waitForSelector('#answer-result[data-outcome="applied"]');
      await portal.waitForSelector('.agency-order-page[data-order-status="executed"]');
      await portal.waitForSelector(`#declared-accounts li:has-text("${iban}")`);
      const executed = await order();
      assert.deepEqual([executed.status, executed.frozen_declared, executed.amount_held], ["executed", declared[lang].fils, declared[lang].fils]);
      await world.exchange.settle();
      const procedure = await db.selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow();
      assert.equal(procedure.status, "in_force");
      // In the file's action log the bank's answer names the officer, by the portal.
      const sent = await db.selectFrom("actions").select(["actor", "actor_role", "payload"]).where("order_id", "=", orderId).where("action_kind", "=", "order.execute").executeTakeFirstOrThrow();
      assert.deepEqual([sent.actor, sent.actor_role, (sent.payload as { channel?: string }).channel], [webPeople.bankOfficer.civilId, "agency", "portal"]);

      // The creditor waives: the lift order comes to the portal; the officer confirms it.
      const creditor = lang === "ar" ? webPeople.creditor.civilId : webPeople.englishCreditor.civilId;
      await waiveProcedure(world.exchange.world.deps, await world.exchange.world.as(creditor), { fileId, procedureId, reason: "Paid outside the department" });
      await world.exchange.settle();
      await portal.waitForSelector("#answer-lift-confirmation");
      await portal.click("#answer-lift-confirmation");
      await portal.waitForSelector('.agency-order-page[data-order-status="lifted"]');
      await world.exchange.settle();
      assert.equal((await order()).status, "lifted");
      assert.equal((await db.selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status, "lifted");
      assert.ok((await portal.locator('#order-messages tr[data-type="lift.confirmation"][data-direction="in"]').count()) === 1, "the confirmation among the messages exchanged");
      assert.deepEqual(await otherLanguageText(portal), [], "the lifted order is in one language");
      assert.equal(PORTAL_BANK, "WRBA");
    } finally {
      await browser.close();
    }
  });
}
