/**
 * The tanfeeth command as a person runs it: `start` serves a seeded system and is ready,
 * refuses a second instance on the same data, stops cleanly on Ctrl-C; `verify-audit`
 * passes an intact log and names a tampered row with a failing exit code.
 */
import { pgliteExtensions } from "../../src/storage/database.ts";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { testDatabaseUrl, createTestDatabase } from "../support/database.ts";
import { buildWorld, people } from "../support/fixtures.ts";
import { freePort } from "../support/private-postgres.ts";

const bin = path.resolve("bin/tanfeeth.js");

function run(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return spawn(process.execPath, [bin, ...args], { env: { ...base, LOG_LEVEL: "warn", ...env } });
}

async function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output };
}

function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)));
  });
}

describe("tanfeeth start (embedded PGlite)", { skip: testDatabaseUrl ? "start runs on embedded PGlite: covered by the PGlite pass" : false }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "tanfeeth-start-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("serves a seeded, ready system; refuses a second start; stops on SIGINT; verify-audit then passes", async (t) => {
    // Free ports for the in-process stand-ins too: another tanfeeth may run on this machine.
    const ports = { SIMULATORS_PORT: String(await freePort()), NOTICE_STANDINS_PORT: String(await freePort()), PAYMENTS_STANDIN_PORT: String(await freePort()) };
    const server = run(["start"], { TANFEETH_DATA_DIR: dataDir, PORT: "0", ...ports });
    // A failure below must not leave it running (and holding the data directory).
    t.after(() => void (server.exitCode === null && server.signalCode === null && server.kill("SIGKILL")));
    // Seeding 220 files on a machine busy with other test runs can take minutes: a bound, not a speed.
    const url = await waitForOutput(server, /tanfeeth is running: (http:\/\/\S+)/, 600_000);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${url}/api/v1/files`)).status, 401);

    const second = await finished(run(["start"], { TANFEETH_DATA_DIR: dataDir, PORT: "0" }));
    assert.equal(second.code, 1);
    assert.match(second.output, /in use by another tanfeeth process \(pid \d+\)/);

    const stopped = finished(server);
    server.kill("SIGINT");
    assert.equal((await stopped).code, 0);
    assert.equal(existsSync(path.join(dataDir, "tanfeeth.lock")), false, "the lock is released");

    const verified = await finished(run(["verify-audit"], { TANFEETH_DATA_DIR: dataDir }));
    assert.equal(verified.code, 0, verified.output);
    assert.match(verified.output, /audit chain intact/);
    assert.match(verified.output, /checked [1-9]\d* actions/);
  });

  test("verify-audit names an altered action and fails", async () => {
    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    const { rows } = await pglite.query<{ stream: string; seq: number }>("SELECT stream, seq::int AS seq FROM actions WHERE stream LIKE 'file:%' ORDER BY id LIMIT 1 OFFSET 40");
    const target = rows[0]!;
    await pglite.exec("ALTER TABLE actions DISABLE TRIGGER actions_append_only");
    await pglite.query("UPDATE actions SET reason = 'rewritten' WHERE stream = $1 AND seq = $2", [target.stream, target.seq]);
    await pglite.exec("ALTER TABLE actions ENABLE TRIGGER actions_append_only");
    await pglite.close();
    const verified = await finished(run(["verify-audit"], { TANFEETH_DATA_DIR: dataDir }));
    assert.equal(verified.code, 1);
    assert.match(verified.output, new RegExp(`altered\\s+stream=${target.stream} seq=${target.seq} `));
    // The chain names the row; the checkpoint `start` wrote names its stream too when the row is in it.
    assert.match(verified.output, /audit FAILED: [12] problem/);
  });
});

describe("tanfeeth verify-audit on PostgreSQL", { skip: testDatabaseUrl ? false : "needs TEST_DATABASE_URL: covered by the PostgreSQL pass" }, () => {
  test("passes an intact log and names a tampered row", async () => {
    const database = await createTestDatabase();
    try {
      const world = await buildWorld(database.db);
      await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
      const env = { DATABASE_URL: database.url! };
      const intact = await finished(run(["verify-audit"], env));
      assert.equal(intact.code, 0, intact.output);
      const owner = new pg.Client({ connectionString: database.url });
      await owner.connect();
      await owner.query("ALTER TABLE actions DISABLE TRIGGER actions_append_only");
      await owner.query("UPDATE actions SET actor = 'someone-else' WHERE stream LIKE 'file:%' AND seq = 1");
      await owner.query("ALTER TABLE actions ENABLE TRIGGER actions_append_only");
      await owner.end();
      const tampered = await finished(run(["verify-audit"], env));
      assert.equal(tampered.code, 1);
      assert.match(tampered.output, /altered\s+stream=file:\S+ seq=1 /);
    } finally {
      await database.drop();
    }
  });
});

describe("tanfeeth anchor-audit and verify-audit against the checkpoint (embedded PGlite)", { skip: testDatabaseUrl ? "on PGlite: the checkpoints' checks run on both engines in test/integration/audit-anchor.test.ts" : false }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "tanfeeth-anchor-cli-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("a checkpoint is written; the registry's stream, deleted whole by the superuser, passes the chains but is named against it", async () => {
    const env = { TANFEETH_DATA_DIR: dataDir };
    assert.equal((await finished(run(["seed", "--files", "3"], env))).code, 0);
    const anchored = await finished(run(["anchor-audit"], env));
    assert.equal(anchored.code, 0, anchored.output);
    assert.match(anchored.output, /checkpoint 1 written to .*audit-anchors\/checkpoints\/0000000001\.jws: \d+ streams, \d+ actions, root [0-9a-f]{64}/);
    assert.match((await finished(run(["anchor-audit"], env))).output, /nothing changed since checkpoint 1/);

    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    // The registry's stream (persons, companies, staff roles, mandates): no projection is checked against it.
    const victim = "registry";
    assert.equal((await pglite.query("SELECT 1 FROM action_streams WHERE stream = $1", [victim])).rows.length, 1);
    await pglite.exec("ALTER TABLE actions DISABLE TRIGGER actions_append_only");
    await pglite.query("DELETE FROM actions WHERE stream = $1", [victim]);
    await pglite.query("DELETE FROM action_streams WHERE stream = $1", [victim]);
    await pglite.exec("ALTER TABLE actions ENABLE TRIGGER actions_append_only");
    await pglite.close();

    const verified = await finished(run(["verify-audit"], env));
    console.log(verified.output.trim());
    assert.equal(verified.code, 1);
    assert.doesNotMatch(verified.output, /^CHAIN/m, "the chains alone see nothing");
    assert.match(verified.output, /^ANCHOR  missing\s+stream=registry checkpoint=1 /m);
    assert.match(verified.output, /audit FAILED: 1 problem/);
  });
});
