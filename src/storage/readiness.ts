/** The schema is current: every migration shipped with this code has been applied. */
import { sql } from "kysely";
import type { Db } from "./database.ts";
import { loadMigrations } from "./migrator.ts";

export async function schemaIsCurrent(db: Db): Promise<boolean> {
  const expected = (await loadMigrations()).map((migration) => migration.name);
  const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  return expected.every((name) => applied.has(name));
}
