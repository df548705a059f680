/**
 * The sign-in refuses what it must: a tampered or expired id_token, a replayed or forged
 * authorization response, sessions past their absolute timeout; and it protects itself:
 * temporary lockout after repeated failures for a civil ID, rate limits per address.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { RelyingParty, SignInFailed } from "../../src/identity/relying-party/relying-party.ts";
import { SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { Browser, formIn } from "../support/browser.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";
import { assertError } from "../http/helpers.ts";

let harness: HttpHarness;

before(async () => {
  harness = await startHttpHarness({ signInRateLimit: 40 });
});

after(async () => {
  await harness?.close();
});

/** Through the provider to the moment it sends the browser back: the callback URL, not yet visited. */
async function approvedCallbackUrl(browser: Browser, authorizeUrl: string, civilId: string): Promise<URL> {
  const civilIdPage = await browser.go(authorizeUrl);
  const waiting = await browser.go(formIn(civilIdPage.body).action, { form: { civilId } });
  const [request] = await phoneRequests(harness, civilId);
  assert.equal((await answerOnPhone(harness, civilId, request!.id, "approve")).statusCode, 200);
  let url = new URL(waiting.url);
  for (let hop = 0; hop < 10; hop++) {
    const response = await browser.fetch(url.href);
    const location = response.headers.get("location");
    assert.ok(location, `expected a redirect from ${url.pathname}`);
    url = new URL(location, url);
    if (url.pathname === "/auth/callback") return url;
  }
  throw new Error("never came back to the portal");
}

/** A second relying party on the same code, whose token responses the test can alter. */
function testRp(clockSkewSeconds = 0) {
  return new RelyingParty({
    clockSkewSeconds,
    deps: harness.world.deps,
    issuer: () => `${harness.baseUrl}/idp`,
    publicUrl: () => harness.baseUrl,
    clientId: "tanfeeth-portal",
    clientSecret: "test-portal-secret",
  });
}

async function tamperTokenResponse(rp: RelyingParty, change: (idToken: string) => string) {
  const config = await rp.configuration();
  (config as unknown as Record<symbol, unknown>)[oidc.customFetch] = async (input: string, init: RequestInit) => {
    const response = await fetch(input, init);
    if (!String(input).endsWith("/token") || response.status !== 200) return response;
    const body = (await response.json()) as { id_token: string };
    return new Response(JSON.stringify({ ...body, id_token: change(body.id_token) }), { status: 200, headers: { "content-type": "application/json" } });
  };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("id_token and authorization response", () => {
  const cases: [string, (idToken: string) => string][] = [
    ["signature altered", (token) => token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA")],
    [
      "claims altered (another civil ID), signature kept",
      (token) => {
        const [header, payload, signature] = token.split(".") as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        return `${header}.${b64({ ...claims, sub: people.stranger, civil_id: people.stranger })}.${signature}`;
      },
    ],
    [
      "unsigned (alg none)",
      (token) => `${b64({ alg: "none" })}.${token.split(".")[1]}.`,
    ],
  ];
  for (const [name, change] of cases) {
    test(`a tampered id_token is refused: ${name}`, async () => {
      const rp = testRp();
      const { handle, url } = await rp.startLogin("/");
      const callback = await approvedCallbackUrl(new Browser(harness.baseUrl), url.href, people.creditor);
      await tamperTokenResponse(rp, change);
      await assert.rejects(rp.completeLogin(handle, callback), SignInFailed);
    });
  }

  test("an expired id_token is refused (the portal's clock two hours ahead of the provider's)", async () => {
    const rp = testRp(2 * 3600);
    const { handle, url } = await rp.startLogin("/");
    const callback = await approvedCallbackUrl(new Browser(harness.baseUrl), url.href, people.creditor);
    await assert.rejects(rp.completeLogin(handle, callback), SignInFailed);
  });

  test("control: the same relying party, untampered, signs in", async () => {
    const rp = testRp();
    const { handle, url } = await rp.startLogin("/");
    const callback = await approvedCallbackUrl(new Browser(harness.baseUrl), url.href, people.creditor);
    const done = await rp.completeLogin(handle, callback);
    assert.equal(done.claims.civilId, people.creditor);
    assert.equal(done.claims.nameEn, "Test creditor");
    // Replayed: the same response again is refused (the sign-in state is single use).
    await assert.rejects(rp.completeLogin(handle, callback), (error: unknown) => error instanceof SignInFailed && error.reason === "unknown_or_used_login_state");
  });

  test("over HTTP: a replayed callback, a forged state, a callback without the browser's sign-in cookie → 401, no session", async () => {
    const browser = new Browser(harness.baseUrl);
    const start = await browser.fetch("/auth/login");
    const callback = await approvedCallbackUrl(browser, start.headers.get("location")!, people.debtor);

    // Forged state, in the browser that started the sign-in: refused, and the sign-in state is spent.
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state");
    const forgedPage = await browser.go(forged.pathname + forged.search);
    assert.equal(forgedPage.status, 401);
    assert.equal(browser.cookie(SESSION_COOKIE), undefined);
    // The genuine response after that: the state was consumed, refused.
    assert.equal((await browser.go(callback.pathname + callback.search)).status, 401);

    // Another browser (no sign-in cookie) replaying a genuine callback: refused.
    const second = new Browser(harness.baseUrl);
    const start2 = await second.fetch("/auth/login");
    const callback2 = await approvedCallbackUrl(second, start2.headers.get("location")!, people.debtor);
    const thief = new Browser(harness.baseUrl);
    assert.equal((await thief.go(callback2.pathname + callback2.search)).status, 401);
    assert.equal(thief.cookie(SESSION_COOKIE), undefined);
    // The rightful browser completes it; replaying it afterwards is refused.
    const home = await second.go(callback2.pathname + callback2.search);
    assert.equal(home.status, 200);
    assert.ok(second.cookie(SESSION_COOKIE));
    const replay = new Browser(harness.baseUrl);
    assert.equal((await replay.go(callback2.pathname + callback2.search)).status, 401);
    const failures = await harness.database.db.selectFrom("actions").select("payload").where("action_kind", "=", "identity.sign_in_failed").where("stream", "=", "identity").execute();
    assert.ok(failures.length >= 3);
  });
});

describe("sessions", () => {
  test("a session past its absolute timeout (12 h) is refused even if active, and its end is logged", async () => {
    const client = await harness.clientFor(people.auditor);
    // Active every 29 minutes (never idle): fine for 12 hours, refused after.
    for (let step = 1; step <= 24; step++) {
      harness.world.clock.advance(29 * 60_000);
      assert.equal((await client.get("/api/v1/me")).statusCode, 200, `after ${step * 29} minutes`);
    }
    harness.world.clock.advance(29 * 60_000);
    assertError(await client.get("/api/v1/me"), 401, "UNAUTHENTICATED");
    const ended = await harness.database.db
      .selectFrom("actions")
      .select("payload")
      .where("stream", "=", `subject:${people.auditor}`)
      .where("action_kind", "=", "identity.session_expired")
      .execute();
    assert.deepEqual(ended.map((row) => row.payload), [{ timeout: "absolute" }]);
  });
});

describe("protection", () => {
  test("five failed sign-ins for a civil ID within 15 minutes lock it for a while; the lock lifts", async () => {
    const who = people.otherCreditor;
    for (let attempt = 0; attempt < 5; attempt++) {
      const browser = new Browser(harness.baseUrl);
      const page = await browser.go("/auth/login");
      await browser.go(formIn(page.body).action, { form: { civilId: who } });
      const [request] = await phoneRequests(harness, who);
      assert.equal((await answerOnPhone(harness, who, request!.id, "reject")).statusCode, 200);
    }
    const browser = new Browser(harness.baseUrl);
    const page = await browser.go("/auth/login");
    const locked = await browser.go(formIn(page.body).action, { form: { civilId: who } });
    assert.equal(locked.status, 429);
    assert.match(locked.body, /id="error"/);
    assert.deepEqual(await phoneRequests(harness, who), [], "nothing pushed while locked");
    // Another civil ID is not affected.
    const other = await browser.go(formIn(page.body).action, { form: { civilId: people.otherDebtor } });
    assert.equal(other.status, 200);
    harness.world.clock.advance(16 * 60_000);
    const later = new Browser(harness.baseUrl);
    const again = await later.go("/auth/login");
    const unlocked = await later.go(formIn(again.body).action, { form: { civilId: who } });
    assert.equal(unlocked.status, 200, "the lock lifted: the approval is pushed again");
    const failures = await harness.database.db.selectFrom("actions").select("payload").where("stream", "=", `subject:${who}`).where("action_kind", "=", "idp.sign_in_failed").execute();
    assert.equal(failures.length, 5);
  });

  test("whether a civil ID is registered is never told: an unknown one gets the same waiting page, is never approvable, and expires as a failure; an invalid one is refused on the page", async () => {
    const browser = new Browser(harness.baseUrl);
    const page = await browser.go("/auth/login");
    const invalid = await browser.go(formIn(page.body).action, { form: { civilId: "292091998297" } });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body, /الرقم المدني غير صحيح/);

    // The same steps for a registered civil ID and for one nobody holds: the same answers.
    const unknownId = "292091998298";
    const shape = (body: string) => body.replace(/\/interaction\/[^/"?]+/g, "/interaction/UID").replace(/<p class="code" id="code">\d+<\/p>/, '<p class="code" id="code">NN</p>').replace(/civilId=\d+/g, "civilId=ID");
    const answers: Record<string, { status: number; shape: string; final: string }> = {};
    for (const civilId of [people.judge, unknownId]) {
      const visitor = new Browser(harness.baseUrl);
      const form = await visitor.go("/auth/login");
      const waiting = await visitor.go(formIn(form.body).action, { form: { civilId } });
      answers[civilId] = { status: waiting.status, shape: shape(waiting.body), final: "" };
      assert.equal((await phoneRequests(harness, civilId)).length, 1, "a request on the phone of that number (the stand-in's phone, open to anyone, is development-only)");
      if (civilId === unknownId) {
        const [request] = await phoneRequests(harness, civilId);
        assert.equal((await answerOnPhone(harness, civilId, request!.id, "approve")).statusCode, 404, "no phone holds it: it cannot be approved");
      }
      harness.world.clock.advance(2 * 60_000 + 1);
      const expired = await visitor.go(waiting.url);
      answers[civilId]!.final = `${expired.status} ${new URL(expired.url).pathname}`;
    }
    assert.equal(answers[unknownId]!.status, 200);
    assert.deepEqual(answers[unknownId], answers[people.judge], "the same pages, the same end");
    for (const civilId of [people.judge, unknownId]) {
      const failures = await harness.database.db.selectFrom("actions").select("payload").where("stream", "=", `subject:${civilId}`).where("action_kind", "=", "idp.sign_in_failed").execute();
      assert.deepEqual(failures.map((row) => row.payload), [{ reason: "expired" }], civilId);
    }
  });

  test("a missing or expired interaction is a 400 page in Arabic and in English, never a server error", async () => {
    for (const [method, path] of [
      ["GET", "/idp/interaction/no-such-interaction"],
      ["GET", "/idp/interaction/no-such-interaction/wait"],
      ["POST", "/idp/interaction/no-such-interaction/login"],
    ] as const) {
      for (const [lang, text] of [["ar", /انتهت صلاحيته/], ["en", /has expired, was completed/]] as const) {
        const response = await fetch(`${harness.baseUrl}${path}?lang=${lang}`, { method, redirect: "manual", ...(method === "POST" ? { body: new URLSearchParams({ civilId: people.debtor }) } : {}) });
        const body = await response.text();
        assert.equal(response.status, 400, `${method} ${path} (${lang}): ${body.slice(0, 200)}`);
        assert.match(String(response.headers.get("content-type")), /^text\/html/);
        assert.match(body, text);
        assert.match(body, new RegExp(`<html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}">`));
        assert.ok(!body.includes(people.debtor));
      }
    }
    // A real interaction that expired in the provider's store while the browser still holds its cookie.
    const browser = new Browser(harness.baseUrl);
    const form = await browser.go("/auth/login");
    assert.equal(form.status, 200);
    await harness.database.db.updateTable("idp_store").set({ expires_at: new Date(Date.now() - 1000) }).where("model", "=", "Interaction").execute();
    const again = await browser.go(new URL(form.url).pathname);
    assert.equal(again.status, 400);
    assert.match(again.body, /انتهت صلاحيته/);
    const submitted = await browser.go(formIn(form.body).action, { form: { civilId: people.debtor } });
    assert.equal(submitted.status, 400);
    assert.deepEqual(await phoneRequests(harness, people.debtor), [], "nothing pushed for an expired interaction");
  });

  test("the sign-in endpoints are rate-limited per address (429 RATE_LIMITED)", async () => {
    let limited = 0;
    for (let index = 0; index < 45; index++) {
      const response = await fetch(`${harness.baseUrl}/auth/login`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 429) limited++;
    }
    assert.ok(limited > 0, "some requests were refused");
  });
});
