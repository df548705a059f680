/**
 * The release carries one version everywhere (issue 22): package.json, the newest entry
 * of CHANGELOG.md, `tanfeeth --version` and the OpenAPI document's info.version; the
 * agency protocol document names the protocol version the code speaks.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { PROTOCOL_VERSION } from "../../src/domain/exchange/messages.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { TANFEETH_VERSION } from "../../src/version.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld } from "../support/fixtures.ts";

const run = promisify(execFile);
let database: TestDatabase;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  const world = await buildWorld(database.db);
  app = await buildHttpApp({ deps: world.deps, logger: false, secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
});
after(async () => {
  await app.close();
  await database.drop();
});

test("package.json's version is a semantic version and the newest entry of CHANGELOG.md", async () => {
  const manifest = JSON.parse(await readFile("package.json", "utf8")) as { version: string; engines: { node: string } };
  assert.equal(manifest.version, TANFEETH_VERSION);
  assert.match(TANFEETH_VERSION, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  const changelog = await readFile("CHANGELOG.md", "utf8");
  const newest = changelog.match(/^## \[(\d+\.\d+\.\d+[^\]]*)\]/m);
  assert.equal(newest?.[1], TANFEETH_VERSION, "CHANGELOG.md's newest entry is the release in package.json");
});

test("tanfeeth --version prints the release and the agency protocol's version, even where serving would be refused", async () => {
  // A production image asked its version before its secrets are mounted (the container test does so).
  const { stdout } = await run(process.execPath, [path.resolve("bin/tanfeeth.js"), "--version"], { env: { ...process.env, NODE_ENV: "production", METRICS_TOKEN: "", AUDIT_CHECKPOINT_JWK: "" } });
  assert.match(stdout, new RegExp(`^tanfeeth ${TANFEETH_VERSION.replaceAll(".", "\\.")} \\(agency protocol ${PROTOCOL_VERSION}, node ${process.versions.node}\\)$`, "m"));
});

test("the OpenAPI document's info.version is the release", async () => {
  const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
  assert.equal(response.statusCode, 200);
  assert.equal((response.json() as { info: { version: string } }).info.version, TANFEETH_VERSION);
});

test("the agency protocol document states the version the code speaks", async () => {
  const doc = await readFile("docs/agency-protocol.md", "utf8");
  assert.equal(doc.match(/^# tanfeeth agency protocol — version (\S+)$/m)?.[1], PROTOCOL_VERSION);
  assert.equal(doc.match(/Protocol version \*\*(\S+)\*\* \(every envelope's `ver`\), as served by tanfeeth (\S+)\./)?.slice(1).join(" "), `${PROTOCOL_VERSION} ${TANFEETH_VERSION}`);
});
