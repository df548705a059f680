/**
 * Backups and restores of the whole database. PostgreSQL: `pg_dump --format=custom` and
 * `pg_restore` (the server's own tools, so large databases stream and restore in parallel).
 * PGlite: its own data-directory dump (a tar archive, gzip-compressed), which is how an
 * embedded Postgres is copied safely. A restore goes only into an EMPTY target — it never
 * overwrites a database that holds anything — and is then checked with verify-audit by
 * the caller, so a damaged or incomplete backup is found at restore time, not in a crisis.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, readFile, rename, stat, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { pgliteExtensions } from "./database.ts";

export interface BackupTarget {
  /** PostgreSQL connection string; when absent, the PGlite data directory below. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

export interface BackupResult {
  engine: "postgres" | "pglite";
  file: string;
  bytes: number;
}

export class BackupError extends Error {}

export interface BackupOptions {
  /** A line on what is being written now (pg_dump: each table as it starts). */
  onProgress?: (text: string) => void;
}

/**
 * Writes a backup to `file` (atomically: a partial backup never carries the final name;
 * readable by its owner alone, since it holds personal data).
 */
export async function backupDatabase(target: BackupTarget, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const partial = `${file}.partial`;
  if (target.databaseUrl) {
    // pg_dump takes one consistent snapshot and only reads: it runs beside the live system.
    await run("pg_dump", ["--format=custom", "--verbose", "--file", partial], target.databaseUrl, (line) => {
      const table = line.match(/dumping contents of table "?([^"]+)"?/);
      if (table) options.onProgress?.(`table ${table[1]}`);
    });
    await chmod(partial, 0o600);
    await rename(partial, file);
    return { engine: "postgres", file, bytes: (await stat(file)).size };
  }
  const dataDir = requireDataDir(target);
  if (!existsSync(dataDir)) throw new BackupError(`no database at ${dataDir}`);
  // The data directory must not change under the dump: take its lock (fails while `start` runs).
  const lock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    try {
      const archive = await pglite.dumpDataDir("gzip");
      const bytes = Buffer.from(await archive.arrayBuffer());
      await writeFile(partial, bytes, { mode: 0o600 });
      await rename(partial, file);
      return { engine: "pglite", file, bytes: bytes.byteLength };
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
}

/** Restores `file` into an empty target database or a data directory that does not exist yet. */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<{ engine: "postgres" | "pglite" }> {
  if (!existsSync(file)) throw new BackupError(`no backup file at ${file}`);
  if (target.databaseUrl) {
    await assertPostgresEmpty(target.databaseUrl);
    // The application role is cluster-wide: a fresh cluster needs it before the grants restore.
    await ensureAppRole(target.databaseUrl);
    await run("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--dbname", databaseName(target.databaseUrl), file], target.databaseUrl);
    return { engine: "postgres" };
  }
  const dataDir = requireDataDir(target);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(`${dataDir} is not empty: restore into a new data directory (TANFEETH_DATA_DIR)`);
  }
  const lock = lockDataDir(dataDir);
  try {
    const archive = new Blob([await readFile(file)]);
    const pglite = await PGlite.create(dataDir, { loadDataDir: archive, extensions: pgliteExtensions });
    await pglite.close();
  } finally {
    lock.release();
  }
  return { engine: "pglite" };
}

function requireDataDir(target: BackupTarget): string {
  if (!target.dataDir) throw new BackupError("no database configured: set DATABASE_URL or TANFEETH_DATA_DIR");
  return target.dataDir;
}

async function assertPostgresEmpty(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tables: string }>(
      "SELECT count(*)::text AS tables FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (rows[0]!.tables !== "0") throw new BackupError("the target database is not empty: restore into a newly created database");
  } finally {
    await client.end();
  }
}

async function ensureAppRole(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tanfeeth_app') THEN CREATE ROLE tanfeeth_app NOLOGIN; END IF; END $$",
    );
  } finally {
    await client.end();
  }
}

/**
 * libpq's environment for a connection string, so that a password never appears in the
 * process list (as it would in a --dbname argument).
 */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = { PGDATABASE: databaseName(url) };
  if (parsed.hostname) env.PGHOST = decodeURIComponent(parsed.hostname);
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/**
 * Runs one of PostgreSQL's client tools; its stderr is the error (it names no personal
 * data), less the --verbose lines, which go to `onLine`.
 */
function run(command: string, args: string[], databaseUrl: string, onLine?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...libpqEnvironment(databaseUrl) } });
    let stderr = "";
    let partialLine = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const lines = (partialLine + chunk.toString("utf8")).split("\n");
      partialLine = lines.pop() ?? "";
      for (const line of lines) {
        if (onLine && /^\S+: (?!error|warning|detail|hint)/i.test(line)) onLine(line);
        else stderr += `${line}\n`;
      }
    });
    child.stderr.on("end", () => (stderr += partialLine));
    child.on("error", (error) => reject(new BackupError(`${command} could not run: ${error.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (${code}): ${stderr.trim()}`))));
  });
}
