/**
 * The tanfeeth command as a person runs it: `start` serves a seeded system and is ready,
 * refuses a second instance on the same data, stops cleanly on Ctrl-C; a `start` killed
 * outright leaves a lock that the next command takes over; `verify-audit` passes an
 * intact log and names a tampered row with a failing exit code. Every process is stopped
 * when its test ends, however it ends (test/support/child.ts).
 */
import { pgliteExtensions } from "../../src/storage/database.ts";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { testDatabaseUrl, createTestDatabase } from "../support/database.ts";
import { buildWorld, people } from "../support/fixtures.ts";
import { runTanfeeth, startTanfeeth, tempDir } from "../support/child.ts";
import { freePort } from "../support/private-postgres.ts";

/** `start` with every port its own: the stand-ins' default ports may be taken on a shared machine. */
async function startEnv(dataDir: string): Promise<Record<string, string>> {
  return {
    TANFEETH_DATA_DIR: dataDir,
    PORT: "0",
    SIMULATORS_PORT: String(await freePort()),
    NOTICE_STANDINS_PORT: String(await freePort()),
    PAYMENTS_STANDIN_PORT: String(await freePort()),
  };
}

describe("tanfeeth start (embedded PGlite)", { skip: testDatabaseUrl ? "start runs on embedded PGlite: covered by the PGlite pass" : false }, () => {
  // One data directory for the two steps: the second alters what the first seeded.
  let dataDir: string;
  before(async () => {
    dataDir = await tempDir("tanfeeth-start");
  });

  test("serves a seeded, ready system; refuses a second start; stops on SIGINT; verify-audit then passes", async (t) => {
    const server = startTanfeeth(["start", "--files", "12"], await startEnv(dataDir), { scope: t });
    const [, url] = await server.waitFor(/tanfeeth is running: (http:\/\/\S+)/);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${url}/api/v1/files`)).status, 401);

    const second = await runTanfeeth(["start", "--files", "12"], await startEnv(dataDir), { scope: t });
    assert.equal(second.code, 1);
    assert.match(second.output, /in use by another tanfeeth process \(pid \d+\)/);
    // The lock's first line is its holder's pid (notes such as the admin socket follow).
    assert.equal(readFileSync(path.join(dataDir, "tanfeeth.lock"), "utf8").split("\n")[0], String(server.pid), "the first start still holds the lock");

    const stopped = await server.stop("SIGINT");
    assert.deepEqual([stopped.code, stopped.signal], [0, null], stopped.output);
    assert.equal(existsSync(path.join(dataDir, "tanfeeth.lock")), false, "the lock is released");

    const verified = await runTanfeeth(["verify-audit"], { TANFEETH_DATA_DIR: dataDir }, { scope: t });
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
    const verified = await runTanfeeth(["verify-audit"], { TANFEETH_DATA_DIR: dataDir });
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
      const intact = await runTanfeeth(["verify-audit"], env);
      assert.equal(intact.code, 0, intact.output);
      const owner = new pg.Client({ connectionString: database.url });
      await owner.connect();
      await owner.query("ALTER TABLE actions DISABLE TRIGGER actions_append_only");
      await owner.query("UPDATE actions SET actor = 'someone-else' WHERE stream LIKE 'file:%' AND seq = 1");
      await owner.query("ALTER TABLE actions ENABLE TRIGGER actions_append_only");
      await owner.end();
      const tampered = await runTanfeeth(["verify-audit"], env);
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
    dataDir = await tempDir("tanfeeth-anchor-cli");
  });

  test("a checkpoint is written; the registry's stream, deleted whole by the superuser, passes the chains but is named against it", async () => {
    const env = { TANFEETH_DATA_DIR: dataDir };
    assert.equal((await runTanfeeth(["seed", "--files", "3"], env)).code, 0);
    const anchored = await runTanfeeth(["anchor-audit"], env);
    assert.equal(anchored.code, 0, anchored.output);
    assert.match(anchored.output, /checkpoint 1 written to .*audit-anchors\/checkpoints\/0000000001\.jws: \d+ streams, \d+ actions, root [0-9a-f]{64}/);
    assert.match((await runTanfeeth(["anchor-audit"], env)).output, /nothing changed since checkpoint 1/);

    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    // The registry's stream (persons, companies, staff roles, mandates): no projection is checked against it.
    const victim = "registry";
    assert.equal((await pglite.query("SELECT 1 FROM action_streams WHERE stream = $1", [victim])).rows.length, 1);
    await pglite.exec("ALTER TABLE actions DISABLE TRIGGER actions_append_only");
    await pglite.query("DELETE FROM actions WHERE stream = $1", [victim]);
    await pglite.query("DELETE FROM action_streams WHERE stream = $1", [victim]);
    await pglite.exec("ALTER TABLE actions ENABLE TRIGGER actions_append_only");
    await pglite.close();

    const verified = await runTanfeeth(["verify-audit"], env);
    console.log(verified.output.trim());
    assert.equal(verified.code, 1);
    assert.doesNotMatch(verified.output, /^CHAIN/m, "the chains alone see nothing");
    assert.match(verified.output, /^ANCHOR  missing\s+stream=registry checkpoint=1 /m);
    assert.match(verified.output, /audit FAILED: 1 problem/);
  });
});
