/**
 * `npm run bench:explain [-- --files 100000 --database NAME --database-url postgres://…/postgres]`: the
 * plans of the main queries on PostgreSQL, as the code sends them (captured from Kysely's
 * log, not rewritten by hand), with EXPLAIN (ANALYZE, BUFFERS) over a bulk-seeded
 * database, written to bench/explain/<name>.txt. Re-run after a change of query or index
 * and compare.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import { claimBulkRows } from "../src/app/bulk/process-bulk-rows.ts";
import { makeDeps } from "../src/app/deps.ts";
import { benchCreditors, bulkSeed } from "../src/seed/bulk-seed.ts";
import { openDatabase } from "../src/storage/database.ts";
import { fileDetail, listFiles } from "../src/storage/files/reads.ts";
import { lockFile } from "../src/storage/files/repository.ts";
import { openReviewItems } from "../src/storage/review/repository.ts";
import type { Schema } from "../src/storage/schema.ts";
import { sql } from "kysely";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
};
const files = Number(flag("files", "100000").replaceAll("_", ""));
const adminUrl = flag("database-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
// --database NAME: explain on a database seeded before (e.g. the one `npm run bench -- --only d --keep-scale` kept).
const name = flag("database", `tanfeeth_bench_explain_${files}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const out = path.join(path.dirname(new URL(import.meta.url).pathname), "explain");

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0;
if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();

const database = await openDatabase({ url: url.toString(), migrate: true, appRole: null });
const present = Number((await sql<{ n: bigint }>`SELECT count(*) AS n FROM enforcement_files`.execute(database.db)).rows[0]!.n);
if (present < files) {
  process.stderr.write(`seeding ${files - present} files …\n`);
  const seeded = await bulkSeed(database.db, { files: files - present, parallel: 2, progress: (written) => process.stderr.write(`\r${written}`) });
  process.stderr.write(`\nseeded in ${seeded.seconds.toFixed(0)} s\n`);
}
await sql`ANALYZE`.execute(database.db);

// The same queries the application sends, captured as compiled.
const captured: CompiledQuery[] = [];
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
const capturing = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
const capture = async (label: string, work: () => Promise<unknown>) => {
  captured.length = 0;
  await work();
  const statements = captured.filter((query) => !/^\s*(begin|commit|rollback)\b/i.test(query.sql));
  return statements.map((query, index) => ({ label: statements.length > 1 ? `${label}-${index + 1}` : label, query }));
};
const company = benchCreditors[0].crNumber;
const subject = { civilId: "280021188128", staffRoles: [], companies: [company], mandates: [] };
const sample = (await sql<{ id: string }>`SELECT file_id AS id FROM file_parties WHERE cr_number = ${company} ORDER BY file_id LIMIT 1`.execute(database.db)).rows[0]!.id;
const queries = [
  ...(await capture("my-files", () => listFiles(capturing, subject, false, { limit: 20 }, new Date()))),
  ...(await capture("my-files-search", () => listFiles(capturing, subject, false, { limit: 20, search: "Bench debtor 4242" }, new Date()))),
  ...(await capture("file-page", () => fileDetail(capturing, sample))),
  ...(await capture("judges-queue", () => openReviewItems(capturing, { queue: "judge", limit: 50 }))),
  ...(await capture("lock-file", () => capturing.transaction().execute((tx) => lockFile(tx, sample)))),
  ...(await capture("claim-bulk-rows", () => capturing.transaction().execute(() => claimBulkRows(makeDeps(capturing, { now: () => new Date() }), 200)))),
];

mkdirSync(out, { recursive: true });
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
const summary: string[] = [];
for (const { label, query } of queries) {
  // ANALYZE runs the statement: in a transaction rolled back, so claims and locks leave nothing.
  await client.query("BEGIN");
  const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters as unknown[]);
  await client.query("ROLLBACK");
  const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
  writeFileSync(path.join(out, `${label}.txt`), `-- ${label}: ${files} files (bulk-seeded), PostgreSQL\n-- ${query.sql.replace(/\s+/g, " ")}\n\n${text}\n`);
  summary.push(`${label.padEnd(22)} ${/Execution Time: ([\d.]+ ms)/.exec(text)?.[1] ?? "?"}`);
}
await client.end();
await pool.end();
await database.close();
console.log(summary.join("\n"));
console.log(`plans written to ${path.relative(process.cwd(), out)}/`);
