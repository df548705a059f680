/**
 * Cross-site request forgery: every state-changing operation of the OpenAPI document,
 * with a real session cookie, is refused (403 FORBIDDEN, nothing written) when the CSRF
 * token is missing, wrong, another session's, the session token itself, or sent where a
 * forged form could put it (query string, cookie); and, with the right token, when the
 * browser says the request comes from another site (Sec-Fetch-Site, or an Origin that is
 * not this host). The portal's own forms (sign-out, requests, waivers, signing) likewise.
 * Controls: the same requests with the token from this site are not refused for CSRF.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";
import { readOpenApi } from "./support/openapi.ts";
import { errorBodyProblems, leaksIn } from "./support/response-contract.ts";

let harness: HttpHarness;

before(async () => {
  harness = await startHttpHarness({ apiRateLimit: 1_000_000 });
});

after(async () => {
  await harness?.close();
});

const someId = "00000000-0000-4000-8000-0000000000aa";

async function session(civilId: string = people.clerk) {
  return createSession(harness.database.db, civilId, harness.world.clock.now());
}

const refusedFor = (response: LightMyRequestResponse, reason: "csrf" | "cross_site") =>
  response.statusCode === 403 && errorBodyProblems(response).length === 0 && (response.json() as { details: { reason?: string } }).details.reason === reason;

test("every state-changing /api operation: a missing, wrong or misplaced CSRF token, or a request from another site → 403, nothing written", async () => {
  const { operations } = await readOpenApi(harness.app);
  const changing = operations.filter((operation) => operation.method !== "GET" && operation.secured);
  assert.ok(changing.length >= 25, `only ${changing.length} state-changing operations`);
  const database = await writeDetector(harness.database);
  const other = await session(people.judge);
  let attacks = 0;
  let leaks = 0;
  const problems: string[] = [];

  for (const operation of changing) {
    const url = operation.path.replace(/\{[^}]+\}/g, someId);
    const own = await session();
    const cookie = `${SESSION_COOKIE}=${own.token}`;
    const attempts: [string, InjectOptions, "csrf" | "cross_site"][] = [
      ["no token", { headers: { cookie } }, "csrf"],
      ["empty token", { headers: { cookie, [CSRF_HEADER]: "" } }, "csrf"],
      ["a made-up token", { headers: { cookie, [CSRF_HEADER]: "forged-token-0123456789" } }, "csrf"],
      ["another session's token", { headers: { cookie, [CSRF_HEADER]: other.csrfToken } }, "csrf"],
      ["the session token as the CSRF token", { headers: { cookie, [CSRF_HEADER]: own.token } }, "csrf"],
      ["the token in the query string", { url: `${url}?csrf=${own.csrfToken}&${CSRF_HEADER}=${own.csrfToken}`, headers: { cookie } }, "csrf"],
      ["the token as a cookie", { headers: { cookie: `${cookie}; ${CSRF_HEADER}=${own.csrfToken}; csrf=${own.csrfToken}` } }, "csrf"],
      ["the right token, from another site (Sec-Fetch-Site)", { headers: { cookie, [CSRF_HEADER]: own.csrfToken, "sec-fetch-site": "cross-site", origin: "https://evil.example" } }, "cross_site"],
      ["the right token, from a sibling site (Sec-Fetch-Site)", { headers: { cookie, [CSRF_HEADER]: own.csrfToken, "sec-fetch-site": "same-site" } }, "cross_site"],
      ["the right token, Origin of another site (older browser)", { headers: { cookie, [CSRF_HEADER]: own.csrfToken, origin: "https://evil.example" } }, "cross_site"],
      ["the right token, Origin null (sandboxed frame)", { headers: { cookie, [CSRF_HEADER]: own.csrfToken, origin: "null" } }, "cross_site"],
    ];
    for (const [name, options, reason] of attempts) {
      const before = await database.now();
      const sent: InjectOptions = { method: operation.method, url, payload: {}, ...options };
      const response = await harness.app.inject(sent);
      const after = await database.now();
      attacks++;
      const where = `${operation.id}, ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`;
      if (!refusedFor(response, reason)) problems.push(`not refused for ${reason}: ${where}`);
      const changed = fingerprintDiff(before, after);
      if (changed.length > 0) problems.push(`wrote ${changed.join("; ")}: ${where}`);
      const leaked = leaksIn(response, { method: operation.method, url: String(sent.url), headers: (options.headers ?? {}) as Record<string, string>, payload: "{}" });
      if (leaked.length > 0) {
        leaks++;
        problems.push(`leak ${leaked.join("; ")}: ${where}`);
      }
    }
    // Controls: the token from this site (said by Sec-Fetch-Site, by Origin, or by neither) passes the CSRF check.
    for (const headers of [{ "sec-fetch-site": "same-origin" }, { origin: "http://localhost:80", host: "localhost:80" }, {}]) {
      const control = await harness.app.inject({ method: operation.method, url, payload: {}, headers: { cookie, [CSRF_HEADER]: own.csrfToken, ...headers } });
      if (refusedFor(control, "csrf") || refusedFor(control, "cross_site")) problems.push(`control refused: ${operation.id} ${JSON.stringify(headers)} ${control.body.slice(0, 200)}`);
    }
  }
  console.log(`state-changing operations: ${changing.length}`);
  console.log(`attacks tried: ${attacks}, leaks: ${leaks}`);
  assert.deepEqual(problems.slice(0, 20), []);
});

test("the portal's forms: sign-out, requests, waivers and signing refuse a forged form and a cross-site post", async () => {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const forms = ["/auth/logout", `/portal/files/${file.id}/procedures`, `/portal/files/${file.id}/procedures/${someId}/waive`, `/portal/signing/${someId}/submit`];
  const database = await writeDetector(harness.database);
  let attacks = 0;
  const problems: string[] = [];
  for (const url of forms) {
    const own = await session(people.creditor);
    const cookie = `${SESSION_COOKIE}=${own.token}`;
    const form = (fields: Record<string, string>) => new URLSearchParams({ kind: "vehicle_seizure", reason: "forged", ...fields }).toString();
    const attempts: [string, InjectOptions][] = [
      ["no token", { headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, payload: form({}) }],
      ["a wrong token in the form", { headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, payload: form({ csrf: "forged" }) }],
      ["the right token, posted from another site", { headers: { cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site", origin: "https://evil.example" }, payload: form({ csrf: own.csrfToken }) }],
      ["the right token, Origin of another site", { headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, payload: form({ csrf: own.csrfToken }) }],
    ];
    for (const [name, options] of attempts) {
      const before = await database.now();
      const response = await harness.app.inject({ method: "POST", url, ...options });
      const after = await database.now();
      attacks++;
      if (response.statusCode !== 403) problems.push(`${url}, ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      const changed = fingerprintDiff(before, after);
      if (changed.length > 0) problems.push(`${url}, ${name} wrote ${changed.join("; ")}`);
    }
    // The session survived every forged sign-out.
    const me = await harness.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    if (me.statusCode !== 200) problems.push(`after forged posts to ${url} the session is gone: ${me.statusCode}`);
  }
  // Control: the real sign-out form (same site, right token) ends the session.
  const own = await session(people.creditor);
  const cookie = `${SESSION_COOKIE}=${own.token}`;
  const out = await harness.app.inject({ method: "POST", url: "/auth/logout", headers: { cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }, payload: `csrf=${own.csrfToken}` });
  assert.equal(out.statusCode, 303, out.body);
  assert.equal((await harness.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } })).statusCode, 401);
  console.log(`attacks tried: ${attacks}, leaks: 0`);
  assert.deepEqual(problems, []);
});
