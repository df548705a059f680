/**
 * Production guards (issue 16): with NODE_ENV=production no stand-in runs, whatever
 * switch is set — the identity provider (where anyone approves anyone's sign-in), the
 * agencies, the notice channels, the card gateway — and /metrics needs its token. Shown
 * on the configuration and on the command as an operator runs it (real processes, which
 * must exit 1 before touching any data).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig, productionRefusals } from "../../src/config.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, type World } from "../support/fixtures.ts";

const token = "operator-chosen-scrape-token-of-32-chars";
// The checkpoint and document-signing keys are only read when used: any value stands for the operator's here.
const production = {
  NODE_ENV: "production",
  OIDC_ISSUER: "https://mobileid.paci.gov.kw",
  OIDC_CLIENT_SECRET: "x".repeat(40),
  METRICS_TOKEN: token,
  AUDIT_CHECKPOINT_JWK: '{"kty":"EC"}',
  DOCUMENTS_SIGNING_KEY_FILE: "/run/secrets/document-signing.key",
  DOCUMENTS_SIGNING_CERT_FILE: "/run/secrets/document-signing.crt",
};

describe("the configuration", () => {
  test("a production configuration without stand-ins and with a metrics token loads", () => {
    const config = loadConfig(production);
    assert.equal(config.production, true);
    assert.equal(config.identity.standIn, false);
    assert.equal(config.payments.standIn, false);
    assert.deepEqual(productionRefusals(production, config), []);
  });

  for (const [label, env, named] of [
    ["the stand-in identity provider switched on", { TANFEETH_IDP_STANDIN: "true" }, /TANFEETH_IDP_STANDIN=true/],
    ["the hub pointed at the stand-in agencies", { AGENCY_SIMULATORS_URL: "http://127.0.0.1:3100" }, /AGENCY_SIMULATORS_URL/],
    ["the hub pointed at the stand-in card gateway", { PAYMENTS_STANDIN_URL: "http://127.0.0.1:3103" }, /PAYMENTS_STANDIN_URL/],
    ["/metrics without a token", { METRICS_TOKEN: "" }, /\/metrics without METRICS_TOKEN/],
    ["/metrics with a short token", { METRICS_TOKEN: "short" }, /at least 32 characters/],
    ["no key of its own for audit checkpoints", { AUDIT_CHECKPOINT_JWK: "" }, /no AUDIT_CHECKPOINT_JWK/],
    ["no key of its own to sign PDFs", { DOCUMENTS_SIGNING_KEY_FILE: "" }, /no DOCUMENTS_SIGNING_KEY/],
    ["a PDF signing key without its certificate", { DOCUMENTS_SIGNING_CERT_FILE: "" }, /DOCUMENTS_SIGNING_CERT/],
  ] as const) {
    test(`${label} is refused in production, and only there`, () => {
      assert.throws(() => loadConfig({ ...production, ...env }), (error: Error) => /refusing to run with NODE_ENV=production/.test(error.message) && named.test(error.message));
      const { NODE_ENV: _production, ...development } = { ...production, ...env };
      assert.doesNotThrow(() => loadConfig(development));
    });
  }

  test("/metrics may be switched off instead of given a token", () => {
    assert.equal(loadConfig({ ...production, METRICS_TOKEN: "", METRICS_ENABLED: "false" }).metrics.enabled, false);
  });
});

describe("/metrics in production", () => {
  let database: TestDatabase;
  let world: World;
  before(async () => {
    database = await createTestDatabase();
    world = await buildWorld(database.db);
  });
  after(() => database.drop());

  test("a scrape without the token, or with another, is 401; with it, 200", async () => {
    const app = await buildHttpApp({ deps: world.deps, logger: false, secureCookies: true, readiness: () => schemaIsCurrent(database.db), metrics: loadConfig(production).metrics });
    try {
      assert.equal((await app.inject({ method: "GET", url: "/metrics" })).statusCode, 401);
      assert.equal((await app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer guessed" } })).statusCode, 401);
      assert.equal((await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});

describe("the command, as an operator runs it", () => {
  const bin = path.resolve("bin/tanfeeth.js");
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "tanfeeth-production-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  async function run(args: string[], env: Record<string, string>) {
    const { DATABASE_URL: _ignored, NODE_ENV: _node, TANFEETH_IDP_STANDIN: _idp, AGENCY_SIMULATORS_URL: _agencies, PAYMENTS_STANDIN_URL: _payments, METRICS_TOKEN: _metrics, AUDIT_CHECKPOINT_JWK: _key, DOCUMENTS_SIGNING_KEY_FILE: _signingKey, DOCUMENTS_SIGNING_CERT_FILE: _signingCert, ...base } = process.env;
    const child = spawn(process.execPath, [bin, ...args], { env: { ...base, TANFEETH_DATA_DIR: dataDir, PORT: "0", IDP_PORT: "0", SIMULATORS_PORT: "0", LOG_LEVEL: "warn", ...env } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { code, output };
  }

  for (const [label, args, env, named] of [
    ["serve --role idp, switch on", ["serve", "--role", "idp"], { TANFEETH_IDP_STANDIN: "true" }, /stand-in identity provider/],
    ["serve --role idp, no switch", ["serve", "--role", "idp"], {}, /stand-in identity provider/],
    ["serve --role simulators", ["serve", "--role", "simulators"], {}, /stand-in agencies/],
    ["start", ["start"], {}, /`start` runs the stand-in/],
    ["serve --role api with the stand-in identity provider", ["serve", "--role", "api"], { TANFEETH_IDP_STANDIN: "true" }, /TANFEETH_IDP_STANDIN=true/],
    ["serve --role api with the stand-in agencies", ["serve", "--role", "api"], { AGENCY_SIMULATORS_URL: "http://127.0.0.1:3100" }, /AGENCY_SIMULATORS_URL/],
    ["serve --role worker with the stand-in card gateway", ["serve", "--role", "worker"], { PAYMENTS_STANDIN_URL: "http://127.0.0.1:3103" }, /PAYMENTS_STANDIN_URL/],
    ["serve --role api with /metrics open", ["serve", "--role", "api"], { METRICS_TOKEN: "" }, /\/metrics without METRICS_TOKEN/],
  ] as const) {
    test(`NODE_ENV=production tanfeeth ${label}: refused, exit 1, no data touched`, async () => {
      const { code, output } = await run([...args], { ...production, ...env });
      assert.equal(code, 1, output);
      assert.match(output, /refusing to run with NODE_ENV=production/);
      assert.match(output, named);
      assert.deepEqual(await readdir(dataDir), [], "nothing opened or written");
    });
  }
});
