/**
 * Personal data never reaches the logs (issue 9, data safety). The logger is driven at
 * debug level through the real HTTP app — requests carrying civil IDs in paths, queries
 * and bodies, refusals, not-founds, a database error that echoes a civil ID — and the
 * captured output is searched for every civil ID, IBAN and amount the requests used.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createLogger } from "../../src/logger.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let captured = "";
const sink = new Writable({
  write(chunk, _encoding, done) {
    captured += chunk.toString();
    done();
  },
});

let database: TestDatabase;
let world: World;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  app = await buildHttpApp({ deps: world.deps, logger: createLogger("debug", sink), secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
});
after(async () => {
  await app.close();
  await database.drop();
});

const iban = "KW81CBKU0000000000001234560101";

test("a database error echoing a civil ID, and fields named civilId or iban, are masked", () => {
  const logger = createLogger("debug", sink);
  const duplicate = Object.assign(new Error(`duplicate key value violates unique constraint "persons_pkey" for ${people.debtor}`), {
    code: "23505",
    detail: `Key (civil_id)=(${people.debtor}) already exists.`,
  });
  logger.error({ err: new Error("wrapped", { cause: duplicate }) }, "request failed");
  logger.error({ err: duplicate }, `could not register ${people.creditor}`);
  logger.info({ civilId: people.judge, transfer: { iban } }, `payout to ${iban}`);
  for (const secret of [people.debtor, people.creditor, people.judge, iban]) assert.ok(!captured.includes(secret), `${secret} leaked:\n${captured}`);
  assert.match(captured, /•civil-id•/, "masked, not dropped: the log still says what happened");
});

test("requests carrying civil IDs, IBANs and amounts leave none of them in the logs", async () => {
  const clerk = await createSession(database.db, people.clerk, world.clock.now());
  const creditor = await createSession(database.db, people.creditor, world.clock.now());
  const headers = (session: { token: string; csrfToken: string }) => ({ cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken });
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 7_654n);
  const amount = "7321.125";
  const requests = [
    { method: "GET" as const, url: `/api/v1/files?debtorCivilId=${people.debtor}&q=${people.otherDebtor}`, headers: headers(creditor) },
    { method: "GET" as const, url: `/api/v1/persons/${people.debtor}/${iban}`, headers: headers(clerk) },
    { method: "GET" as const, url: `/api/v1/files/${file.id}`, headers: headers(creditor) },
    { method: "POST" as const, url: `/api/v1/files/${file.id}/ledger-entries`, headers: headers(clerk), payload: { kind: "payment", amount, source: "cash_at_department", reference: `ref-${people.debtor}` } },
    { method: "POST" as const, url: `/api/v1/files/${file.id}/ledger-entries`, headers: headers(clerk), payload: { kind: "payment", amount: "-1", source: "cash_at_department", reference: people.debtor, iban } },
    { method: "POST" as const, url: "/api/v1/files", headers: headers(clerk), payload: { creditor: { civilId: people.creditor }, debtors: [{ civilId: "288020122597", iban }] } },
    { method: "GET" as const, url: `/api/v1/files/${file.id}`, headers: { cookie: `${SESSION_COOKIE}=${people.debtor}` } },
  ];
  for (const request of requests) await app.inject(request);
  assert.ok(captured.length > 0, "the app logged its requests");
  for (const secret of [people.debtor, people.otherDebtor, people.creditor, people.clerk, "288020122597", iban, "7321.125", "7321125"]) {
    assert.ok(!captured.includes(secret), `${secret} leaked into the logs`);
  }
  console.log(`logs checked: ${requests.length + 3} entries driven, ${captured.split("\n").length - 1} log lines, personal data found 0`);
});
