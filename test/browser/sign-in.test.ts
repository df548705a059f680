/**
 * The sign-in journey in a real browser (Debian chromium through playwright-core): the
 * portal's sign-in link, the identity provider's civil-ID page, the simulated phone
 * approving, my files, a request signed on the phone, and sign-out of both sessions.
 * Skipped, saying so, only where /usr/bin/chromium is absent (.ci/run installs it).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium, type BrowserContext } from "playwright-core";
import { demoAccounts, seedDemo } from "../../src/seed/demo.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { waitPatiently } from "../support/wait.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
// The pages are the same on either database; the journeys run once, in the PGlite pass.
const skip = !available ? `${CHROMIUM} is not installed (apt-get install -y chromium); .ci/run installs it` : process.env.TEST_DATABASE_URL ? "browser journeys run in the PGlite pass (the APIs behind them run in both)" : false;
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let harness: HttpHarness;
let context: BrowserContext;
let profile: string;

before(async () => {
  if (skip) return;
  harness = await startHttpHarness();
  await seedDemo(harness.world.deps, { files: 12 });
  profile = await mkdtemp(path.join(tmpdir(), "tanfeeth-chromium-"));
  // A fresh profile (--user-data-dir) each run; headless.
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: flags });
  waitPatiently(context);
});

after(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await harness?.close();
});

test(
  "sign in with the mobile ID, see my files, sign a request on the phone, sign out",
  { skip },
  async () => {
    const started = performance.now();
    const person = demoAccounts.creditor;
    const portal = await context.newPage();
    const phone = await context.newPage();

    await portal.goto(`${harness.baseUrl}/`);
    assert.equal(await portal.getAttribute("html", "dir"), "rtl");
    await portal.click("#sign-in");
    await portal.waitForURL(/\/idp\/interaction\//);
    assert.equal(await portal.getAttribute("html", "lang"), "ar");
    await portal.fill("#civilId", person.civilId);
    await portal.click("#continue");
    await portal.waitForURL(/\/wait$/);
    const code = (await portal.textContent("#code"))?.trim();

    await phone.goto(`${harness.baseUrl}/idp/phone?civilId=${person.civilId}`);
    const card = phone.locator(".card").first();
    assert.match((await card.textContent()) ?? "", new RegExp(code!));
    await card.locator("button.approve").click();
    await phone.waitForSelector("#no-requests");

    // The waiting page refreshes itself and lands on the portal: my files.
    await portal.waitForSelector("#files");
    assert.match((await portal.textContent("#welcome")) ?? "", new RegExp(person.nameAr));
    const rows = await portal.locator("#files tbody tr").count();
    assert.ok(rows >= 1, "the demo creditor has files");

    // A request, signed on the phone.
    await portal.locator("#files tbody tr a").first().click();
    await portal.waitForSelector("#request-form");
    await portal.selectOption("#kind", "bank_attachment");
    await portal.fill("#amount", "1.000");
    await portal.click("#request-submit");
    await portal.waitForSelector("#signing-pending");
    const summary = (await portal.textContent("#summary"))?.trim();
    assert.match(summary ?? "", /حجز/);

    await phone.goto(`${harness.baseUrl}/idp/phone?civilId=${person.civilId}`);
    const signing = phone.locator(".card").first();
    assert.equal((await signing.locator(".summary").textContent())?.trim(), summary);
    assert.match((await signing.textContent()) ?? "", /sha256:[0-9a-f]{64}/);
    await signing.locator("button.approve").click();
    await phone.waitForSelector("#no-requests");

    await portal.waitForSelector("#signing-approved");
    await portal.click("#submit-signed");
    await portal.waitForSelector("#procedures");
    const procedures = await harness.database.db
      .selectFrom("actions")
      .select("payload")
      .where("actor", "=", person.civilId)
      .where("action_kind", "=", "procedure.request")
      .execute();
    assert.ok(procedures.some((row) => (row.payload as { signature?: { method: string } }).signature?.method === "mobile_id"), "the signed request was recorded with its proof");

    // Sign out: the portal's session, then the provider's after its confirmation.
    await portal.click("#logout");
    await portal.waitForSelector("#confirm-logout");
    await portal.click("#confirm-logout");
    await portal.waitForSelector("#signed-out");
    const me = await portal.goto(`${harness.baseUrl}/api/v1/me`);
    assert.equal(me?.status(), 401);
    console.log(`browser journey: ${Math.round(performance.now() - started)} ms`);
  },
);
