/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * PostgreSQL database (created beside TEST_DATABASE_URL's, dropped afterwards) when
 * TEST_DATABASE_URL is set. CI runs the suite both ways.
 */
import pg from "pg";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { APP_ROLE, openDatabase, type Database } from "../../src/storage/database.ts";
import { loadMigrations } from "../../src/storage/migrator.ts";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export interface TestDatabase extends Database {
  /** Connection options to open more handles on the same database (e.g. as owner). */
  url: string | undefined;
  /** Runs `work` as the database owner, not the application role (to play an attacker with superuser rights). */
  asOwner<T>(work: (db: Database["db"]) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creating a PGlite database from nothing takes seconds (initdb in WebAssembly); loading
 * a dump takes a fraction. The first test process makes a migrated template per version
 * of the migrations and every test file starts from it.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const migrations = await loadMigrations();
  const version = createHash("sha256").update(JSON.stringify(migrations)).digest("hex").slice(0, 16);
  const dir = path.join(process.cwd(), ".tmp");
  const file = path.join(dir, `pglite-template-${version}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const database = await openDatabase({ migrate: true, appRole: null });
    const dump = await database.dump!();
    await database.close();
    await mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    // PGlite has one connection: the owner's view is the same instance without SET ROLE.
    const database = await openDatabase({ loadDataDir: await pgliteTemplate() });
    return {
      ...database,
      url: undefined,
      asOwner: async (work) => {
        await sql`RESET ROLE`.execute(database.db);
        try {
          return await work(database.db);
        } finally {
          await sql`SET ROLE ${sql.id(APP_ROLE)}`.execute(database.db);
        }
      },
      drop: () => database.close(),
    };
  }
  const name = `tanfeeth_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabaseName(testDatabaseUrl, name);
  const database = await openDatabase({ url, migrate: true, poolSize: 4 });
  const owners: Database[] = [];
  const owner = async () => {
    if (!owners[0]) owners.push(await openDatabase({ url, appRole: null, poolSize: 1 }));
    return owners[0]!;
  };
  return {
    ...database,
    url,
    asOwner: async (work) => work((await owner()).db),
    drop: async () => {
      await Promise.all(owners.map((owner) => owner.close()));
      await database.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
