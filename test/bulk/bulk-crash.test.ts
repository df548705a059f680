/**
 * Crash safety of the bulk runner: a worker that stops mid-batch, a transaction that dies
 * mid-row, two workers at once, and (on PostgreSQL) a worker whose connection is killed
 * by the server in the middle of a row. In every case each good row makes exactly one
 * procedure, and nothing of a row that did not commit remains.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";
import { claimBulkRows, processBulkRows, processClaimedRows } from "../../src/app/bulk/process-bulk-rows.ts";
import { makeDeps, type AppDeps } from "../../src/app/deps.ts";
import { openDatabase, type Database } from "../../src/storage/database.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { machineCaller } from "../http/authorization-support.ts";
import { allRows, companyFile, drain, job, proceduresOfJob, type CompanyFile } from "./support.ts";

let harness: HttpHarness;
let client: Client;
let files: CompanyFile[];
let serial = 0;

before(async () => {
  harness = await startHttpHarness();
  client = await (await machineCaller(harness, ["files:read", "procedures:request"])).client();
  files = [await companyFile(harness), await companyFile(harness), await companyFile(harness)];
});

after(async () => {
  await harness?.close();
});

const LEASE_MS = 60_000;

/** A job of `n` good bank attachments spread over the files; returns its id and row references. */
async function goodJob(n: number): Promise<{ id: string; references: string[] }> {
  const reference = `CRASH-${++serial}`;
  const rows = Array.from({ length: n }, (_, index) => {
    const file = files[index % files.length]!;
    return { reference: `${reference}/${index + 1}`, kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount: "1.000", banks: ["NBOK"] };
  });
  const accepted = job(await client.post("/api/v1/bulk-jobs", { reference, rows }));
  return { id: accepted.id, references: rows.map((row) => row.reference) };
}

/** Each reference made exactly one procedure, every row says created with its own procedure, and no procedure is orphaned. */
async function assertEachRowOnce(jobId: string, references: string[]) {
  const made = await proceduresOfJob(harness.database.db, jobId);
  assert.deepEqual(made.map((procedure) => procedure.reference).sort(), [...references].sort(), "one procedure per row, none twice");
  const rows = await allRows(client, jobId);
  assert.ok(rows.every((row) => row.status === "created"), JSON.stringify(rows.filter((row) => row.status !== "created")));
  assert.deepEqual(new Set(rows.map((row) => row.procedureId)), new Set(made.map((procedure) => procedure.procedureId)));
  const orders = await harness.database.db.selectFrom("agency_orders").select("procedure_id").where("procedure_id", "in", made.map((procedure) => procedure.procedureId)).execute();
  assert.equal(orders.length, references.length, "one order each (NBOK)");
}

describe("bulk runner crash safety", () => {
  test("a worker that stops mid-batch: its unfinished rows wait for the lease, then another worker does only them", async () => {
    const { id, references } = await goodJob(10);
    const deps = harness.world.deps;
    const claimed = await claimBulkRows(deps, 10, LEASE_MS);
    assert.equal(claimed.length, 10);
    const partial = await processClaimedRows(deps, claimed.slice(0, 4));
    assert.equal(partial.created, 4);
    // The worker is gone. Its lease keeps the other six from a second worker for now…
    assert.equal((await processBulkRows(deps)).claimed, 0);
    harness.world.clock.advance(LEASE_MS + 1);
    // …then they are taken, and only they.
    const rest = await processBulkRows(deps);
    assert.deepEqual([rest.claimed, rest.created], [6, 6]);
    await assertEachRowOnce(id, references);
  });

  test("a transaction that dies in the middle of a row leaves nothing of it; the row is carried out once later", async () => {
    const base = harness.world.deps;
    // How many ids one row asks for (its procedure's first, then its order's …).
    let perRow = 0;
    await goodJob(1);
    await processBulkRows({ ...base, newId: () => (perRow++, base.newId()) });
    assert.ok(perRow >= 2);
    const { id, references } = await goodJob(5);
    // The third row's use case fails after its procedure row was inserted (at its second
    // id), as a crash or a lost connection would.
    let ids = 0;
    const dying: AppDeps = {
      ...base,
      newId: () => {
        ids++;
        if (ids === 2 * perRow + 2) throw new Error("connection lost");
        return base.newId();
      },
    };
    const before = await harness.database.db.selectFrom("procedures").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    const round = await processBulkRows(dying, { leaseMs: LEASE_MS });
    assert.deepEqual([round.claimed, round.created, round.deferred, round.failed], [5, 4, 1, 0]);
    const middle = await harness.database.db.selectFrom("procedures").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    assert.equal(Number(middle.n) - Number(before.n), 4, "the dead row's procedure was rolled back");
    const left = (await allRows(client, id)).filter((row) => row.status !== "created");
    assert.deepEqual(left.map((row) => [row.position, row.status]), [[3, "queued"]]);
    assert.equal((await processBulkRows(base)).claimed, 0, "leased");
    harness.world.clock.advance(LEASE_MS + 1);
    assert.equal((await drain(base)).created, 1);
    await assertEachRowOnce(id, references);
  });

  test("a row that keeps failing for reasons not its own is failed as INTERNAL after five attempts", async () => {
    const { id } = await goodJob(1);
    const broken: AppDeps = { ...harness.world.deps, newId: () => { throw new Error("disk full"); } };
    for (let attempt = 1; attempt <= 5; attempt++) {
      assert.equal((await processBulkRows(broken, { leaseMs: LEASE_MS })).deferred, 1, `attempt ${attempt}`);
      harness.world.clock.advance(LEASE_MS + 1);
    }
    const last = await processBulkRows(broken, { leaseMs: LEASE_MS });
    assert.equal(last.failed, 1);
    const [row] = await allRows(client, id);
    assert.deepEqual([row!.status, row!.error!.code, row!.error!.details], ["failed", "INTERNAL", { reason: "attempts", attempts: 5 }]);
  });

  test("two workers at once carry out each row once", async () => {
    const { id, references } = await goodJob(40);
    const rounds = await Promise.all([processBulkRows(harness.world.deps, { batchSize: 10, concurrency: 2 }), processBulkRows(harness.world.deps, { batchSize: 10, concurrency: 2 })]);
    assert.equal(rounds[0]!.claimed + rounds[1]!.claimed, 20, "the two claims took different rows");
    await drain(harness.world.deps);
    await assertEachRowOnce(id, references);
  });

  test("PostgreSQL: a worker's connection killed by the server mid-row; the row commits nothing and is done once after the lease", { skip: !testDatabaseUrl && "PostgreSQL only (PGlite has one connection)" }, async () => {
    const { id, references } = await goodJob(3);
    // A second worker process: its own pool of one connection, which the server kills
    // right after the second row's procedure is inserted (before its transaction commits).
    const worker: Database = await openDatabase({ url: harness.database.url!, poolSize: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(worker.db);
      let inserts = 0;
      let killed = false;
      const killer: KyselyPlugin = {
        transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
          const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
          if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "procedures") inserts++;
          return args.node;
        },
        async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
          if (inserts === 2 && !killed) {
            killed = true;
            await harness.database.asOwner((owner) => sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(owner));
          }
          return args.result;
        },
      };
      const deps = makeDeps(worker.db.withPlugin(killer), harness.world.clock);
      const round = await processBulkRows(deps, { leaseMs: LEASE_MS });
      assert.ok(killed, "the connection was killed mid-row");
      // The killed row at least; the pool may hand the dead connection to the next row too.
      assert.ok(round.deferred >= 1 && round.created >= 1 && round.created + round.deferred === 3, JSON.stringify(round));
    } finally {
      await worker.close().catch(() => undefined);
    }
    harness.world.clock.advance(LEASE_MS + 1);
    await drain(harness.world.deps);
    await assertEachRowOnce(id, references);
  });

  test("after all of it, the action log's chains and the projections verify", async () => {
    const report = await verifyAudit(harness.database.db);
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
    assert.ok(report.actions > 0);
  });
});
