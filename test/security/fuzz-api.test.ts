/**
 * Schema-driven fuzzing of every operation of the app's OpenAPI document (read at test
 * time, so endpoints added later are fuzzed too), through the real app: path and query
 * parameters, bodies and headers drawn from the operation's JSON schemas with hostile
 * values mixed in, sent by a signed-in session of every person of the fixtures (cookie +
 * CSRF), a machine client and an anonymous caller. Each caller first sends one valid
 * draw; callers who get past authorization are then drawn more often, to reach the use
 * cases. For every case: no 5xx; nothing internal in the response; every 4xx carries its
 * endpoint's error body; and a refused request leaves every table of the database exactly
 * as it was (row counts and contents).
 *
 * FUZZ_CASES (default 3000) sets the total; FUZZ_SEED replays a run (`npm run soak` uses more);
 * FUZZ_CALLERS (e.g. "creditor,debtor,clerk,anonymous") fuzzes as those callers only;
 * FUZZ_CASES_PER_CALLER (instead of FUZZ_CASES) gives every one of them that many cases,
 * spread over the operations (the soak: 100,000 each). The cases each caller sent, and the
 * 5xx among them, are reported per caller at the end.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";
import { fuzzCaseArbitrary, schemaContext, type FuzzCase } from "./support/fuzz-cases.ts";
import { readOpenApi, type Operation } from "./support/openapi.ts";
import { errorContractFor, leaksIn } from "./support/response-contract.ts";
import { callerNames, startSecurityWorld, type CallerName, type SecurityWorld } from "./support/security-world.ts";

const totalCases = Number(process.env.FUZZ_CASES ?? 3000);
const seed = Number(process.env.FUZZ_SEED ?? 90_210);
const casesPerCaller = process.env.FUZZ_CASES_PER_CALLER ? Number(process.env.FUZZ_CASES_PER_CALLER) : null;
/** FUZZ_OPERATIONS: a regular expression over "METHOD /path" to replay some operations of a run only (same seed, same cases). */
const onlyOperations = process.env.FUZZ_OPERATIONS ? new RegExp(process.env.FUZZ_OPERATIONS) : null;
const chosenCallers = process.env.FUZZ_CALLERS?.split(",").map((name) => name.trim()).filter(Boolean);
const activeCallers: readonly CallerName[] = chosenCallers ? callerNames.filter((name) => chosenCallers.includes(name)) : callerNames;
/** Cases sent and 5xx answered, per caller, over the whole run. */
const perCaller = new Map<CallerName, { cases: number; serverErrors: number }>();

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld({ signInRateLimit: 1_000_000, apiRateLimit: 1_000_000 });
});

after(async () => {
  await world?.close();
});

interface Tally {
  cases: number;
  byClass: Record<string, number>;
  serverErrors: number;
  leaks: number;
  contract: number;
  writes: number;
  unsendable: number;
  unavailable: number;
}

const newTally = (): Tally => ({ cases: 0, byClass: {}, serverErrors: 0, leaks: 0, contract: 0, writes: 0, unsendable: 0, unavailable: 0 });

test("every operation of the OpenAPI document, fuzzed: no 5xx, no leak, the error body, nothing written by a refusal", async (t) => {
  const { operations, components } = await readOpenApi(world.harness.app);
  const database = await writeDetector(world.harness.database);
  const problems: string[] = [];
  const total = newTally();

  async function run(operation: Operation, fuzzCase: FuzzCase, index: number, tally: Tally): Promise<number | null> {
    // Nothing runs between cases (a refresh of the callers forgets it): the last fingerprint is the state now.
    const before = await database.last();
    const client = world.callers[fuzzCase.caller];
    let response;
    try {
      response = await client.request({ method: fuzzCase.method as "GET", url: fuzzCase.url, headers: fuzzCase.headers, ...(fuzzCase.payload === undefined ? {} : { payload: fuzzCase.payload }) });
    } catch {
      // The test client could not even form this request (e.g. a URL it refuses): nothing reached the app.
      tally.unsendable++;
      return null;
    }
    const after = await database.now();
    tally.cases++;
    const callerTally = perCaller.get(fuzzCase.caller) ?? { cases: 0, serverErrors: 0 };
    callerTally.cases++;
    perCaller.set(fuzzCase.caller, callerTally);
    const where = `${operation.id} case ${index} as ${fuzzCase.caller}: ${fuzzCase.method} ${fuzzCase.url.slice(0, 200)} headers=${JSON.stringify(fuzzCase.headers).slice(0, 200)} body=${(fuzzCase.payload ?? "").slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    const path = fuzzCase.url.split("?")[0]!;
    // 503 with the stable body is the answer for a service this deployment lacks or cannot reach (e.g. no payment gateway configured): counted apart; any other 5xx is a fault.
    const unavailable = response.statusCode === 503 && errorContractFor(operation.path)(response).length === 0;
    const statusClass = unavailable ? "503 not configured" : `${Math.floor(response.statusCode / 100)}xx`;
    tally.byClass[statusClass] = (tally.byClass[statusClass] ?? 0) + 1;
    if (unavailable) tally.unavailable++;
    else if (response.statusCode >= 500) {
      tally.serverErrors++;
      callerTally.serverErrors++;
      problems.push(`5xx: ${where}`);
    }
    const leaks = leaksIn(response, { method: fuzzCase.method, url: fuzzCase.url, headers: fuzzCase.headers, payload: fuzzCase.payload ?? "" });
    if (leaks.length > 0) {
      tally.leaks++;
      problems.push(`leak (${leaks.join("; ")}): ${where}`);
    }
    if (response.statusCode >= 400 && response.statusCode < 500) {
      const contract = errorContractFor(operation.path)(response);
      if (contract.length > 0) {
        tally.contract++;
        problems.push(`error body (${contract.join("; ")}): ${where}`);
      }
    }
    if (response.statusCode >= 400) {
      const changed = fingerprintDiff(before, after);
      if (changed.length > 0) {
        tally.writes++;
        problems.push(`a refused request wrote (${changed.join("; ")}): ${where}`);
      }
    }
    // A fuzzed sign-out or revocation may have ended a caller's session or token: new ones for the next case
    // (the portal's sign-out answers with a redirect, so any answer below 400 counts).
    if (response.statusCode < 400 && /logout|revoke/.test(path)) {
      await world.refreshCallers();
      database.forget();
    }
    return response.statusCode;
  }

  const pools = await world.pools();
  const probeContext = schemaContext(pools, components, 0);
  const fuzzContext = schemaContext(pools, components, 0.15);
  assert.ok(activeCallers.length > 0, `FUZZ_CALLERS names no caller of ${callerNames.join(", ")}`);
  const probesPerOperation = activeCallers.length;
  const perOperation = Math.max(probesPerOperation + 10, Math.floor(totalCases / operations.length));
  const started = Date.now();

  for (const [position, operation] of operations.entries()) {
    if (onlyOperations && !onlyOperations.test(operation.id)) continue;
    await t.test(operation.id, async () => {
      const tally = newTally();
      const before = problems.length;
      // One valid draw per caller: who gets past authorization is drawn four times as often afterwards.
      const weights: { caller: CallerName; weight: number }[] = [];
      for (const [index, caller] of activeCallers.entries()) {
        const [probe] = fc.sample(fuzzCaseArbitrary(operation, probeContext, [{ caller, weight: 1 }], 0), { seed: seed + position * 1_000 + index, numRuns: 1 });
        const status = await run(operation, probe!, index, tally);
        weights.push({ caller, weight: status === null || status === 401 || status === 403 ? 1 : 4 });
      }
      if (casesPerCaller === null) {
        const cases = fc.sample(fuzzCaseArbitrary(operation, fuzzContext, weights, 0.2), { seed: seed + position, numRuns: perOperation - probesPerOperation });
        for (const [index, fuzzCase] of cases.entries()) await run(operation, fuzzCase, probesPerOperation + index, tally);
      } else {
        // Each caller its own share of this operation's cases (the probe counts as one).
        const share = Math.max(1, Math.ceil(casesPerCaller / operations.length) - 1);
        for (const [index, caller] of activeCallers.entries()) {
          const cases = fc.sample(fuzzCaseArbitrary(operation, fuzzContext, [{ caller, weight: 1 }], 0.2), { seed: seed + position * 1_000 + 100 + index, numRuns: share });
          for (const [offset, fuzzCase] of cases.entries()) await run(operation, fuzzCase, probesPerOperation + index * share + offset, tally);
        }
      }
      console.log(
        `${operation.id}: ${tally.cases} cases (${Object.entries(tally.byClass).sort().map(([key, count]) => `${key} ${count}`).join(", ")}), 5xx: ${tally.serverErrors}, leaks: ${tally.leaks}, error body: ${tally.contract}, refused but wrote: ${tally.writes}${tally.unavailable ? `, 503 (service not configured): ${tally.unavailable}` : ""}${tally.unsendable ? `, not sendable: ${tally.unsendable}` : ""}`,
      );
      for (const key of Object.keys(tally) as (keyof Tally)[]) {
        if (key === "byClass") for (const [statusClass, count] of Object.entries(tally.byClass)) total.byClass[statusClass] = (total.byClass[statusClass] ?? 0) + count;
        else total[key] += tally[key];
      }
      assert.deepEqual(problems.slice(before).slice(0, 10), [], `${problems.length - before} problems`);
    });
  }
  console.log(`operations fuzzed: ${operations.length}; status classes: ${JSON.stringify(total.byClass)}; ${((Date.now() - started) / 1000).toFixed(1)} s; seed ${seed}`);
  console.log(`cases per caller: ${activeCallers.map((name) => `${name} ${perCaller.get(name)?.cases ?? 0} (5xx ${perCaller.get(name)?.serverErrors ?? 0})`).join(", ")}`);
  console.log(`fuzz cases tried: ${total.cases}, 5xx: ${total.serverErrors}, leaks: ${total.leaks}, error bodies wrong: ${total.contract}, refused requests that wrote: ${total.writes} (503 for a service not configured: ${total.unavailable})`);
  if (onlyOperations) return;
  assert.ok(total.cases >= Math.min(totalCases, operations.length * probesPerOperation), `only ${total.cases} cases ran`);
  if (casesPerCaller !== null) for (const name of activeCallers) assert.ok((perCaller.get(name)?.cases ?? 0) >= casesPerCaller * 0.99, `${name}: only ${perCaller.get(name)?.cases ?? 0} cases ran`);
  assert.equal(problems.length, 0, problems.slice(0, 20).join("\n"));
});
