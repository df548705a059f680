/**
 * Opens the database: embedded PGlite (a data directory, or memory) or PostgreSQL (a
 * connection string). Both return the same Kysely<Schema> with the same value types:
 * int8 as bigint, numeric as string, date as 'YYYY-MM-DD', timestamptz as Date.
 * Migrations run as the connecting (owning) role; the application then works as
 * tanfeeth_app, which may not UPDATE or DELETE the action log.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.ts";
import { migrateUp, type ScriptConnection } from "./migrator.ts";
import type { Schema } from "./schema.ts";

export type Db = Kysely<Schema>;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** PGlite only: a dump of the whole data directory (backup, or a template). */
  dump?: () => Promise<Blob>;
  /**
   * PGlite only: a gzip-compressed dump of the data directory taken while the instance
   * serves — between two transactions (it holds the one connection) and after a
   * CHECKPOINT, so it restores without recovery. `tanfeeth backup` of a running system.
   */
  snapshot?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** PGlite: start from this dump (PGlite.dumpDataDir), e.g. a restored backup. */
  loadDataDir?: Blob;
  /** Apply pending migrations before use. */
  migrate?: boolean;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** The role the application works as; null keeps the connecting role (for tools that must see everything, e.g. tests of tampering). */
  appRole?: string | null;
}

export const APP_ROLE = "tanfeeth_app";

// OIDs of the types whose parsing differs between pg and PGlite by default.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const asText = (value: string) => value;
const asBigInt = (value: string) => BigInt(value);

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

/** PostgreSQL extensions the migrations create, loaded into every embedded instance (pg_trgm: name search, migration 0016). */
export const pgliteExtensions = { pg_trgm };

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) lock = lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create(options.dataDir ?? "memory://", {
      extensions: pgliteExtensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: asBigInt, [NUMERIC]: asText, [DATE]: asText },
    });
    if (options.migrate) await migrateUp(pgliteScriptConnection(pglite));
    // One connection only: the role set here stays for the life of the instance.
    const appRole = options.appRole === undefined ? APP_ROLE : options.appRole;
    if (appRole) await pglite.exec(`SET ROLE ${quoteIdent(appRole)}`);
    const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: "pglite",
      dump: () => pglite.dumpDataDir("none"),
      snapshot: () =>
        db.connection().execute(async (connection) => {
          // CHECKPOINT needs the owner (the session user), not the application role.
          if (appRole) await sql`RESET ROLE`.execute(connection);
          try {
            await sql`CHECKPOINT`.execute(connection);
          } finally {
            if (appRole) await sql`SET ROLE ${sql.id(appRole)}`.execute(connection);
          }
          return pglite.dumpDataDir("gzip");
        }),
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === INT8) return asBigInt;
      if (oid === NUMERIC || oid === DATE) return asText;
      return pg.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  if (options.migrate) {
    const client = new pg.Client({ connectionString: url, types: pgTypes() });
    await client.connect();
    try {
      await migrateUp(pgScriptConnection(client));
    } finally {
      await client.end();
    }
  }
  const appRole = options.appRole === undefined ? APP_ROLE : options.appRole;
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes() });
  // A client losing its server (a restart) must not crash the process: idle clients are
  // dropped by the pool; a checked-out one (between a transaction's queries) has no
  // listener of the pool's, so it gets its own — its next query fails as a connection
  // error (503) and the pool discards it on release.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        if (appRole) await connection.executeQuery(CompiledQuery.raw(`SET ROLE ${quoteIdent(appRole)}`));
      },
    }),
  });
  return { db, kind: "postgres", close: () => db.destroy() };
}

/** A raw connection for migration scripts (many statements at once). */
export function pgliteScriptConnection(pglite: PGlite): ScriptConnection {
  return {
    exec: async (script) => void (await pglite.exec(script)),
    rows: async <Row>(text: string, params: unknown[] = []) => (await pglite.query<Row>(text, params)).rows,
  };
}

export function pgScriptConnection(client: pg.Client): ScriptConnection {
  return {
    exec: async (script) => void (await client.query(script)),
    rows: async <Row>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as Row[],
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
