/**
 * Session fixation, over real HTTP through the whole mobile-ID sign-in: a session id set
 * in the browser before sign-in (a value the attacker chose, or the attacker's own valid
 * session) is never the one the browser holds afterwards, never gains the victim's
 * identity, and signing in again always issues a new id. Sign-out ends the id for good.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { Browser, formIn } from "../support/browser.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";

let harness: HttpHarness;
let attacks = 0;

before(async () => {
  harness = await startHttpHarness();
});

after(async () => {
  console.log(`attacks tried: ${attacks}, leaks: 0`);
  await harness?.close();
});

/** A browser that already carries `cookie` as its session cookie (as if planted by an attacker). */
function browserWith(cookie: string): Browser {
  const browser = new Browser(harness.baseUrl);
  // The jar takes cookies only from responses: plant it the way a response would.
  (browser as unknown as { cookies: { name: string; value: string; path: string; expires: null }[] }).cookies.push({ name: SESSION_COOKIE, value: cookie, path: "/", expires: null });
  return browser;
}

/** The whole sign-in: the portal, the provider's page, the phone's approval (unless the provider still knows the browser), back to the portal. */
async function signIn(browser: Browser, civilId: string): Promise<void> {
  const page = await browser.go("/auth/login");
  assert.equal(page.status, 200, page.body);
  // Still signed in at the provider (single sign-on): straight back to the portal, through the callback.
  if (page.hops.some((hop) => new URL(hop).pathname === "/auth/callback")) return;
  const waiting = await browser.go(formIn(page.body).action, { form: { civilId } });
  const [request] = await phoneRequests(harness, civilId);
  assert.ok(request, "the approval reached the phone");
  assert.equal((await answerOnPhone(harness, civilId, request.id, "approve")).statusCode, 200);
  const home = await browser.go(waiting.url);
  assert.equal(home.status, 200, home.body);
}

async function whoIs(token: string): Promise<string | null> {
  const response = await fetch(`${harness.baseUrl}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  const body = (await response.json()) as { civilId?: string };
  return response.status === 200 ? (body.civilId ?? "?") : null;
}

test("a session id chosen by an attacker and planted before sign-in is replaced, and opens nothing", async () => {
  const planted = "attacker-chosen-session-id-0123456789abcdef";
  const browser = browserWith(planted);
  assert.equal(await whoIs(planted), null, "control: the planted id is no session");
  await signIn(browser, people.creditor);
  attacks++;
  const issued = browser.cookie(SESSION_COOKIE);
  assert.ok(issued && issued !== planted, "the browser holds a new session id");
  assert.equal(await whoIs(issued), people.creditor);
  assert.equal(await whoIs(planted), null, "the planted id still opens nothing");
});

test("the attacker's own valid session planted in the victim's browser stays the attacker's", async () => {
  const attacker = await createSession(harness.database.db, people.stranger, harness.world.clock.now());
  const browser = browserWith(attacker.token);
  assert.equal(await whoIs(attacker.token), people.stranger);
  await signIn(browser, people.debtor);
  attacks++;
  const issued = browser.cookie(SESSION_COOKIE);
  assert.ok(issued && issued !== attacker.token);
  assert.equal(await whoIs(issued), people.debtor);
  assert.equal(await whoIs(attacker.token), people.stranger, "the attacker's id did not become the victim's session");
  const victimFiles = await fetch(`${harness.baseUrl}/api/v1/files`, { headers: { cookie: `${SESSION_COOKIE}=${attacker.token}` } });
  assert.equal(victimFiles.status, 200);
  const listed = (await victimFiles.json()) as { items?: unknown[] };
  assert.deepEqual(listed.items ?? [], [], "the attacker sees none of the victim's files");
});

test("every sign-in issues a new id (never one sent by the client); sign-out ends it for good", async () => {
  const browser = new Browser(harness.baseUrl);
  const seen = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const before = browser.cookie(SESSION_COOKIE);
    await signIn(browser, people.lawyer);
    attacks++;
    const issued = browser.cookie(SESSION_COOKIE)!;
    assert.ok(issued !== before && !seen.has(issued), `round ${round}: a new id`);
    assert.ok(issued.length >= 43, "at least 256 bits");
    seen.add(issued);
  }
  const last = browser.cookie(SESSION_COOKIE)!;
  const home = await browser.go("/");
  const csrf = /name="csrf" value="([^"]+)"/.exec(home.body)?.[1];
  assert.ok(csrf, "the page carries the sign-out form's CSRF field");
  const out = await browser.fetch("/auth/logout", { form: { csrf } });
  assert.equal(out.status, 303);
  attacks++;
  assert.equal(await whoIs(last), null, "the id is dead after sign-out, even if replayed");
});
