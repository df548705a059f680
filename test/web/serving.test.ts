/**
 * The API process serves the built web application at /app/ beside everything else:
 * the shell for every page address (deep links), hashed assets cached for good, the
 * manifest and service worker revalidated, the installation's config, and the API,
 * sign-in, verification and server-rendered portal routes untouched.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import Fastify from "fastify";
import { seedDemo, demoAccounts } from "../../src/seed/demo.ts";
import { defaultWebDistDir, webAppRoutes } from "../../src/http/web-app.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { ensureWebBuild } from "../support/web-build.ts";

let harness: HttpHarness;

before(async () => {
  await ensureWebBuild();
  harness = await startHttpHarness();
});
after(() => harness?.close());

const get = (url: string) => harness.app.inject({ method: "GET", url });

test("every page address under /app/ answers with the app's shell, in Arabic and right to left", async () => {
  for (const url of ["/app/", "/app/files", "/app/files/0b8c7a4e-2f1d-4c55-9a0e-3f1e2d4c5b6a/request", "/app/verify/ABC123", "/app/sign-in?returnTo=%2Fapp%2Ffiles"]) {
    const response = await get(url);
    assert.equal(response.statusCode, 200, url);
    assert.match(response.headers["content-type"] as string, /text\/html/);
    assert.match(response.body, /<html lang="ar" dir="rtl">/);
    assert.match(response.body, /<div id="root"><\/div>/);
    assert.equal(response.headers["cache-control"], "no-cache", `${url}: the shell is revalidated`);
  }
  const bare = await get("/app");
  assert.equal(bare.statusCode, 301);
  assert.equal(bare.headers.location, "/app/");
});

test("hashed assets are cached for a year; a missing file is a 404 with the bilingual error body", async () => {
  const assets = await readdir(path.join(defaultWebDistDir, "assets"));
  const script = assets.find((name) => name.endsWith(".js"));
  assert.ok(script, "the build has a script");
  const response = await get(`/app/assets/${script}`);
  assert.equal(response.statusCode, 200);
  assert.match(response.headers["content-type"] as string, /javascript/);
  assert.equal(response.headers["cache-control"], "public, max-age=31536000, immutable");

  const missing = await get("/app/assets/missing-0000.js");
  assert.equal(missing.statusCode, 404);
  const body = missing.json() as { code: string; message: { ar: string; en: string } };
  assert.equal(body.code, "NOT_FOUND");
  assert.ok(body.message.ar && body.message.en);
  assert.equal((await get("/app/.built")).body.includes("<div id=\"root\">"), true, "dot files are never served as files");
});

test("the app installs on a phone: a web manifest with icons, and a service worker for the shell", async () => {
  const manifest = await get("/app/manifest.webmanifest");
  assert.equal(manifest.statusCode, 200);
  assert.match(manifest.headers["content-type"] as string, /application\/manifest\+json/);
  const parsed = manifest.json() as { start_url: string; scope: string; lang: string; dir: string; display: string; icons: { src: string; sizes: string }[] };
  assert.equal(parsed.start_url, "/app/");
  assert.equal(parsed.scope, "/app/");
  assert.equal(parsed.lang, "ar");
  assert.equal(parsed.dir, "rtl");
  assert.equal(parsed.display, "standalone");
  for (const size of ["192x192", "512x512"]) {
    const icon = parsed.icons.find((candidate) => candidate.sizes === size);
    assert.ok(icon, `an icon of ${size}`);
    const served = await get(icon.src);
    assert.equal(served.statusCode, 200, icon.src);
    assert.equal(served.headers["content-type"], "image/png");
  }
  const worker = await get("/app/sw.js");
  assert.equal(worker.statusCode, 200);
  assert.match(worker.headers["content-type"] as string, /javascript/);
  assert.equal(worker.headers["cache-control"], "no-cache", "a new worker is picked up at once");
  assert.match(worker.body, /addEventListener\("fetch"/);
});

test("the config offers the simulated phone and lists the demo accounts present in the database", async () => {
  const before = (await get("/app/config.json")).json() as { demo: { phoneApi: string; accounts: unknown[] } };
  assert.equal(before.demo.phoneApi, "/idp/phone/api");
  assert.deepEqual(before.demo.accounts, [], "no demo data loaded yet");
  await seedDemo(harness.world.deps, { files: 2 });
  const after = (await get("/app/config.json")).json() as { demo: { accounts: { key: string; civilId: string; nameAr: string }[] } };
  const creditor = after.demo.accounts.find((account) => account.key === "creditor");
  assert.equal(creditor?.civilId, demoAccounts.creditor.civilId);
  assert.equal(creditor?.nameAr, demoAccounts.creditor.nameAr);
  // The phone API the app calls answers for a demo account.
  const phone = await get(`/idp/phone/api/requests?civilId=${demoAccounts.creditor.civilId}`);
  assert.equal(phone.statusCode, 200);
});

test("the API, sign-in, verification and the server-rendered portal keep their routes", async () => {
  const me = await get("/api/v1/me");
  assert.equal(me.statusCode, 401);
  assert.equal((me.json() as { code: string }).code, "UNAUTHENTICATED");
  assert.equal((await get("/healthz")).statusCode, 200);
  assert.equal((await get("/api/openapi.json")).statusCode, 200);
  const portal = await get("/");
  assert.equal(portal.statusCode, 200);
  assert.match(portal.body, /id="sign-in"/, "the server-rendered portal still answers at /");
  const login = await get("/auth/login?returnTo=%2Fapp%2Ffiles");
  assert.equal(login.statusCode, 303, "sign-in starts at the identity provider");
  // The QR codes' address opens the app's verification page, the code kept.
  const verify = await get("/verify/NO-SUCH-CODE");
  assert.equal(verify.statusCode, 303);
  assert.equal(verify.headers.location, "/app/verify/NO-SUCH-CODE");
  assert.equal((await get("/verify")).headers.location, "/app/verify");
  assert.equal((await get("/api/verify/NO-SUCH-CODE")).statusCode, 404);
  const unknownApi = await get("/api/v1/no-such-thing");
  assert.equal(unknownApi.statusCode, 404);
  assert.match(unknownApi.headers["content-type"] as string, /application\/json/);
});

test("without a build, /app/ says how to build it, in both languages", async () => {
  const empty = await mkdtemp(path.join(tmpdir(), "tanfeeth-no-web-"));
  const app = Fastify();
  try {
    await webAppRoutes(app, harness.world.deps, { distDir: empty, demoPhoneApi: null });
    const response = await app.inject({ method: "GET", url: "/app/files" });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /npm run build:web/);
    assert.match(response.body, /لم يُبنَ تطبيق الويب بعد/);
    assert.match(response.body, /The web application is not built yet/);
    const config = (await app.inject({ method: "GET", url: "/app/config.json" })).json() as { demo: unknown };
    assert.equal(config.demo, null, "no demo phone with a real identity provider");
  } finally {
    await app.close();
    await rm(empty, { recursive: true, force: true });
  }
});
