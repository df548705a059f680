/**
 * The debtor's journey in a real browser against the real exchange and the stand-in card
 * gateway, in Arabic and in English: sign in with the mobile ID, see what is held against
 * me and where (funds bank by bank, the car flagged by traffic, the travel ban at the
 * ports) and why, pay everything on the gateway's hosted page, come back to the result,
 * and watch every measure lifted as each agency confirms; the release certificate is then
 * there to download, and the notices received are listed. Each page is checked for words
 * of the other language. Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { openApp, otherLanguageText, payOnGatewayPage, signIn } from "./journey-support.ts";
import { launchBrowser, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

const run = promisify(execFile);

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
});
after(() => world?.close());

const expected = {
  // The banks together hold what is owed, never more (the cap), whichever froze first.
  ar: { person: webPeople.payingDebtor, owed: /2,160\.000 د\.ك/, court: /المحكمة الكلية/, plate: "45/12345", bankHeld: /^2,160\.000 د\.ك$/ },
  en: { person: webPeople.englishPayingDebtor, owed: /KWD 1,660\.000/, court: /المحكمة الكلية/, plate: "12/40711", bankHeld: /^KWD 1,660\.000$/ },
} as const;

for (const lang of ["ar", "en"] as const) {
  test(`a debtor sees what is held where, pays online and sees everything lifted (${lang})`, { skip: skipWithoutChromium }, async () => {
    const browser = await launchBrowser();
    const { person, owed, court, plate, bankHeld } = expected[lang];
    const fileId = world.payingFile[lang];
    try {
      const portal = await browser.context.newPage();
      const phone = await browser.context.newPage();
      await openApp(world, portal, lang);
      await signIn(world, portal, phone, person.civilId, lang, /\/app\/debts$/); // a debtor lands on What I owe (issue 18)
      await portal.click("#nav-debts");

      // What is held against me, where: every holding of the file, in one language.
      const card = portal.locator(`li.debt[data-file-id="${fileId}"]`);
      await card.waitFor();
      assert.match((await card.locator(".debt-outstanding").textContent()) ?? "", owed);
      const holdings = await card.locator("tr[data-holding]").evaluateAll((rows) => rows.map((row) => `${row.getAttribute("data-holding")}@${row.getAttribute("data-agency")}:${row.getAttribute("data-state")}`));
      assert.deepEqual(holdings.filter((entry) => !entry.startsWith("bank_funds")).sort(), ["travel_ban@ports:in_force", "vehicle@traffic:in_force"]);
      assert.ok(holdings.filter((entry) => entry.startsWith("bank_funds")).length >= 1, JSON.stringify(holdings));
      assert.match((await card.locator(".debt-held").textContent())?.trim() ?? "", bankHeld, "what the banks froze, in KWD with three decimals");
      assert.match((await card.locator('tr[data-holding="bank_funds"]').first().textContent()) ?? "", lang === "ar" ? /\d\.\d{3} د\.ك/ : /KWD \d[\d,]*\.\d{3}/, "bank by bank");
      assert.ok(((await card.textContent()) ?? "").includes(plate), "the car traffic flagged");
      assert.deepEqual(await otherLanguageText(portal), [], "what I owe is in one language");

      // The file: each measure and why (the title), then pay.
      await card.locator(".debt-link").click();
      await portal.waitForSelector("#measures");
      assert.equal(await portal.locator("#measures > li").count(), 3, "three measures against me");
      assert.match((await portal.textContent("#why-title + p + dl")) ?? "", court);
      assert.deepEqual(await otherLanguageText(portal), [], "the file is in one language");
      await portal.click("#pay");
      await portal.waitForSelector("#pay-continue");
      assert.equal(await portal.isChecked("#pay-all"), true, "everything outstanding by default");
      // Part of it, wrongly typed, is refused in the page before anything is asked.
      await portal.check("#pay-part");
      await portal.fill("#pay-amount", "99999999");
      await portal.click("#pay-continue");
      await portal.waitForSelector("#pay-amount-error");
      assert.equal(await portal.getAttribute("#pay-amount", "aria-invalid"), "true");
      await portal.check("#pay-all");
      await portal.click("#pay-continue");

      // The card network's page (another origin), then back to the result the hub recorded.
      const shown = await payOnGatewayPage(world, portal);
      assert.match(shown, lang === "ar" ? /^2,160\.000 KWD$/ : /^1,660\.000 KWD$/);
      const paidAt = performance.now();
      await portal.waitForURL(/\/app\/payments\/[0-9a-f-]+$/);
      await portal.waitForSelector('#payment-status[data-status="captured"]');
      assert.deepEqual(await otherLanguageText(portal), [], "the payment result is in one language");
      await portal.click("#payment-back");
      await portal.waitForSelector('.debt-page[data-status="satisfied"]');
      await portal.waitForSelector("#satisfied-note");

      // The agencies lift, each confirming; the page follows by itself.
      await world.exchange.settle();
      await portal.waitForSelector('#measures > li[data-status]:not([data-status="lifted"])', { state: "detached" });
      console.log(`debtor journey (${lang}): payment confirmed → every measure shown lifted in ${Math.round(performance.now() - paidAt)} ms`);
      assert.equal(world.exchange.simulators.totalFrozen(person.civilId), 0n, "every bank released the funds");
      assert.equal(world.exchange.simulators.ports.isBanned(person.civilId), false, "the ban is lifted at the ports");
      assert.equal(world.exchange.simulators.traffic.isFlagged(lang === "ar" ? "JTMHV01J604123457" : "WDB4632721X123456"), false, "the car is no longer flagged");

      // The release certificate, once every lift was confirmed: there to download, a PDF signed by the department
      // (pdfsig, as a PDF reader checks it) that names the debtor and every measure lifted (pdftotext).
      const certificate = portal.locator('#documents li[data-kind="release_certificate"] a[download]');
      await certificate.waitFor();
      const download = await portal.request.get(`${world.baseUrl}${await certificate.getAttribute("href")}`);
      assert.equal(download.status(), 200);
      assert.equal(download.headers()["content-type"], "application/pdf");
      const dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-release-"));
      try {
        const file = path.join(dir, "release.pdf");
        await writeFile(file, await download.body());
        const signature = (await run("pdfsig", [file])).stdout;
        assert.match(signature, /Signature Type: ETSI\.CAdES\.detached/);
        assert.match(signature, /Total document signed/);
        assert.match(signature, /Signature Validation: Signature is Valid\./);
        const text = (await run("pdftotext", ["-layout", file, "-"])).stdout.replace(/\s+/g, " ");
        assert.ok(text.includes(`Civil ID ${person.civilId}`), `the certificate names the debtor: ${text}`);
        for (const measure of ["Bank attachment at", "Vehicle seizure at", "Travel ban at"]) assert.ok(text.includes(measure), `${measure} … is listed as lifted`);
        assert.match(text, /lift confirmed \d{4}-\d{2}-\d{2}/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      assert.deepEqual(await otherLanguageText(portal), [], "the lifted file is in one language");

      // What I owe now: nothing held on this file; and the notices served on me.
      await portal.click("#nav-debts");
      await portal.waitForSelector(`li.debt[data-file-id="${fileId}"][data-status="satisfied"] .holdings-none`);
      await portal.click("#nav-notices");
      await portal.waitForSelector("#notices");
      assert.ok((await portal.locator("#notices > li").count()) >= 1, "the notices received are listed");
      assert.deepEqual(await otherLanguageText(portal), [], "the notices page is in one language (each notice is marked with its own)");
    } finally {
      await browser.close();
    }
  });
}
