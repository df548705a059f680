/**
 * What the browser journeys share: the check that a page speaks one language only, the
 * sign-in with the mobile ID on the simulated phone, and paying on the stand-in card
 * gateway's hosted page (a real page of another origin, as KNET's is).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { standInTestCards } from "../../src/payments/standin/defaults.ts";
import type { WebWorld } from "./web-world.ts";

/**
 * Text on the page in the wrong language: Latin letters in the Arabic interface, Arabic
 * letters in the English one. Text marked as another language (lang=…), written
 * left to right on purpose (identifiers, IBANs) or code (digests) is not interface text.
 */
export async function otherLanguageText(page: Page): Promise<string[]> {
  // Runs in the page (as a string: the test's own types have no DOM; hence \\b for the page's \b).
  return (await page.evaluate(`(() => {
    const lang = document.documentElement.lang;
    const wrong = lang === "ar" ? /[A-Za-z]/ : /[\u0600-\u06FF]/;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest("script, style, code, [dir=ltr], noscript")) continue;
      const marked = element.closest("[lang]");
      if (marked && marked !== document.documentElement && marked.getAttribute("lang") !== lang) continue;
      const text = (node.textContent || "").replace(/\\b(KWD|IBAN|SHA-256|PDF)\\b/g, "");
      if (wrong.test(text)) found.push(text.trim());
    }
    return found;
  })()`)) as string[];
}

/**
 * Signs in from the landing page with the mobile ID: the civil ID on the identity provider's
 * page, the number compared and approved on the simulated phone; lands on `landsOn`.
 */
export async function signIn(world: WebWorld, portal: Page, phone: Page, civilId: string, lang: "ar" | "en", landsOn: RegExp = /\/app\/files$/): Promise<void> {
  await portal.click("#start");
  await portal.waitForSelector("#sign-in");
  await portal.click("#sign-in");
  // The identity provider's own pages, in the language chosen in the app (the lang cookie).
  await portal.waitForURL(/\/idp\/interaction\//);
  assert.equal(await portal.getAttribute("html", "lang"), lang);
  await portal.fill("#civilId", civilId);
  await portal.click("#continue");
  await portal.waitForURL(/\/wait$/);
  const code = (await portal.textContent("#code"))?.trim();
  assert.ok(code, "the waiting page shows the number to compare");

  // The simulated phone, in the app: the same number; approve.
  await phone.goto(`${world.baseUrl}/app/phone?civilId=${civilId}`);
  const request = phone.locator('.phone-request[data-kind="sign_in"]');
  await request.waitFor();
  assert.equal((await request.locator(".phone-code").textContent())?.trim(), code);
  await request.locator("button.approve").click();
  await phone.waitForSelector(".phone-answered");

  // The waiting page moves on by itself and lands on the person's own start page.
  await portal.waitForURL(landsOn);
}

/** Opens the app in a language: Arabic by default, English by the switch (remembered). */
export async function openApp(world: WebWorld, portal: Page, lang: "ar" | "en"): Promise<void> {
  await portal.goto(`${world.baseUrl}/app/`);
  await portal.waitForSelector("#hero-title");
  assert.equal(await portal.getAttribute("html", "lang"), "ar", "Arabic by default");
  if (lang === "en") {
    await portal.click("#lang-switch");
    await portal.waitForSelector('html[lang="en"]', { state: "attached" });
    await portal.reload();
    await portal.waitForSelector("#hero-title");
    assert.equal(await portal.getAttribute("html", "lang"), "en", "the choice is remembered");
  }
}

/** On the gateway's hosted page (another origin): the amount it shows, then the test card, any expiry and PIN; pay. */
export async function payOnGatewayPage(world: WebWorld, page: Page): Promise<string> {
  await page.waitForURL((url) => url.href.startsWith(`${world.gateway.url}/pay/`));
  const amount = (await page.textContent("#amount"))?.trim() ?? "";
  await page.fill("#card", standInTestCards.approved);
  await page.fill("#expiry", "12/30");
  await page.fill("#pin", "1234");
  await page.click('button[value="pay"]');
  return amount;
}
