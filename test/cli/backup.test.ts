/**
 * Backup and restore as an operator runs them: `tanfeeth backup` then `tanfeeth restore`
 * into an empty database, which verifies the audit chain and every projection; the restored
 * database holds the same rows. A restore never overwrites a database that holds anything,
 * and a damaged backup fails loudly instead of restoring half a database.
 */
import { pgliteExtensions } from "../../src/storage/database.ts";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createTestDatabase, testDatabaseUrl, withDatabaseName, type TestDatabase } from "../support/database.ts";
import { buildWorld, people } from "../support/fixtures.ts";
import { runTanfeeth, tempDir } from "../support/child.ts";

const tanfeeth = runTanfeeth;

/** Rows per table, to compare a restored database with its source. */
const countsQuery = `SELECT table_name AS name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text AS rows
  FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;

describe("backup and restore on embedded PGlite", { skip: testDatabaseUrl ? "covered by the PGlite pass" : false }, () => {
  // The second test damages the backup the first one made.
  let workDir: string;
  before(async () => {
    workDir = await tempDir("tanfeeth-backup");
  });

  async function counts(dataDir: string) {
    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    try {
      return (await pglite.query<{ name: string; rows: string }>(countsQuery)).rows;
    } finally {
      await pglite.close();
    }
  }

  test("a seeded data directory backs up and restores into a new one that verifies", async () => {
    const source = path.join(workDir, "source");
    const seeded = await tanfeeth(["seed", "--files", "12"], { TANFEETH_DATA_DIR: source });
    assert.equal(seeded.code, 0, seeded.output);
    const backupFile = path.join(workDir, "tanfeeth.tar.gz");
    const backup = await tanfeeth(["backup", "--out", backupFile], { TANFEETH_DATA_DIR: source });
    assert.equal(backup.code, 0, backup.output);
    assert.match(backup.output, /backup written: .* \(pglite, \d+ bytes/);

    const restored = path.join(workDir, "restored");
    const restore = await tanfeeth(["restore", "--from", backupFile], { TANFEETH_DATA_DIR: restored });
    assert.equal(restore.code, 0, restore.output);
    assert.match(restore.output, /audit chain intact/);
    assert.match(restore.output, /checked [1-9]\d* actions/);
    const expected = await counts(source);
    assert.ok(expected.some((table) => table.name === "actions" && Number(table.rows) > 0));
    assert.deepEqual(await counts(restored), expected);

    const again = await tanfeeth(["restore", "--from", backupFile], { TANFEETH_DATA_DIR: restored });
    assert.equal(again.code, 1);
    assert.match(again.output, /is not empty: restore into a new data directory/);
  });

  test("a truncated backup does not restore", async () => {
    const backupFile = path.join(workDir, "tanfeeth.tar.gz");
    const damaged = path.join(workDir, "damaged.tar.gz");
    const bytes = await readFile(backupFile);
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
    const restore = await tanfeeth(["restore", "--from", damaged], { TANFEETH_DATA_DIR: path.join(workDir, "from-damaged") });
    assert.notEqual(restore.code, 0, restore.output);
    assert.doesNotMatch(restore.output, /audit chain intact/);
  });
});

describe("backup and restore on PostgreSQL", { skip: testDatabaseUrl ? false : "needs TEST_DATABASE_URL: covered by the PostgreSQL pass" }, () => {
  let source: TestDatabase;
  let workDir: string;
  const created: string[] = [];
  before(async () => {
    workDir = await tempDir("tanfeeth-backup");
    source = await createTestDatabase();
    const world = await buildWorld(source.db);
    await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  });
  after(async () => {
    await source.drop();
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  async function emptyDatabase(): Promise<string> {
    const name = `tanfeeth_restore_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    created.push(name);
    return withDatabaseName(testDatabaseUrl!, name);
  }

  async function counts(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ name: string; rows: string }>(countsQuery)).rows;
    } finally {
      await client.end();
    }
  }

  test("pg_dump backup restores into an empty database that verifies, with the same rows", async () => {
    const backupFile = path.join(workDir, "tanfeeth.dump");
    const backup = await tanfeeth(["backup", "--out", backupFile], { DATABASE_URL: source.url! });
    assert.equal(backup.code, 0, backup.output);
    assert.match(backup.output, /\(postgres, \d+ bytes/);
    const target = await emptyDatabase();
    const restore = await tanfeeth(["restore", "--from", backupFile], { DATABASE_URL: target });
    assert.equal(restore.code, 0, restore.output);
    assert.match(restore.output, /audit chain intact/);
    assert.deepEqual(await counts(target), await counts(source.url!));

    const again = await tanfeeth(["restore", "--from", backupFile], { DATABASE_URL: target });
    assert.equal(again.code, 1);
    assert.match(again.output, /not empty/);
  });
});
