/**
 * The back office's rules page (issue 15, law and policy apart): on a 360 px phone, in
 * Arabic (right to left) and in English, every rule of the version in force is listed with
 * its source — law, ministerial resolution or department policy — its confidence and the
 * date it has held since, and the counts by source add up to the rules listed; the page
 * fits the phone's width. Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ruleCatalogue, ruleVersionFor } from "../../src/domain/rules/index.ts";
import { settled } from "./web-pages.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld({ files: 4 });
});
after(() => world?.close());

for (const lang of ["ar", "en"] as const) {
  test(`the rules page lists every rule with its source, confidence and date, and fits 360 px (${lang})`, { skip: skipWithoutChromium }, async () => {
    const deps = world.exchange.world.deps;
    const expected = ruleCatalogue(deps.rules, ruleVersionFor(deps.rules, deps.clock.now()));
    const browser = await launchBrowser({ width: 360, height: 740 });
    try {
      await chooseLanguage(browser.context, world, lang);
      await signInDirectly(browser.context, world, webPeople.clerk.civilId);
      const page = await browser.context.newPage();
      await page.goto(`${world.baseUrl}/app/back-office/rules`);
      await settled(page, "#rules");
      assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
      assert.equal(await page.locator("#rules tbody tr").count(), expected.entries.length);
      assert.equal((await page.locator("#rules-count").textContent())?.trim(), String(expected.entries.length));
      for (const kind of ["law", "resolution", "policy"] as const) {
        assert.equal((await page.locator(`#rules-count-${kind}`).textContent())?.trim(), String(expected.countsBySource[kind]));
        assert.equal(await page.locator(`#rules tbody tr[data-kind="${kind}"]`).count(), expected.countsBySource[kind]);
      }
      const ban = page.locator('#rules tbody tr[data-path="decidedBy.travel_ban"]');
      assert.match((await ban.textContent()) ?? "", lang === "ar" ? /القانون/ : /Law/);
      assert.match((await ban.textContent()) ?? "", /Art\. 297/);
      const policy = page.locator('#rules tbody tr[data-path="deadlines.agencyAnswerDays"]');
      assert.match((await policy.textContent()) ?? "", lang === "ar" ? /سياسة الإدارة/ : /Department policy/);
      // Only department policy, by the source filter.
      await page.selectOption("#rules-source", "policy");
      await page.click("#rules-show");
      await page.waitForURL(/source=policy/);
      // The URL changes before the table is fetched again: wait until only policy rows remain.
      await page.waitForSelector('#rules tbody tr:not([data-kind="policy"])', { state: "detached" });
      assert.equal(await page.locator("#rules tbody tr").count(), expected.countsBySource.policy);
      // Fits the phone: nothing wider than the 360 px viewport.
      for (const selector of ["body", "#rules", ".filters"]) {
        const box = await page.locator(selector).first().boundingBox();
        assert.ok(box && box.x >= -0.5 && box.x + box.width <= 360.5, `${selector} fits 360 px (${JSON.stringify(box)})`);
      }
      await page.screenshot({ path: `${process.env.RULES_SCREENSHOT_DIR ?? "/tmp"}/rules-${lang}-360.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });
}
