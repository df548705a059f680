/**
 * The fast seeder for a country's volume: what it writes must be as valid as what the use
 * cases write — hash chains, heads and projections pass verify-audit, and the reads and
 * queues of the back office see the files.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { bulkSeed, benchCreditors } from "../../src/seed/bulk-seed.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { listFiles } from "../../src/storage/files/reads.ts";
import { openReviewItems } from "../../src/storage/review/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database?.drop();
});

test("bulk-seeded files pass verify-audit and show in the reads", async () => {
  const progress: number[] = [];
  const summary = await bulkSeed(database.db, { files: 45, chunk: 20, progress: (written) => progress.push(written) });
  assert.deepEqual(progress, [20, 40, 45]);
  assert.deepEqual([summary.files, summary.procedures, summary.actions], [45, 225, 45 * 25]);
  // A second run adds files and persons without colliding with the first.
  await bulkSeed(database.db, { files: 5 });

  const report = await verifyAudit(database.db);
  assert.deepEqual(report.chainProblems, []);
  assert.deepEqual(report.projectionProblems, []);
  assert.equal(report.actions, 50 * 25);

  const counts = await sql<{ status: string; n: string }>`SELECT status, count(*)::text AS n FROM procedures GROUP BY status ORDER BY status`.execute(database.db);
  assert.deepEqual(counts.rows, [
    { status: "in_force", n: "100" },
    { status: "rejected", n: "50" },
    { status: "under_review", n: "50" },
    { status: "waived", n: "50" },
  ]);
  const company = benchCreditors[0]!.crNumber;
  const subject = { civilId: "280021188128", staffRoles: [], companies: [company], mandates: [] };
  const page = await listFiles(database.db, subject, false, { limit: 100 }, new Date());
  assert.equal(page.length, 10, "one file in five belongs to each bench creditor");
  assert.ok(page.every((file) => file.activeProcedures === 2 && file.debtors.length === 1));
  const queue = await openReviewItems(database.db, { queue: "judge", limit: 200 });
  assert.equal(queue.length, 50);
  assert.ok(queue.every((item) => item.procedureKind === "travel_ban" && item.procedureStatus === "under_review"));
});
