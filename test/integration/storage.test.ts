/**
 * Storage on both engines: migrations go up, down and up again; values come back with the
 * same JavaScript types from PGlite and PostgreSQL; the data directory is locked.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { DataDirLockedError, lockDataDir } from "../../src/storage/data-dir-lock.ts";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteExtensions, pgliteScriptConnection, pgScriptConnection } from "../../src/storage/database.ts";
import { loadMigrations, migrateDown, migrateUp, type ScriptConnection } from "../../src/storage/migrator.ts";
import { createTestDatabase, pgliteTemplate, type TestDatabase } from "../support/database.ts";
import { startProcess, tempDir } from "../support/child.ts";

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

test("int8, numeric, date and timestamptz read back as bigint, string, string and Date", async () => {
  const { rows } = await sql<{ big: unknown; exact: unknown; day: unknown; at: unknown; counted: unknown; summed: unknown }>`
    SELECT 9007199254740993::int8 AS big, 1234.567::numeric AS exact, DATE '2026-02-28' AS day,
           TIMESTAMPTZ '2026-02-28 21:30:00+00' AS at, count(*) AS counted, sum(9007199254740993::int8) AS summed
    FROM (VALUES (1)) AS v(x)`.execute(database.db);
  const row = rows[0]!;
  assert.equal(row.big, 9007199254740993n, "int8 as an exact bigint, beyond 2^53");
  assert.equal(row.exact, "1234.567");
  assert.equal(row.day, "2026-02-28", "a date stays a calendar date, no time zone shift");
  assert.ok(row.at instanceof Date);
  assert.equal((row.at as Date).toISOString(), "2026-02-28T21:30:00.000Z");
  assert.equal(row.counted, 1n);
  assert.equal(row.summed, "9007199254740993", "sum(int8) is numeric: an exact string");
});

test("migrations go down and up again, leaving the same schema", async () => {
  // A raw owner connection of the engine under test (migration scripts hold many statements).
  let connection: ScriptConnection;
  let close: () => Promise<unknown>;
  if (database.url) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    connection = pgScriptConnection(client);
    close = () => client.end();
  } else {
    const pglite = await PGlite.create("memory://", { loadDataDir: await pgliteTemplate(), extensions: pgliteExtensions });
    connection = pgliteScriptConnection(pglite);
    close = () => pglite.close();
  }
  try {
    const describeSchema = () =>
      connection.rows<{ table_name: string; column_name: string; data_type: string }>(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name",
      );
    const before = await describeSchema();
    assert.ok(before.some((column) => column.table_name === "actions"));
    const migrations = await loadMigrations();
    const names = migrations.map((migration) => migration.name);
    assert.deepEqual(await migrateDown(connection, names.length, migrations), [...names].reverse());
    assert.deepEqual((await describeSchema()).map((column) => column.table_name).filter((name) => name !== "schema_migrations"), []);
    assert.deepEqual(await migrateUp(connection, migrations), names);
    assert.deepEqual(await migrateUp(connection, migrations), [], "a second run applies nothing");
    assert.deepEqual(await describeSchema(), before);
  } finally {
    await close();
  }
});

test("a data directory is locked while open, refused to a second holder, and a dead holder's lock is taken over", async (t) => {
  const dir = await tempDir("tanfeeth-lock", t);
  const lock = lockDataDir(dir);
  assert.throws(() => lockDataDir(dir), DataDirLockedError, "the same process may not open it twice");
  lock.release();

  // Another process takes the lock and is then killed without releasing it.
  const holder = startProcess(process.execPath, ["-e", `
    const { lockDataDir } = await import(${JSON.stringify(path.resolve("src/storage/data-dir-lock.ts"))});
    lockDataDir(${JSON.stringify(dir)}); console.log("locked"); setInterval(() => {}, 1000);`], { scope: t });
  await holder.waitFor(/locked/);
  assert.throws(() => lockDataDir(dir), (error: unknown) => error instanceof DataDirLockedError && error.holderPid === holder.pid);
  await holder.kill();
  assert.equal(readFileSync(path.join(dir, "tanfeeth.lock"), "utf8"), String(holder.pid), "the dead holder's lock is still there");
  const taken = lockDataDir(dir);
  taken.release();
});

test("processes racing for a data directory (fresh, or behind a dead holder's lock) leave exactly one holder", async (t) => {
  const contenders = 6;
  for (const stale of [false, true]) {
    const dir = await tempDir("tanfeeth-lock-race", t);
    const go = path.join(dir, "go");
    if (stale) {
      // A lock left by a process that is gone: the pid of a finished child.
      const dead = startProcess(process.execPath, ["-e", ""], { scope: t });
      await dead.finished();
      writeFileSync(path.join(dir, "tanfeeth.lock"), String(dead.pid));
    }
    const racers = Array.from({ length: contenders }, () =>
      startProcess(process.execPath, ["-e", `
        const { existsSync } = await import("node:fs");
        const { lockDataDir } = await import(${JSON.stringify(path.resolve("src/storage/data-dir-lock.ts"))});
        console.log("ready");
        while (!existsSync(${JSON.stringify(go)})) await new Promise((resolve) => setTimeout(resolve, 2));
        try { lockDataDir(${JSON.stringify(dir)}); console.log("won"); setInterval(() => {}, 1000); }
        catch (error) { console.log(error.name === "DataDirLockedError" ? "refused " + error.holderPid : "failed " + error.message); process.exit(0); }`], { scope: t }),
    );
    for (const racer of racers) await racer.waitFor(/ready/);
    writeFileSync(go, "");
    const outcomes = await Promise.all(racers.map((racer) => racer.waitFor(/^(won|refused \d+|failed .*)$/m)));
    const winners = racers.filter((_, index) => outcomes[index]![1] === "won");
    assert.equal(winners.length, 1, `exactly one holder (${stale ? "stale lock" : "fresh directory"}): ${outcomes.map((outcome) => outcome[1]).join(", ")}`);
    for (const [index, outcome] of outcomes.entries()) {
      if (racers[index] !== winners[0]) assert.equal(outcome[1], `refused ${winners[0]!.pid}`, "every other contender is told who holds it");
    }
    assert.equal(readFileSync(path.join(dir, "tanfeeth.lock"), "utf8"), String(winners[0]!.pid));
    for (const racer of racers) await racer.kill();
  }
});
