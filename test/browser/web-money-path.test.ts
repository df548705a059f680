/**
 * Results on the measures' cards and the money's path in a real browser (issue 18, items 3
 * and 4), in Arabic on a 360 px phone and in English at desktop width: a vehicle seizure's
 * card shows the plates; a seizure that found nothing carries its own "nothing found" badge;
 * the bank table shows the total held against what is owed and why a bank released money;
 * after a bank's transfer shared with another creditor's file and a payout, the creditor's
 * treasury page shows every step (the other file by number, never its parties), and the
 * debtor gets a receipt PDF for a part payment. Skipped, saying so, only where
 * /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, before, test } from "node:test";
import { otherLanguageText } from "./journey-support.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;
const shots = "/tmp/tanfeeth-money-path";

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
  await mkdir(shots, { recursive: true });
});
after(() => world?.close());

const fitsPhone = async (page: import("playwright-core").Page) => (await page.evaluate("document.documentElement.scrollWidth")) as number;

for (const [lang, viewport] of [
  ["ar", { width: 360, height: 740 }],
  ["en", { width: 1280, height: 900 }],
] as const) {
  test(`results on the cards and the money's path, to the fils (${lang}, ${viewport.width} px)`, { skip: skipWithoutChromium }, async () => {
    const creditor = await launchBrowser(viewport);
    const debtor = await launchBrowser(viewport);
    try {
      await chooseLanguage(creditor.context, world, lang);
      await signInDirectly(creditor.context, world, webPeople.creditor.civilId);
      const page = await creditor.context.newPage();

      // A vehicle seizure's card: the vehicle by plate and make.
      await page.goto(`${world.baseUrl}/app/files/${world.payingFile.ar}`);
      const seizure = page.locator('li.procedure[data-kind="vehicle_seizure"]');
      await seizure.locator('[data-plate="45/12345"]').waitFor();
      assert.match((await seizure.locator(".vehicles").textContent()) ?? "", /45\/12345[\s\S]*Nissan Patrol/);
      // The ban: the judge's reasons on the card, not only in the timeline; the ports' reference.
      const ban = page.locator('li.procedure[data-kind="travel_ban"]');
      assert.match((await ban.locator(".decision-reasons").textContent()) ?? "", /للمادة 297/);
      await ban.locator(".ports-reference bdi").waitFor();
      if (lang === "ar") assert.ok((await fitsPhone(page)) <= viewport.width, "the file page fits the phone");
      await page.screenshot({ path: `${shots}/vehicles-${lang}.png`, fullPage: true });

      // The busy file's attachment: the banks froze more than owed; the total held against what is owed, the cap's release.
      await page.goto(`${world.baseUrl}/app/files/${world.busyFile}`);
      const attachment = page.locator('li.procedure[data-kind="bank_attachment"]');
      await attachment.locator(".bank-results .total-held").waitFor();
      const total = (await attachment.locator(".bank-results .total-held").textContent()) ?? "";
      assert.match(total, /7,000\.000/, `the total held: ${total}`);
      assert.ok((await attachment.locator('.releases [data-reason="cap"]').count()) > 0, "a release for the cap, with its reason");
      assert.match((await attachment.locator('.releases [data-reason="cap"]').first().textContent()) ?? "", lang === "ar" ? /الحد الأعلى/ : /the cap/);
      await page.screenshot({ path: `${shots}/bank-table-${lang}.png`, fullPage: true });

      // The money file: the seizure found nothing — its own badge, not "Rejected".
      await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}`);
      const nothing = page.locator(`li.procedure[data-procedure-id="${world.moneyFile.seizure}"]`);
      try {
        await nothing.locator('[data-outcome="nothing_found"]').waitFor({ timeout: 15_000 });
      } catch (error) {
        await page.screenshot({ path: `${shots}/money-file-${lang}.png`, fullPage: true });
        const row = await world.exchange.database.db.selectFrom("procedures").select(["status"]).where("id", "=", world.moneyFile.seizure).executeTakeFirst();
        const orders = await world.exchange.database.db.selectFrom("agency_orders").select(["status", "agency_key"]).where("procedure_id", "=", world.moneyFile.seizure).execute();
        throw new Error(`no nothing-found badge: procedure ${JSON.stringify(row)}, orders ${JSON.stringify(orders)}: ${String(error)}`);
      }
      assert.equal(await nothing.locator(".status-rejected").count(), 0, "not badged rejected");
      assert.match((await nothing.locator('[data-outcome="nothing_found"]').textContent()) ?? "", lang === "ar" ? /لم يُعثر على شيء/ : /Nothing found/);

      // The money's path: transferred, shared with the other file (its number, not its parties), paid out.
      await page.click("#file-money");
      await page.waitForSelector("#money-path");
      await page.waitForSelector("#payouts", { timeout: 15_000 });
      const path = (await page.locator("#money-path").textContent()) ?? "";
      assert.match(path, /2,160\.000/, `the bank's transfer on the path: ${path}`);
      const shares = page.locator("#distributions");
      await shares.locator(`[data-file-number="${world.moneyFile.otherFileNumber}"]`).waitFor({ timeout: 15_000 });
      const sharedText = (await shares.textContent()) ?? "";
      assert.ok(!sharedText.includes(webPeople.moneyDebtor.nameEn) && !sharedText.includes(webPeople.englishCreditor.nameAr) && !sharedText.includes(webPeople.englishCreditor.nameEn), "no party named");
      const payout = page.locator('#payouts tr[data-payout-status="paid"]');
      await payout.waitFor();
      assert.match((await payout.textContent()) ?? "", /CBK-PO-2026-0311/);
      assert.match((await payout.textContent()) ?? "", /KW\d\dKFHO\*+1005/);
      if (lang === "ar") {
        assert.ok((await fitsPhone(page)) <= viewport.width, `the treasury page fits the phone (${await fitsPhone(page)} px)`);
        // Identifiers in Arabic text are isolated left-to-right runs.
        assert.equal(await shares.locator(`bdi[dir="ltr"]`, { hasText: world.moneyFile.otherFileNumber }).count(), 1);
      }
      assert.deepEqual(await otherLanguageText(page), [], `only ${lang} on the page`);
      await page.screenshot({ path: `${shots}/treasury-${lang}.png`, fullPage: true });

      // The debtor: their side of the money, and a receipt for the part payment.
      await chooseLanguage(debtor.context, world, lang);
      await signInDirectly(debtor.context, world, webPeople.moneyDebtor.civilId);
      const mine = await debtor.context.newPage();
      await mine.goto(`${world.baseUrl}/app/debts/${world.moneyFile.fileId}`);
      const receipt = mine.locator('#documents li[data-kind="payment_receipt"]');
      await receipt.waitFor({ timeout: 15_000 });
      const href = await receipt.locator("a[download]").getAttribute("href");
      const pdf = await mine.request.get(`${world.baseUrl}${href}`);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
      await mine.click("#debt-money");
      await mine.waitForSelector("#money-payments");
      assert.match((await mine.locator("#money-payments").textContent()) ?? "", /100\.000/);
      assert.equal(await mine.locator("#payouts").count(), 0, "the debtor's side: no creditor's account");
      if (lang === "ar") assert.ok((await fitsPhone(mine)) <= viewport.width, "the debtor's money page fits the phone");
      await mine.screenshot({ path: `${shots}/treasury-debtor-${lang}.png`, fullPage: true });
    } finally {
      await creditor.close();
      await debtor.close();
    }
  });
}
