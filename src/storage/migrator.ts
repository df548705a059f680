/**
 * Applies the plain-SQL migrations in ./migrations (NNNN_name.up.sql / .down.sql) in
 * order, each in its own transaction, recorded in schema_migrations. Our own small runner
 * rather than kysely's Migrator because migration files hold many statements, which
 * PGlite's extended-protocol `query` (what kysely uses) refuses; `exec` runs them.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

/** The few things the migrator needs from a raw connection (PGlite or a pg client). */
export interface ScriptConnection {
  exec(script: string): Promise<void>;
  rows<Row>(text: string, params?: unknown[]): Promise<Row[]>;
}

export interface Migration {
  name: string;
  up: string;
  down: string;
}

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
// An arbitrary constant: concurrent migrators (several nodes starting) queue on it.
const MIGRATION_LOCK_ID = 727_3380;

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".up.sql")).sort();
  return Promise.all(
    files.map(async (file) => {
      const name = file.slice(0, -".up.sql".length);
      return {
        name,
        up: await readFile(path.join(dir, file), "utf8"),
        down: await readFile(path.join(dir, `${name}.down.sql`), "utf8"),
      };
    }),
  );
}

async function appliedNames(connection: ScriptConnection): Promise<string[]> {
  await connection.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const rows = await connection.rows<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
  return rows.map((row) => row.name);
}

async function withLock<T>(connection: ScriptConnection, work: () => Promise<T>): Promise<T> {
  await connection.rows("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
  try {
    return await work();
  } finally {
    await connection.rows("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
  }
}

/** Runs a script as one transaction; on failure the connection is left usable. */
async function execInTransaction(connection: ScriptConnection, script: string): Promise<void> {
  try {
    await connection.exec(`BEGIN;\n${script}\n;COMMIT;`);
  } catch (error) {
    await connection.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(connection: ScriptConnection, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return withLock(connection, async () => {
    const applied = new Set(await appliedNames(connection));
    const pending = all.filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await execInTransaction(
        connection,
        `${migration.up}\n;INSERT INTO schema_migrations (name) VALUES (${quoteLiteral(migration.name)})`,
      );
    }
    // The application role reads this table to know the schema is current (/readyz).
    await connection.exec(
      "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tanfeeth_app') THEN GRANT SELECT ON schema_migrations TO tanfeeth_app; END IF; END $$",
    );
    return pending.map((migration) => migration.name);
  });
}

/** Reverts the last `steps` applied migrations; returns the names reverted. */
export async function migrateDown(connection: ScriptConnection, steps = 1, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return withLock(connection, async () => {
    const applied = (await appliedNames(connection)).reverse().slice(0, steps);
    for (const name of applied) {
      const migration = all.find((candidate) => candidate.name === name);
      if (!migration) throw new Error(`migration ${name} is applied but its files are missing`);
      await execInTransaction(
        connection,
        `${migration.down}\n;DELETE FROM schema_migrations WHERE name = ${quoteLiteral(name)}`,
      );
    }
    return applied;
  });
}

/** Names of migrations not yet applied, as seen through any connection that can read the table. */
export async function pendingMigrationNames(appliedNow: readonly string[], migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  const applied = new Set(appliedNow);
  return all.map((migration) => migration.name).filter((name) => !applied.has(name));
}
