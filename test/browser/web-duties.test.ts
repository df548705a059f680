/**
 * Separation of duties and the read log in a real browser, in Arabic on a 360 px phone:
 * one administrator proposes a judge on the Staff roles page and sees it wait for someone
 * else; a second administrator approves it there, and only then is the person a judge.
 * The debtor's file page shows who looked at the file (an enforcement clerk), by office,
 * not by name. Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { grantStaffRole, registerPersons } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { makeCivilId } from "../../src/domain/identifiers/index.ts";
import { otherLanguageText } from "./journey-support.ts";
import { launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;
/** A valid civil ID for a birth date (the first serial from `serial` whose check digit works). */
function validCivilId(year: number, month: number, day: number, serial: number): string {
  for (let next = serial; next < serial + 20; next++) {
    const id = makeCivilId({ year, month, day }, next);
    if (id) return id;
  }
  throw new Error("no valid civil ID for these digits");
}
const admins = { first: validCivilId(1980, 1, 1, 3301), second: validCivilId(1981, 2, 2, 3402) };
const appointee = validCivilId(1982, 3, 3, 3503);

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
  const deps = world.exchange.world.deps;
  const system = { subject: systemSubject, correlationId: "web-duties" };
  await registerPersons(deps, system, [
    { civilId: admins.first, nameAr: "سعاد علي المطوع", nameEn: "Suad Ali Al-Mutawa", nationality: "KWT", email: null, phone: null },
    { civilId: admins.second, nameAr: "يوسف راشد الحربي", nameEn: "Yousef Rashed Al-Harbi", nationality: "KWT", email: null, phone: null },
    { civilId: appointee, nameAr: "نورة حسن الفيلكاوي", nameEn: "Noura Hassan Al-Failakawi", nationality: "KWT", email: null, phone: null },
  ]);
  for (const civilId of Object.values(admins)) await grantStaffRole(deps, system, { civilId, role: "administrator", agencyKey: null });
});
after(() => world?.close());

test("two administrators make a judge on a phone, in Arabic; the debtor sees who looked at the file, by office", { skip: skipWithoutChromium }, async () => {
  const db = world.exchange.database.db;
  const phoneSize = { width: 360, height: 740 };
  const first = await launchBrowser(phoneSize);
  const second = await launchBrowser(phoneSize);
  const debtorBrowser = await launchBrowser(phoneSize);
  try {
    // The first administrator proposes.
    await signInDirectly(first.context, world, admins.first);
    const page = await first.context.newPage();
    await page.goto(`${world.baseUrl}/app/back-office/roles`);
    await page.waitForSelector("#propose-role");
    await page.fill("#propose-civil-id", appointee);
    await page.selectOption("#propose-role-name", "judge");
    await page.fill("#propose-reason", "قرار وزاري بالتعيين");
    await page.click("#propose-submit");
    await page.waitForSelector("#propose-sent");
    const card = page.locator("#pending-proposals li", { hasText: appointee });
    await card.waitFor();
    assert.equal(await card.locator("[data-approve]").count(), 0, "one's own proposal offers no approval");
    assert.deepEqual(await db.selectFrom("staff_roles").select("role").where("civil_id", "=", appointee).execute(), [], "proposed, not granted");
    assert.ok((await page.evaluate("document.documentElement.scrollWidth")) as number <= 360, "fits the phone");
    assert.deepEqual(await otherLanguageText(page), [], "in Arabic only");

    // The second approves.
    await signInDirectly(second.context, world, admins.second);
    const other = await second.context.newPage();
    await other.goto(`${world.baseUrl}/app/back-office/roles`);
    const pending = other.locator("#pending-proposals li", { hasText: appointee });
    await pending.waitFor();
    await pending.locator("[data-approve]").click();
    await pending.waitFor({ state: "detached" });
    assert.deepEqual(await db.selectFrom("staff_roles").select("role").where("civil_id", "=", appointee).where("revoked_at", "is", null).execute(), [{ role: "judge" }]);

    // A clerk reads the debtor's file; the debtor sees an enforcement clerk looked, not who.
    const { fileId } = world.banFile.ar;
    await readFile(world.exchange.world.deps, await world.exchange.world.as(webPeople.clerk.civilId), fileId);
    await world.exchange.world.deps.readLog.flush();
    await signInDirectly(debtorBrowser.context, world, webPeople.otherDebtor.civilId);
    const debtorPage = await debtorBrowser.context.newPage();
    await debtorPage.goto(`${world.baseUrl}/app/debts/${fileId}`);
    const row = debtorPage.locator('#file-reads tr[data-role="clerk"]').first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /موظف إدارة التنفيذ/);
    assert.ok(!((await debtorPage.textContent("#file-reads")) ?? "").includes(webPeople.clerk.civilId), "the clerk is not named");
    assert.ok((await debtorPage.evaluate("document.documentElement.scrollWidth")) as number <= 360, "fits the phone");
  } finally {
    await first.close();
    await second.close();
    await debtorBrowser.close();
  }
});
