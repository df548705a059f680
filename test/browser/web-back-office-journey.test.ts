/**
 * The judge's journey in a real browser against the real exchange, in Arabic and in
 * English: sign in with the mobile ID and land on the review queues, filter the judges'
 * queue to travel bans, take the petition (assign it to me), read the creditor's three
 * reasons and the automatic checks, try to decide without reasons (refused in the page),
 * grant with reasons; the ports register the ban (the stand-in over HTTP) and the file
 * shows it in force. Each page is checked for words of the other language.
 * Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, otherLanguageText, signIn } from "./journey-support.ts";
import { launchBrowser, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

const reasons = {
  ar: "ثبت الدين بحكم نهائي، وقدّم الدائن ما يدل على جدية خشية فرار المدين وعلى قدرته على الوفاء (المادة 297).",
  en: "The debt is certain and due under a final judgment; the creditor showed serious grounds to fear flight and the debtor's ability to pay (Art. 297).",
};

for (const lang of ["ar", "en"] as const) {
  test(`a judge takes a travel-ban petition from the queue and grants it with reasons (${lang})`, { skip: skipWithoutChromium }, async () => {
    const browser = await launchBrowser();
    const { fileId, procedureId, debtor } = world.banFile[lang];
    const { number } = await world.exchange.database.db.selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirstOrThrow();
    try {
      const portal = await browser.context.newPage();
      const phone = await browser.context.newPage();
      await openApp(world, portal, lang);
      // A judge lands on the review queues.
      await signIn(world, portal, phone, webPeople.judge.civilId, lang, /\/app\/back-office$/);
      await portal.waitForSelector("#queue");
      assert.equal(await portal.getAttribute("#queue-judge", "aria-current"), "page", "the judges' queue first");
      await portal.selectOption("#queue-measure", "travel_ban");
      await portal.click("#queue-apply");
      await portal.waitForURL(/procedureKind=travel_ban/);
      await portal.waitForSelector('#queue tr[data-item-id]:not([data-procedure-kind="travel_ban"])', { state: "detached" });
      const row = portal.locator("#queue tr[data-item-id]", { hasText: number });
      await row.waitFor();
      assert.deepEqual(await otherLanguageText(portal), [], "the queue is in one language");

      // Take it, then open it.
      await row.locator(".assign-me").click();
      await row.locator(".assign-me").waitFor({ state: "detached" });
      await row.locator(".open-item").click();
      await portal.waitForURL(new RegExp(`/app/back-office/files/${fileId}/procedures/${procedureId}$`));
      await portal.waitForSelector("#procedure-decision");
      assert.match((await portal.textContent(".evidence-text")) ?? "", /حكم نهائي/, "the creditor's reasons, as written");
      assert.ok((await portal.locator(".checks-list .check-refer").count()) >= 1, "why the checks referred it to a judge");
      assert.deepEqual(await otherLanguageText(portal), [], "the petition is in one language");

      // Without reasons the decision is refused in the page, and nothing is sent.
      await portal.click("#procedure-decision-submit");
      await portal.waitForSelector("#procedure-decision-problem");
      assert.equal(await portal.getAttribute("#procedure-decision-reasons", "aria-invalid"), "true");
      assert.equal(await portal.evaluate("document.activeElement.id"), "procedure-decision-reasons", "focus on the field to fill");
      await portal.check('input[name="procedure-decision-decision"][value="grant"]');
      await portal.fill("#procedure-decision-reasons", reasons[lang]);
      await portal.click("#procedure-decision-submit");

      // Back at the queue: recorded, and the petition is no longer waiting.
      await portal.waitForSelector("#notice");
      await portal.waitForSelector(`#queue tr[data-item-id]:has-text("${number}")`, { state: "detached" });
      const decided = await world.exchange.database.db.selectFrom("actions").select(["actor", "actor_role", "reason"]).where("procedure_id", "=", procedureId).where("action_kind", "=", "procedure.approve").executeTakeFirstOrThrow();
      assert.deepEqual(decided, { actor: webPeople.judge.civilId, actor_role: "judge", reason: reasons[lang] });

      // The order goes to the ports, which register the ban; the file shows it in force.
      await world.exchange.settle();
      assert.equal(world.exchange.simulators.ports.isBanned(debtor), true, "registered at the ports");
      await portal.goto(`${world.baseUrl}/app/files/${fileId}`);
      await portal.waitForSelector(`li[data-procedure-id="${procedureId}"][data-status="in_force"] tr[data-agency="ports"][data-order-status="executed"]`);
      assert.deepEqual(await otherLanguageText(portal), [], "the file is in one language");
    } finally {
      await browser.close();
    }
  });
}
