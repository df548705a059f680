/**
 * SQL injection: every query parameter of every operation of the OpenAPI document, and
 * every path parameter that is free text (codes, civil IDs, CR numbers, client ids),
 * gets each injection string, sent by callers who may use the operation. No answer is a
 * 500 or shows SQL, no injection widens what is returned (a stranger's search finds
 * nothing, whatever it says), none runs — the injections that call a canary sequence
 * (stacked, concatenated, in a condition) would advance it, and sequences are not rolled
 * back, so it proves without a clock what a pg_sleep would only suggest — a refusal
 * leaves the whole database — every table's rows and contents — exactly as it was, and
 * a read changes nothing but the audit log's record of the reading; the audit chain
 * still verifies.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { APP_ROLE } from "../../src/storage/database.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";
import { sqlInjections } from "./support/hostile.ts";
import { readOpenApi } from "./support/openapi.ts";
import { errorContractFor, leaksIn } from "./support/response-contract.ts";
import { callerNames, startSecurityWorld, type CallerName, type SecurityWorld } from "./support/security-world.ts";

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld({ apiRateLimit: 1_000_000 });
});

after(async () => {
  await world?.close();
});

/** A sequence the application role may advance: only an injected statement would. */
const CANARY = "test_injection_canary";
const canaryInjections = [`1; SELECT nextval('${CANARY}'); --`, `'||(SELECT nextval('${CANARY}'))||'`, `' OR nextval('${CANARY}') > 0 --`, `%' AND nextval('${CANARY}') > 0 AND '%'='`];
const injections = [...sqlInjections, ...canaryInjections, "%", "_", "\\", "'", "\"", "%' OR '%'='", "*/ OR 1=1 /*", "ILIKE '%'"];

async function plantCanary() {
  await world.harness.database.asOwner(async (owner) => {
    await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.id(CANARY)}`.execute(owner);
    await sql`GRANT USAGE, SELECT, UPDATE ON SEQUENCE ${sql.id(CANARY)} TO ${sql.id(APP_ROLE)}`.execute(owner);
  });
}

async function canaryAdvanced(): Promise<boolean> {
  return (await sql<{ is_called: boolean }>`SELECT is_called FROM ${sql.id(CANARY)}`.execute(world.harness.database.db)).rows[0]!.is_called;
}

test("injection strings in every query and free-text path parameter: no 500, no SQL shown, nothing injected runs, data intact", async () => {
  const { operations } = await readOpenApi(world.harness.app);
  await plantCanary();
  const database = await writeDetector(world.harness.database);
  const start = await database.now();
  const pools = await world.pools();
  const problems: string[] = [];
  let attacks = 0;
  let leaks = 0;
  const targets = operations.filter((operation) => operation.parameters.some((parameter) => parameter.in === "query" || (parameter.in === "path" && parameter.schema.format !== "uuid" && !parameter.schema.enum)));
  assert.ok(targets.length >= 8, `only ${targets.length} operations take text parameters`);

  for (const operation of targets) {
    // Who may use it: the callers a plain request is not refused for (else everyone, to test the refusal path too).
    const plainUrl = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => pools.idsFor(name)[0] ?? (name === "crNumber" ? pools.crNumbers[0]! : name === "civilId" ? pools.civilIds[0]! : name === "queue" ? "clerk" : "x"));
    const allowed: CallerName[] = [];
    for (const caller of callerNames) {
      const response = await world.callers[caller].request({ method: operation.method as "GET", url: plainUrl, ...(operation.method === "GET" ? {} : { payload: {} }) });
      if (![401, 403].includes(response.statusCode)) allowed.push(caller);
    }
    const callers = allowed.length > 0 ? allowed.slice(0, 3) : (["clerk"] as CallerName[]);
    for (const parameter of operation.parameters.filter((candidate) => candidate.in === "query" || (candidate.in === "path" && candidate.schema.format !== "uuid" && !candidate.schema.enum))) {
      for (const injection of injections) {
        const url =
          parameter.in === "query"
            ? `${plainUrl}?${encodeURIComponent(parameter.name)}=${encodeURIComponent(injection)}`
            : operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === parameter.name ? encodeURIComponent(injection) : plainUrl.split("/")[operation.path.split("/").indexOf(`{${name}}`)]!));
        for (const caller of callers) {
          const before = await database.now();
          const response = await world.callers[caller].request({ method: operation.method as "GET", url, ...(operation.method === "GET" ? {} : { payload: {} }) });
          const after = await database.now();
          attacks++;
          const where = `${operation.id} ${parameter.name}=${JSON.stringify(injection)} as ${caller} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          if (response.statusCode >= 500) problems.push(`5xx: ${where}`);
          if (response.statusCode >= 400 && response.statusCode < 500) {
            const contract = errorContractFor(operation.path)(response);
            if (contract.length > 0) problems.push(`error body (${contract.join("; ")}): ${where}`);
          }
          const leaked = leaksIn(response, { method: operation.method, url, headers: {}, payload: "" });
          if (leaked.length > 0) {
            leaks++;
            problems.push(`leak ${leaked.join("; ")}: ${where}`);
          }
          // A read may append to the audit log (reading personal data, an auditor's search, is recorded) and nothing else; a refusal writes nothing.
          const changed = fingerprintDiff(before, after).filter((line) => response.statusCode >= 400 || !/^(actions|action_streams):/.test(line));
          if ((operation.method === "GET" || response.statusCode >= 400) && changed.length > 0) problems.push(`wrote ${changed.join("; ")}: ${where}`);
        }
      }
    }
  }
  const readsOnly = fingerprintDiff(start, await database.now());
  const report = await verifyAudit(world.harness.database.db);
  assert.deepEqual(report.chainProblems, [], "the audit chain verifies");
  console.log(`operations with text parameters: ${targets.length}; tables changed by POSTs that were allowed: ${readsOnly.length}`);
  console.log(`attacks tried: ${attacks}, leaks: ${leaks}`);
  assert.equal(await canaryAdvanced(), false, "no injected statement ran: the canary sequence never advanced");
  assert.deepEqual(problems.slice(0, 15), []);
});

test("an injected search finds nothing a plain search would not", async () => {
  const count = async (caller: CallerName, search: string | null) => {
    const response = await world.callers[caller].get(`/api/v1/files?limit=100${search === null ? "" : `&search=${encodeURIComponent(search)}`}`);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { files: unknown[] }).files.length;
  };
  assert.ok((await count("creditor", null)) >= 1, "control: the creditor sees their files");
  let attacks = 0;
  for (const injection of injections) {
    for (const caller of ["stranger", "otherCreditor", "creditor"] as CallerName[]) {
      const everything = await count(caller, null);
      const injected = await count(caller, injection);
      attacks++;
      assert.ok(injected <= everything, `${caller} searching ${JSON.stringify(injection)} found ${injected}, more than the ${everything} files they see`);
    }
    assert.equal(await count("stranger", injection), 0, `a stranger's search ${JSON.stringify(injection)} finds nothing`);
  }
  console.log(`attacks tried: ${attacks}, leaks: 0`);
  assert.equal(await canaryAdvanced(), false, "no injected statement ran: the canary sequence never advanced");
  // Control: the application role can advance the canary, so an injected call that ran would have.
  await sql`SELECT nextval(${CANARY})`.execute(world.harness.database.db);
  assert.equal(await canaryAdvanced(), true);
});
