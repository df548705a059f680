/**
 * Migration 0012 on a database that already holds money: every earlier credit through the
 * department is booked once, as the hook would book it now (payments reported as made
 * outside are not), and the migration goes down and up again.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteExtensions, pgliteScriptConnection, pgScriptConnection } from "../../src/storage/database.ts";
import { loadMigrations, migrateDown, migrateUp, type ScriptConnection } from "../../src/storage/migrator.ts";
import { createTestDatabase, pgliteTemplate, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;
let connection: ScriptConnection;
let close: () => Promise<unknown>;

before(async () => {
  database = await createTestDatabase();
  // A raw owner connection of the engine under test (migration scripts hold many statements).
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
});
after(async () => {
  await close();
  await database.drop();
});

test("earlier credits through the department are booked once when the treasury arrives", async () => {
  const migrations = await loadMigrations();
  const names = migrations.map((migration) => migration.name);
  const fromTreasury = names.length - names.indexOf("0012_treasury");
  assert.deepEqual((await migrateDown(connection, fromTreasury, migrations)).at(-1), "0012_treasury");

  const file = "6f1c1f3e-0000-4000-8000-000000000001";
  await connection.exec(`
    INSERT INTO enforcement_files (id, number, status, claim_total, recovered_total, opened_by, opened_at, updated_at)
      VALUES ('${file}', '2026/900001', 'open', 100000, 60000, 'system', now(), now());
    INSERT INTO ledger_entries (id, file_id, entry_kind, amount, source, reference, recorded_by, recorded_at) VALUES
      ('6f1c1f3e-0000-4000-8000-000000000011', '${file}', 'payment', 10000, 'cash_at_department', 'R-1', 'system', now()),
      ('6f1c1f3e-0000-4000-8000-000000000012', '${file}', 'recovery', 20000, 'frozen_funds_transfer', 'transfer:bank:NBOK:T-1', 'bank:NBOK', now()),
      ('6f1c1f3e-0000-4000-8000-000000000013', '${file}', 'payment', 30000, 'reported_by_creditor', 'C-1', 'system', now());`);
  assert.equal((await migrateUp(connection, migrations)).length, fromTreasury);

  const entries = await connection.rows<{ movement_kind: string; reference: string; amount: string; bank: string | null }>(
    "SELECT movement_kind, reference, amount::text, details->>'bankCode' AS bank FROM treasury_entries WHERE file_id = $1 ORDER BY amount",
    [file],
  );
  assert.deepEqual(entries, [
    { movement_kind: "debtor_payment", reference: `${file}/R-1`, amount: "10000", bank: null },
    { movement_kind: "bank_transfer", reference: `${file}/transfer:bank:NBOK:T-1`, amount: "20000", bank: "NBOK" },
  ]);
  const lines = await connection.rows<{ account: string; debit: string; credit: string }>(
    "SELECT account, sum(debit)::text AS debit, sum(credit)::text AS credit FROM treasury_lines l JOIN treasury_entries e ON e.id = l.entry_id WHERE e.file_id = $1 GROUP BY account ORDER BY account",
    [file],
  );
  assert.deepEqual(lines, [
    { account: "bank_transfers_clearing", debit: "20000", credit: "0" },
    { account: "cash_on_hand", debit: "10000", credit: "0" },
    { account: "funds_held", debit: "0", credit: "30000" },
  ]);
});
