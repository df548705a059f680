/**
 * Security headers on every kind of response the server gives: API JSON (success and
 * each kind of error, including errors raised before routing and rate limits), HTML
 * pages (portal, identity provider, verification), redirects, the API docs, files
 * (a generated PDF), health and metrics. Each has a CSP that forbids framing
 * (frame-ancestors 'none') or X-Frame-Options, X-Content-Type-Options: nosniff and a
 * Referrer-Policy; HSTS when served securely (and not on plain-http development);
 * cookies are HttpOnly, SameSite and, when secure, Secure; no X-Powered-By.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildHttpApp } from "../../src/http/app.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

interface Served {
  app: FastifyInstance;
  secure: boolean;
}

let database: TestDatabase;
let world: World;
let servers: Served[];
let documentId: string;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const build = (secure: boolean) =>
    buildHttpApp({
      deps: world.deps,
      logger: false,
      secureCookies: secure,
      readiness: () => schemaIsCurrent(database.db),
      identity: { clientId: "tanfeeth-portal", clientSecret: "test-portal-secret", standIn: true, signInRateLimit: 5 },
      apiRateLimit: { max: 5 },
    });
  servers = [
    { app: await build(false), secure: false },
    { app: await build(true), secure: true },
  ];
  for (const served of servers) await served.app.ready();
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const session = await createSession(database.db, people.clerk, world.clock.now());
  const issued = await servers[0]!.app.inject({
    method: "POST",
    url: `/api/v1/files/${file.id}/documents/issue`,
    headers: { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken },
    payload: { kind: "release_certificate" },
  });
  const body = issued.json() as { document?: { id: string }; id?: string };
  documentId = body.document?.id ?? body.id ?? "00000000-0000-4000-8000-000000000001";
});

after(async () => {
  for (const served of servers ?? []) await served.app.close();
  await database?.drop();
});

type Kind = [name: string, request: (cookie: string) => InjectOptions];

const kinds: Kind[] = [
  ["API JSON 200", (cookie) => ({ method: "GET", url: "/api/v1/me", headers: { cookie } })],
  ["API 401", () => ({ method: "GET", url: "/api/v1/me" })],
  ["API 400 (schema)", (cookie) => ({ method: "GET", url: "/api/v1/files/not-a-uuid", headers: { cookie } })],
  ["API 404 (no route)", () => ({ method: "GET", url: "/api/v1/no-such-thing" })],
  ["API 400 before routing (broken percent-encoding)", () => ({ method: "GET", url: "/api/v1/files/%E0%A4%A" })],
  ["API 414-like before routing (a path parameter too long)", () => ({ method: "GET", url: `/api/v1/files/${"a".repeat(200)}` })],
  ["API 415", (cookie) => ({ method: "POST", url: "/api/v1/files", headers: { cookie, "content-type": "text/plain" }, payload: "x" })],
  ["API 413", (cookie) => ({ method: "POST", url: "/api/v1/files", headers: { cookie, "content-type": "application/json" }, payload: JSON.stringify({ x: "y".repeat(300 * 1024) }) })],
  ["OpenAPI document", () => ({ method: "GET", url: "/api/openapi.json" })],
  ["API docs (HTML)", () => ({ method: "GET", url: "/api/docs/static/index.html" })],
  ["portal page (HTML)", () => ({ method: "GET", url: "/" })],
  ["sign-in redirect", () => ({ method: "GET", url: "/auth/login" })],
  ["signed-out page (HTML)", () => ({ method: "GET", url: "/auth/logged-out" })],
  ["identity provider's phone (HTML)", () => ({ method: "GET", url: "/idp/phone" })],
  ["verification address (to the app's page)", () => ({ method: "GET", url: "/verify/NO-SUCH-CODE" })],
  ["verification JSON", () => ({ method: "GET", url: "/api/verify/NO-SUCH-CODE" })],
  ["a PDF document", (cookie) => ({ method: "GET", url: `/api/v1/documents/${documentId}/content`, headers: { cookie } })],
  ["OAuth token error", () => ({ method: "POST", url: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "grant_type=password" })],
  ["health", () => ({ method: "GET", url: "/healthz" })],
  ["readiness", () => ({ method: "GET", url: "/readyz" })],
  ["metrics", () => ({ method: "GET", url: "/metrics" })],
];

function headerProblems(response: LightMyRequestResponse, secure: boolean): string[] {
  const problems: string[] = [];
  const csp = String(response.headers["content-security-policy"] ?? "");
  const frameOptions = String(response.headers["x-frame-options"] ?? "").toUpperCase();
  if (!/frame-ancestors 'none'/.test(csp) && !["DENY", "SAMEORIGIN"].includes(frameOptions)) problems.push(`framing not forbidden (csp "${csp}", x-frame-options "${frameOptions}")`);
  if (!csp) problems.push("no Content-Security-Policy");
  if (response.headers["x-content-type-options"] !== "nosniff") problems.push("no X-Content-Type-Options: nosniff");
  if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(String(response.headers["referrer-policy"] ?? ""))) problems.push(`Referrer-Policy "${String(response.headers["referrer-policy"])}"`);
  const hsts = String(response.headers["strict-transport-security"] ?? "");
  if (secure && !/max-age=(\d+)/.test(hsts)) problems.push("no HSTS though served securely");
  if (secure && Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0) < 31_536_000) problems.push(`HSTS max-age too short: ${hsts}`);
  if (!secure && hsts) problems.push("HSTS on plain-http development would lock browsers out of localhost");
  if (response.headers["x-powered-by"]) problems.push("X-Powered-By present");
  for (const cookie of [response.headers["set-cookie"] ?? []].flat()) {
    if (!/;\s*HttpOnly/i.test(cookie)) problems.push(`cookie without HttpOnly: ${cookie}`);
    if (!/;\s*SameSite=(Lax|Strict)/i.test(cookie)) problems.push(`cookie without SameSite: ${cookie}`);
    if (secure && !/;\s*Secure/i.test(cookie)) problems.push(`cookie without Secure: ${cookie}`);
  }
  return problems;
}

test("every kind of response carries the security headers (served securely and on plain-http development)", async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const served of servers) {
    const session = await createSession(database.db, people.clerk, world.clock.now());
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    const statuses: string[] = [];
    for (const [name, request] of kinds) {
      const response = await served.app.inject(request(cookie));
      checked++;
      statuses.push(`${name} ${response.statusCode}`);
      for (const problem of headerProblems(response, served.secure)) problems.push(`${served.secure ? "secure" : "plain http"}, ${name} (${response.statusCode}): ${problem}`);
    }
    // Over the limits: the sign-in's and the API's 429 too.
    let limited: LightMyRequestResponse | undefined;
    for (let index = 0; index < 8; index++) limited = await served.app.inject({ method: "GET", url: "/auth/login" });
    assert.equal(limited!.statusCode, 429);
    for (const problem of headerProblems(limited!, served.secure)) problems.push(`${served.secure ? "secure" : "plain http"}, sign-in 429: ${problem}`);
    for (let index = 0; index < 8; index++) limited = await served.app.inject({ method: "GET", url: "/api/v1/rules", headers: { cookie } });
    assert.equal(limited!.statusCode, 429);
    for (const problem of headerProblems(limited!, served.secure)) problems.push(`${served.secure ? "secure" : "plain http"}, API 429: ${problem}`);
    checked += 2;
    assert.ok(statuses.some((status) => / 200$/.test(status)) && statuses.some((status) => / 4\d\d$/.test(status)), statuses.join(", "));
  }
  console.log(`responses checked: ${checked}, kinds: ${kinds.length + 2}, problems: ${problems.length}`);
  assert.deepEqual(problems, []);
});

test("the pages forbid framing and inline scripts by policy", async () => {
  const response = await servers[0]!.app.inject({ method: "GET", url: "/" });
  const csp = String(response.headers["content-security-policy"]);
  assert.match(csp, /default-src 'self'/);
  const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  assert.equal(scripts.trim(), "'self'", `scripts only from this site, none inline: ${csp}`);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /base-uri 'self'/);
  assert.match(csp, /form-action 'self'/, `forms post only to this site: ${csp}`);
});
