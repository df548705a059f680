/**
 * PostgreSQL restarted under load (issue 9, database faults). The API runs on a server of
 * the test's own, which is stopped and started again while clients read and write over
 * real HTTP. Meanwhile the API answers 503 with the stable NOT_READY body — never a 500 —
 * and it recovers by itself, without being restarted. Payments sent during the outage
 * are retried with the same reference afterwards: each is credited exactly once and the
 * audit chain verifies.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { openDatabase, type Database } from "../../src/storage/database.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.ts";
import { eventually } from "../support/wait.ts";

const skip = !testDatabaseUrl ? "a PostgreSQL fault: runs in the PostgreSQL pass" : !privatePostgresAvailable ? "PostgreSQL server binaries are not installed" : false;

let server: PrivatePostgres;
let database: Database;
let app: FastifyInstance;
let baseUrl: string;
let world: World;

before(async () => {
  if (skip) return;
  server = await startPrivatePostgres();
  database = await openDatabase({ url: server.url, migrate: true, poolSize: 6 });
  world = await buildWorld(database.db);
  app = await buildHttpApp({ deps: world.deps, logger: false, secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
  baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
});

after(async () => {
  if (skip) return;
  await app?.close();
  await database?.close();
  await server?.destroy();
});

interface Outcome {
  status: number;
  code?: string;
  bilingual: boolean;
}

async function call(url: string, init: RequestInit): Promise<Outcome> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status < 400) return { status: response.status, bilingual: true };
  const body = JSON.parse(text) as { code?: string; message?: { ar?: string; en?: string }; details?: unknown };
  return { status: response.status, ...(body.code ? { code: body.code } : {}), bilingual: Boolean(body.message?.ar && body.message?.en) };
}

// The time limit only stops a hung run: each wait below gives up on its own after minutes.
test("a PostgreSQL restart under load: 503 NOT_READY meanwhile, recovery without restarting the API, each payment once", { skip, timeout: 30 * 60_000 }, async () => {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const creditorSession = await createSession(database.db, people.creditor, world.clock.now());
  const clerkSession = await createSession(database.db, people.clerk, world.clock.now());
  const headers = (session: { token: string; csrfToken: string }) => ({
    cookie: `${SESSION_COOKIE}=${session.token}`,
    [CSRF_HEADER]: session.csrfToken,
    "content-type": "application/json",
  });

  const outcomes: Outcome[] = [];
  const references = new Map<string, number>();
  let running = true;
  let sequence = 0;
  const reader = async () => {
    while (running) {
      outcomes.push(await call(`${baseUrl}/api/v1/files`, { headers: headers(creditorSession) }));
      outcomes.push(await call(`${baseUrl}/readyz`, {}));
    }
  };
  const payer = async () => {
    while (running) {
      const reference = `restart-${sequence++}`;
      const outcome = await call(`${baseUrl}/api/v1/files/${file.id}/ledger-entries`, {
        method: "POST",
        headers: headers(clerkSession),
        body: JSON.stringify({ kind: "payment", amount: "0.010", source: "cash_at_department", reference }),
      });
      references.set(reference, outcome.status);
      outcomes.push(outcome);
    }
  };
  const load = Promise.all([reader(), reader(), payer(), payer()]);
  const accepted = () => [...references.values()].filter((status) => status === 201).length;

  // The database goes away once payments are going through, and comes back once the API has answered without it.
  await eventually("payments accepted before the restart", () => accepted() >= 3);
  await server.stop();
  await eventually("a 503 while the database is away", () => outcomes.some((outcome) => outcome.status === 503), {
    seen: () => JSON.stringify(outcomes.slice(-3)),
  });
  await server.start();

  // Recovery: the same app, no restart, answers again (how soon is reported, not judged).
  const recoveryStarted = performance.now();
  let last: Outcome | undefined;
  await eventually(
    "the API recovers by itself once the database is back",
    async () => (last = await call(`${baseUrl}/api/v1/files`, { headers: headers(creditorSession) })).status === 200,
    { everyMs: 100, seen: () => JSON.stringify(last) },
  );
  const recoveredAfterMs = Math.round(performance.now() - recoveryStarted);
  // And the load goes on on the recovered database.
  const acceptedWhenRecovered = accepted();
  await eventually("payments accepted after the recovery", () => accepted() >= acceptedWhenRecovered + 3);
  running = false;
  await load;

  const unavailable = outcomes.filter((outcome) => outcome.status === 503);
  const unexpected = outcomes.filter((outcome) => ![200, 201, 503].includes(outcome.status));
  assert.deepEqual(unexpected, [], "only successes and 503s: no 500 while the database is away");
  assert.ok(unavailable.length > 0, "the outage was seen");
  for (const outcome of unavailable) {
    assert.equal(outcome.code, "NOT_READY");
    assert.ok(outcome.bilingual);
  }

  // Payments answered 503 are retried with the same reference: each lands exactly once.
  for (const [reference, status] of references) {
    if (status === 201) continue;
    const retried = await call(`${baseUrl}/api/v1/files/${file.id}/ledger-entries`, {
      method: "POST",
      headers: headers(clerkSession),
      body: JSON.stringify({ kind: "payment", amount: "0.010", source: "cash_at_department", reference }),
    });
    assert.ok([200, 201].includes(retried.status), `retry of ${reference}: ${retried.status}`);
  }
  const entries = await database.db.selectFrom("ledger_entries").select(["reference"]).where("file_id", "=", file.id).execute();
  assert.equal(entries.length, references.size, "every payment credited");
  assert.equal(new Set(entries.map((entry) => entry.reference)).size, entries.length, "none twice");
  const recorded = await database.db.selectFrom("enforcement_files").select("recovered_total").where("id", "=", file.id).executeTakeFirstOrThrow();
  assert.equal(recorded.recovered_total, BigInt(references.size) * 10n);
  const audit = await verifyAudit(database.db);
  assert.deepEqual([audit.chainProblems, audit.projectionProblems], [[], []]);
  console.log(
    `database restart: ${outcomes.length} requests, ${unavailable.length} answered 503 NOT_READY, 0 answered 500; ` +
      `recovered ${recoveredAfterMs} ms after the server was back; ${references.size} payments, each credited once`,
  );
});
