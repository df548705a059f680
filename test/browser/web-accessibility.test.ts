/**
 * An accessibility scan (axe-core, WCAG 2.1 A and AA rules) of every page of the web
 * application — public, creditor, debtor, back office, agency portal — each as the person
 * it is for, settled (not loading), in Arabic and in English at desktop width and in
 * Arabic at phone width: no serious or critical violation.
 * Skipped, saying so, only where /usr/bin/chromium is absent (.ci/run installs it).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { webPages } from "./web-pages.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld({ files: 22 });
});
after(() => world?.close());

const runs = [
  { lang: "ar", width: "desktop", viewport: { width: 1280, height: 900 } },
  { lang: "en", width: "desktop", viewport: { width: 1280, height: 900 } },
  { lang: "ar", width: "phone", viewport: { width: 360, height: 740 } },
] as const;

for (const run of runs) {
  test(`no serious or critical accessibility violation on any page (${run.lang}, ${run.width})`, { skip: skipWithoutChromium }, async () => {
    const browser = await launchBrowser(run.viewport);
    const problems: string[] = [];
    let scanned = 0;
    try {
      await chooseLanguage(browser.context, world, run.lang);
      for (const webPage of webPages) {
        await browser.context.clearCookies({ name: "tanfeeth_session" });
        if (webPage.as) await signInDirectly(browser.context, world, webPeople[webPage.as].civilId);
        const page = await browser.context.newPage();
        await webPage.open(page, world);
        assert.equal(await page.getAttribute("html", "lang"), run.lang, `${webPage.name} is in the language chosen`);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        assert.ok(results.passes.length >= 10, `${webPage.name}: axe ran its rules (${results.passes.length} passed)`);
        scanned++;
        for (const violation of results.violations) {
          if (violation.impact === "serious" || violation.impact === "critical") {
            problems.push(`${webPage.name}: ${violation.id} (${violation.impact}) ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 5).join(", ")}`);
          }
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
    assert.equal(scanned, webPages.length, "every page was scanned");
    assert.deepEqual(problems, []);
  });
}
