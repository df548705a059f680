/**
 * The travel ban before suit in the web app (Art. 297, rule version kw-2025.5): on a 360 px
 * phone, in Arabic (right to left) and in English, a creditor with no title opens a file on
 * a provisional estimate from the files page — a wrong civil ID is refused on the page — and
 * lands in the request flow, which offers only the ban before suit on that file and says in
 * the review that it lapses unless the suit is proven filed; the file's page says it has no
 * title yet. Every step fits the phone's width. Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { settled } from "./web-pages.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld({ files: 2 });
  // Requests from 11 December 2026 are judged by kw-2025.5, which allows a ban before suit without a title.
  const clock = world.exchange.world.clock;
  clock.advance(Date.parse("2026-12-13T06:00:00Z") - clock.now().getTime());
});
after(() => world?.close());

/** No serious or critical accessibility violation (axe-core, WCAG 2.1 A and AA), as web-accessibility.test.ts scans every page. */
const accessible = async (page: import("playwright-core").Page, name: string) => {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  assert.deepEqual(serious.map((violation) => `${name}: ${violation.id} ${violation.help}`), []);
};

const fits = async (page: import("playwright-core").Page, selectors: string[]) => {
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && box.x >= -0.5 && box.x + box.width <= 360.5, `${selector} fits 360 px (${JSON.stringify(box)})`);
  }
};

for (const lang of ["ar", "en"] as const) {
  test(`a creditor opens a file before suit on an estimate and petitions only the ban on it, at 360 px (${lang})`, { skip: skipWithoutChromium }, async () => {
    const creditor = lang === "ar" ? webPeople.creditor : webPeople.englishCreditor;
    const browser = await launchBrowser({ width: 360, height: 740 });
    try {
      await chooseLanguage(browser.context, world, lang);
      await signInDirectly(browser.context, world, creditor.civilId);
      const page = await browser.context.newPage();
      await page.goto(`${world.baseUrl}/app/files`);
      await settled(page, "#ban-before-suit-link");
      await page.click("#ban-before-suit-link");
      await settled(page, "#ban-before-suit");
      assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
      assert.match((await page.locator("#bbs-conditions").textContent()) ?? "", lang === "ar" ? /7 أيام/ : /7 days/);
      await fits(page, ["body", "#ban-before-suit"]);

      // A wrong civil ID is refused on the page, nothing sent.
      await page.fill("#bbs-debtor", "123");
      await page.fill("#bbs-estimate", "2500");
      await page.click("#bbs-open");
      await settled(page, "#bbs-debtor-error");
      assert.equal(await page.getAttribute("#bbs-debtor", "aria-invalid"), "true");
      await accessible(page, "ban-before-suit with an error");

      await page.fill("#bbs-debtor", webPeople.thirdDebtor.civilId);
      await page.click("#bbs-open");
      await page.waitForURL(/\/app\/files\/[0-9a-f-]+\/request$/);
      await settled(page, "#before-suit-note");
      assert.ok(await page.locator("#notice").isVisible());
      // Only the ban before suit is offered on a file with no title.
      assert.equal(await page.locator('input[name="kind"]').count(), 1);
      assert.equal(await page.locator('input[name="kind"]').getAttribute("value"), "travel_ban");
      await fits(page, ["body", "#before-suit-note", ".step-form"]);
      await page.click("#step-next");
      await page.click("#step-next");
      await page.fill("#evidence-debt", lang === "ar" ? "عقد قرض موقع وشيك مرتجع" : "A signed loan contract and a bounced cheque");
      await page.fill("#evidence-flight", lang === "ar" ? "حجز تذكرة سفر ذهاب فقط" : "A one-way ticket booked");
      await page.fill("#evidence-ability", lang === "ar" ? "راتب شهري ثابت" : "A steady monthly salary");
      await page.click("#step-next");
      await settled(page, "#review-before-suit");
      assert.match((await page.locator("#review-before-suit").textContent()) ?? "", lang === "ar" ? /المادة 298/ : /Art\. 298\(e\)/);
      await fits(page, ["body", ".step-form"]);
      await accessible(page, "the review of a ban before suit");
      await page.screenshot({ path: `${process.env.RULES_SCREENSHOT_DIR ?? "/tmp"}/ban-before-suit-${lang}-360.png`, fullPage: true });

      const fileId = /\/files\/([0-9a-f-]+)\/request/.exec(page.url())![1]!;
      const file = await world.exchange.database.db.selectFrom("enforcement_files").select(["basis", "claim_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
      assert.deepEqual(file, { basis: "ban_before_suit", claim_total: 2_500_000n });
      // The file's page says it has no title yet, and why.
      await page.goto(`${world.baseUrl}/app/files/${fileId}`);
      await settled(page, "#no-title");
      assert.match((await page.locator("#no-title").textContent()) ?? "", lang === "ar" ? /المادة 297/ : /Art\. 297/);
      await fits(page, ["body", "#no-title"]);
    } finally {
      await browser.close();
    }
  });
}
