/**
 * The logs people read (issue 22): on a terminal, one short line per request —
 * `HH:MM:SS INFO: GET /path 200 3 ms` — coloured or not, and still no personal data: the
 * pretty lines are made from the already-masked JSON lines. When stdout is not a terminal,
 * or LOG_FORMAT=json, the lines stay JSON.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { logDestination, resolveLogFormat } from "../../src/log-format.ts";
import { createLogger } from "../../src/logger.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

function sink() {
  const lines = { text: "" };
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.text += chunk.toString();
      done();
    },
  });
  return { stream, lines };
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");
const iban = "KW81CBKU0000000000001234560101";

let database: TestDatabase;
let world: World;
before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

describe("pretty logs", () => {
  for (const colour of [false, true]) {
    describe(colour ? "with colour" : "without colour", () => {
      const out = sink();
      let app: FastifyInstance;
      before(async () => {
        const logger = createLogger("info", logDestination("pretty", out.stream, colour));
        app = await buildHttpApp({ deps: world.deps, logger, secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
      });
      after(() => app.close());

      test("one line per request, with method, path, status and time; personal data masked", async () => {
        const clerk = await createSession(database.db, people.clerk, world.clock.now());
        const headers = { cookie: `${SESSION_COOKIE}=${clerk.token}`, [CSRF_HEADER]: clerk.csrfToken };
        const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 7_654n);
        const requests = [
          { method: "GET" as const, url: `/api/v1/files?debtorCivilId=${people.debtor}`, headers },
          { method: "GET" as const, url: `/api/v1/persons/${people.debtor}/${iban}`, headers },
          { method: "POST" as const, url: `/api/v1/files/${file.id}/ledger-entries`, headers, payload: { kind: "payment", amount: "7321.125", source: "cash_at_department", reference: `ref-${people.debtor}` } },
          { method: "GET" as const, url: "/healthz" },
          { method: "GET" as const, url: `/api/v1/files/${file.id}`, headers: { cookie: `${SESSION_COOKIE}=${people.debtor}` } },
        ];
        const statuses: number[] = [];
        for (const request of requests) statuses.push((await app.inject(request)).statusCode);

        const plain = stripAnsi(out.lines.text);
        if (colour) assert.notEqual(plain, out.lines.text, "coloured output carries colour codes");
        else assert.equal(plain, out.lines.text, "no colour codes without colour");
        const lines = plain.split("\n").filter((line) => line.length > 0);
        const requestLines = lines.filter((line) => /^\[\d\d:\d\d:\d\d\] (INFO|WARN|ERROR): (GET|POST) /.test(line));
        assert.equal(requestLines.length, requests.length, `one line per request:\n${plain}`);
        requestLines.forEach((line, index) => {
          assert.match(line, new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] INFO: ${requests[index]!.method} /\\S* ${statuses[index]} \\d+ ms$`), line);
        });
        assert.ok(!plain.includes("incoming request") && !plain.includes("request completed"), "fastify's two lines became one");
        assert.ok(!plain.includes('{"level"'), "no JSON lines");
        for (const secret of [people.debtor, people.creditor, people.clerk, iban, "7321.125", "7321125"]) {
          assert.ok(!plain.includes(secret), `${secret} leaked into the pretty logs:\n${plain}`);
        }
        assert.match(requestLines[0]!, /debtorCivilId=•civil-id•/, "masked, not dropped");
      });
    });
  }

  test("a log line that is not a request keeps its fields on the same line, masked", () => {
    const out = sink();
    const logger = createLogger("info", logDestination("pretty", out.stream, false));
    logger.info({ civilId: people.judge, signal: "SIGTERM" }, `stopping for ${people.debtor}`);
    const line = out.lines.text.trim();
    assert.match(line, /^\[\d\d:\d\d:\d\d\] INFO: stopping for •civil-id• \{.*"signal":"SIGTERM".*\}$/);
    assert.ok(!line.includes(people.judge) && !line.includes(people.debtor));
  });
});

describe("choosing the format", () => {
  test("auto is pretty on a terminal and JSON elsewhere; LOG_FORMAT forces either", () => {
    assert.equal(resolveLogFormat("auto", { isTTY: true }), "pretty");
    assert.equal(resolveLogFormat("auto", { isTTY: false }), "json");
    assert.equal(resolveLogFormat("auto", {}), "json");
    assert.equal(resolveLogFormat("json", { isTTY: true }), "json");
    assert.equal(resolveLogFormat("pretty", { isTTY: false }), "pretty");
    assert.equal(loadConfig({}).logFormat, "auto");
    assert.equal(loadConfig({ LOG_FORMAT: "json" }).logFormat, "json");
    assert.throws(() => loadConfig({ LOG_FORMAT: "xml" }), /LOG_FORMAT must be one of auto, json, pretty/);
  });

  test("JSON: pino's own stdout destination, one object per line", () => {
    assert.equal(logDestination("json"), undefined);
    const out = sink();
    const logger = createLogger("info", out.stream);
    logger.info({ signal: "SIGTERM" }, "stopping");
    const parsed = JSON.parse(out.lines.text.trim()) as { msg: string; signal: string };
    assert.deepEqual([parsed.msg, parsed.signal], ["stopping", "SIGTERM"]);
  });
});
