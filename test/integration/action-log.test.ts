/**
 * The action log: append-only for the application role, hash-chained per file, and
 * verify-audit finds any altered, removed or reordered row and names it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

/** A file with a few actions on it: opened, a bank attachment requested and approved, orders created. */
async function fileWithHistory() {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const detail = await readFile(world.deps, await world.as(people.creditor), file.id);
  const debtor = detail.parties.find((party) => party.party_role === "debtor")!;
  await requestProcedure(world.deps, await world.as(people.creditor), {
    kind: "bank_attachment",
    fileId: file.id,
    debtorPartyId: debtor.id,
    amount: 1_000_000n,
    banks: ["NBOK", "KFHO"],
  });
  return { fileId: file.id, stream: `file:${file.id}` };
}

/** Runs verify-audit and returns the problems found in one stream. */
async function problemsIn(stream: string) {
  const report = await verifyAudit(database.db);
  return report.chainProblems.filter((problem) => problem.stream === stream);
}

async function expectRefused(statement: Promise<unknown>) {
  await assert.rejects(statement, (error: { code?: string }) => {
    assert.equal(error.code, "42501", "insufficient_privilege");
    return true;
  });
}

describe("the application role", () => {
  test("holds no UPDATE, DELETE or TRUNCATE privilege on actions, only SELECT and INSERT", async () => {
    const { rows } = await sql<{ privilege: string; granted: boolean }>`
      SELECT p AS privilege, has_table_privilege('tanfeeth_app', 'actions', p) AS granted
      FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p`.execute(database.db);
    assert.deepEqual(
      Object.fromEntries(rows.map((row) => [row.privilege, row.granted])),
      { SELECT: true, INSERT: true, UPDATE: false, DELETE: false, TRUNCATE: false },
    );
  });

  test("is refused when it tries to change or remove an action", async () => {
    const { stream } = await fileWithHistory();
    await expectRefused(sql`UPDATE actions SET reason = 'rewritten' WHERE stream = ${stream}`.execute(database.db));
    await expectRefused(sql`DELETE FROM actions WHERE stream = ${stream}`.execute(database.db));
    await expectRefused(sql`TRUNCATE actions`.execute(database.db));
    assert.deepEqual(await problemsIn(stream), []);
  });

  test("the owner is stopped by the append-only trigger too", async () => {
    const { stream } = await fileWithHistory();
    await database.asOwner(async (owner) => {
      await expectRefused(sql`UPDATE actions SET reason = 'rewritten' WHERE stream = ${stream}`.execute(owner));
    });
  });
});

describe("verify-audit", () => {
  /** Tampering as someone with the owner's rights who also switched the trigger off. */
  async function tamper(statement: (db: Parameters<Parameters<TestDatabase["asOwner"]>[0]>[0]) => Promise<unknown>) {
    await database.asOwner(async (owner) => {
      await sql`ALTER TABLE actions DISABLE TRIGGER actions_append_only`.execute(owner);
      try {
        await statement(owner);
      } finally {
        await sql`ALTER TABLE actions ENABLE TRIGGER actions_append_only`.execute(owner);
      }
    });
  }

  // Runs first, before any test here tampers with the log.
  test("passes an untouched log, chains by file and checks the projections", async () => {
    const { stream } = await fileWithHistory();
    const report = await verifyAudit(database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
    assert.ok(report.actions >= 5);
    const { rows } = await sql<{ seq: bigint }>`SELECT seq FROM actions WHERE stream = ${stream} ORDER BY seq`.execute(database.db);
    assert.deepEqual(rows.map((row) => Number(row.seq)), rows.map((_, index) => index + 1));
  });

  test("names an altered row", async () => {
    const { stream } = await fileWithHistory();
    await tamper((owner) => sql`UPDATE actions SET payload = jsonb_set(payload, '{amount}', '"1"') WHERE stream = ${stream} AND seq = 2`.execute(owner));
    assert.deepEqual(await problemsIn(stream), [
      { stream, seq: 2n, actionId: (await actionId(stream, 2)), problem: "altered" },
    ]);
  });

  test("names the place of a removed row", async () => {
    const { stream } = await fileWithHistory();
    await tamper((owner) => sql`DELETE FROM actions WHERE stream = ${stream} AND seq = 3`.execute(owner));
    const problems = await problemsIn(stream);
    assert.deepEqual(problems.map((problem) => [problem.seq, problem.problem]), [[4n, "missing_before"]]);
  });

  test("sees a removed last row against the chain head", async () => {
    const { stream } = await fileWithHistory();
    const last = await lastSeq(stream);
    await tamper((owner) => sql`DELETE FROM actions WHERE stream = ${stream} AND seq = ${last}`.execute(owner));
    const problems = await problemsIn(stream);
    assert.deepEqual(problems.map((problem) => problem.problem), ["head_mismatch"]);
  });

  test("names reordered rows", async () => {
    const { stream } = await fileWithHistory();
    // Swap the places of actions 2 and 3.
    await tamper(async (owner) => {
      await sql`UPDATE actions SET seq = -2 WHERE stream = ${stream} AND seq = 2`.execute(owner);
      await sql`UPDATE actions SET seq = 2 WHERE stream = ${stream} AND seq = 3`.execute(owner);
      await sql`UPDATE actions SET seq = 3 WHERE stream = ${stream} AND seq = -2`.execute(owner);
    });
    const problems = await problemsIn(stream);
    assert.ok(problems.some((problem) => problem.seq === 2n && problem.problem === "altered"), JSON.stringify(problems, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
    assert.ok(problems.some((problem) => problem.seq === 3n));
  });

  test("sees a projection changed behind the log's back", async () => {
    const { fileId } = await fileWithHistory();
    await database.asOwner((owner) => sql`UPDATE procedures SET status = 'lifted' WHERE file_id = ${fileId}`.execute(owner));
    const report = await verifyAudit(database.db);
    assert.ok(report.projectionProblems.some((problem) => problem.entity === "procedure" && problem.problem.includes("lifted")));
    await database.asOwner((owner) => sql`UPDATE procedures SET status = 'ordered' WHERE file_id = ${fileId}`.execute(owner));
  });
});

describe("concurrent appends", () => {
  test("many transactions on one file and on many files keep every chain whole", async () => {
    const files = await Promise.all([1, 2, 3].map(() => world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })));
    const debtors = await Promise.all(
      files.map(async (file) => (await readFile(world.deps, await world.as(people.creditor), file.id)).parties.find((party) => party.party_role === "debtor")!.id),
    );
    const context = await world.as(people.creditor);
    await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        requestProcedure(world.deps, context, {
          kind: "bank_attachment",
          fileId: files[index % 3]!.id,
          debtorPartyId: debtors[index % 3]!,
          amount: 1000n + BigInt(index),
          banks: ["NBOK"],
        }),
      ),
    );
    // Earlier tests in this file tampered with their own files on purpose: look at these.
    for (const file of files) assert.deepEqual(await problemsIn(`file:${file.id}`), []);
    for (const file of files) {
      // Opened (1) + 8 requests × (request, approve, order) = 25 actions.
      assert.equal(await lastSeq(`file:${file.id}`), 25n);
    }
  });
});

async function lastSeq(stream: string): Promise<bigint> {
  const { rows } = await sql<{ last: bigint }>`SELECT max(seq) AS last FROM actions WHERE stream = ${stream}`.execute(database.db);
  return rows[0]!.last;
}

async function actionId(stream: string, seq: number): Promise<bigint> {
  const { rows } = await sql<{ id: bigint }>`SELECT id FROM actions WHERE stream = ${stream} AND seq = ${seq}`.execute(database.db);
  return rows[0]!.id;
}
