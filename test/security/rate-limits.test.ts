/**
 * Rate limits answer 429 RATE_LIMITED with the one error body and write nothing: the API
 * per caller (a session, a machine client's token, or an address without either — each
 * its own budget), the sign-in and the OAuth token endpoint per address. The default
 * budget applies when none is configured.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { machineCaller } from "../http/authorization-support.ts";
import { assertError } from "../http/helpers.ts";
import { defaultApiRateLimit } from "../../src/http/api-rate-limit.ts";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";

const API_LIMIT = 20;
const SIGN_IN_LIMIT = 10;
let harness: HttpHarness;
let attacks = 0;

before(async () => {
  harness = await startHttpHarness({ apiRateLimit: API_LIMIT, signInRateLimit: SIGN_IN_LIMIT });
});

after(async () => {
  console.log(`attacks tried: ${attacks}, leaks: 0`);
  await harness?.close();
});

test("the API: a session over its budget gets 429 RATE_LIMITED and writes nothing; other callers keep theirs", async () => {
  const flooder = await harness.clientFor(people.creditor);
  const statuses: number[] = [];
  for (let index = 0; index < API_LIMIT; index++) statuses.push((await flooder.get("/api/v1/me")).statusCode);
  assert.deepEqual(new Set(statuses), new Set([200]), "within the budget");
  const database = await writeDetector(harness.database);
  for (let index = 0; index < 10; index++) {
    const before = await database.now();
    const refused = await flooder.post("/api/v1/signing-requests", { purpose: "procedure.request", fileId: "00000000-0000-4000-8000-000000000001", request: { kind: "vehicle_seizure", debtorPartyId: "00000000-0000-4000-8000-000000000002" } });
    attacks++;
    assertError(refused, 429, "RATE_LIMITED");
    assert.ok(Number(refused.headers["retry-after"]) > 0, "says when to come back");
    assert.deepEqual(fingerprintDiff(before, await database.now()), []);
  }
  // Other callers are not held back by the flood.
  assert.equal((await (await harness.clientFor(people.creditor)).get("/api/v1/me")).statusCode, 200, "another session of the same person");
  assert.equal((await (await harness.clientFor(people.clerk)).get("/api/v1/me")).statusCode, 200, "another person");
  const machine = await (await machineCaller(harness)).client();
  assert.equal((await machine.get("/api/v1/me")).statusCode, 200, "a machine client");
});

test("the API: a machine client's token has its own budget", async () => {
  const machine = await (await machineCaller(harness)).client();
  for (let index = 0; index < API_LIMIT; index++) assert.equal((await machine.get("/api/v1/rules")).statusCode, 200);
  attacks++;
  assertError(await machine.get("/api/v1/rules"), 429, "RATE_LIMITED");
});

test("the API: requests without credentials count against their address", async () => {
  const statuses: number[] = [];
  for (let index = 0; index < API_LIMIT + 5; index++) {
    attacks++;
    statuses.push((await harness.anonymous.get("/api/v1/files")).statusCode);
  }
  assert.equal(statuses.filter((status) => status === 401).length, API_LIMIT);
  assertError(await harness.anonymous.get("/api/v1/files"), 429, "RATE_LIMITED");
});

test("sign-in and the token endpoint: 429 RATE_LIMITED with the error body", async () => {
  const codes: number[] = [];
  for (let index = 0; index < SIGN_IN_LIMIT + 3; index++) {
    attacks++;
    codes.push((await harness.app.inject({ method: "GET", url: "/auth/login" })).statusCode);
  }
  assert.ok(codes.slice(0, SIGN_IN_LIMIT).every((status) => status === 303), codes.join());
  assertError(await harness.app.inject({ method: "GET", url: "/auth/login" }), 429, "RATE_LIMITED");
  for (let index = 0; index < SIGN_IN_LIMIT + 3; index++) {
    attacks++;
    await harness.app.inject({ method: "POST", url: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "grant_type=client_credentials&client_id=guess&client_secret=guess" });
  }
  assertError(await harness.app.inject({ method: "POST", url: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "grant_type=client_credentials&client_id=guess&client_secret=guess" }), 429, "RATE_LIMITED");
});

test("without configuration the API's default budget applies", async () => {
  const plain = await startHttpHarness();
  try {
    const response = await (await plain.clientFor(people.creditor)).get("/api/v1/me");
    assert.equal(response.statusCode, 200);
    assert.equal(Number(response.headers["x-ratelimit-limit"]), defaultApiRateLimit.max);
  } finally {
    await plain.close();
  }
});
