/**
 * Everything in the database, in one round trip: for every table of the schema (found at
 * run time, so tables added later are covered), its row count and a checksum of its rows'
 * contents. Two equal fingerprints mean nothing was inserted, updated or deleted.
 */
import { sql } from "kysely";
import { APP_ROLE, type Db } from "../../../src/storage/database.ts";
import type { TestDatabase } from "../../support/database.ts";

export type Fingerprint = Record<string, string>;

/**
 * Written by reads on purpose, a moment after them (src/app/read-log.ts: the read log,
 * flushed off the request path): left out, or every allowed read would look like a write
 * and a flush landing during a refusal would blame it. A refused request records no read;
 * test/http/read-log.test.ts checks what reads record.
 */
export const writtenByReads: readonly string[] = ["read_log"];

export async function fingerprintQuery(db: Db): Promise<() => Promise<Fingerprint>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
    ORDER BY table_name`.execute(db);
  const names = tables.rows.map((row) => row.table_name).filter((name) => !writtenByReads.includes(name));
  if (names.length === 0) throw new Error("no tables found");
  // hashtext over each row's text form: cheap, and any change of any column changes the sum.
  const columns = names.map((name) => `(SELECT count(*)::text || ':' || coalesce(sum(hashtext(t::text)::bigint), 0)::text FROM "${name}" t) AS "${name}"`);
  const query = sql.raw<Fingerprint>(`SELECT ${columns.join(",\n")}`);
  return async () => (await query.execute(db)).rows[0]!;
}

/** The tables whose fingerprint differs, with before → after. */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}

/**
 * A cheap marker that moves whenever anything may have been written: a test-only
 * statement trigger on every table of this test database bumps a sequence (sequences are
 * not rolled back, so even a write undone later moves it). Row locks move nothing, so a
 * refusal that only locked the file costs no fingerprint. While it stands still nothing
 * was written, and the full fingerprint need not be taken again.
 */
export async function writeMarker(database: Pick<TestDatabase, "db" | "asOwner">): Promise<() => Promise<string>> {
  await database.asOwner(async (owner) => {
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(owner);
    await sql`CREATE SEQUENCE IF NOT EXISTS test_write_counter`.execute(owner);
    await sql`GRANT SELECT ON test_write_counter TO ${sql.id(APP_ROLE)}`.execute(owner);
    await sql.raw(`CREATE OR REPLACE FUNCTION test_count_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${JSON.stringify((await sql<{ s: string }>`SELECT current_schema() AS s`.execute(owner)).rows[0]!.s)} AS $$ BEGIN PERFORM nextval('test_write_counter'); RETURN NULL; END $$`).execute(owner);
    for (const { table_name: table } of tables.rows.filter((row) => !writtenByReads.includes(row.table_name))) {
      await sql.raw(`CREATE OR REPLACE TRIGGER test_count_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION test_count_write()`).execute(owner);
    }
  });
  const query = sql<{ mark: string }>`SELECT last_value::text || ':' || is_called::text AS mark FROM test_write_counter`;
  return async () => (await query.execute(database.db)).rows[0]!.mark;
}

/** The database's fingerprint before and after an act, taking the full fingerprint only when the marker moved. */
export async function writeDetector(database: Pick<TestDatabase, "db" | "asOwner">) {
  const fingerprint = await fingerprintQuery(database.db);
  const marker = await writeMarker(database);
  let known: { mark: string; print: Fingerprint } | null = null;
  const now = async (): Promise<Fingerprint> => {
    const mark = await marker();
    if (!known || known.mark !== mark) known = { mark, print: await fingerprint() };
    return known.print;
  };
  /** The fingerprint last taken, if nothing was forgotten since: the state before the next act, when nothing else runs between. */
  const last = async (): Promise<Fingerprint> => known?.print ?? now();
  return { now, last, forget: () => (known = null) };
}
