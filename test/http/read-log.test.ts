/**
 * Reads are recorded (docs/security.md): every read of a debtor's data — the file page,
 * documents, notices, searches, the agency portal — lands in the read log, written in
 * batches off the request path; the debtor sees which office or party looked and when
 * (never a staff member's name); auditors search it; it is kept per the retention policy.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ReadLog } from "../../src/app/read-log.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { purgeExpired } from "../../src/storage/retention.ts";
import { createTestDatabase } from "../support/database.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { dispatchNow } from "./authorization-support.ts";
import { assertError } from "./helpers.ts";

let harness: HttpHarness;
let file: { id: string; number: string };
/** Flushed only when a test says so: what a request left behind is seen before it is written. */
let readLog: ReadLog;

interface DebtorView {
  reads: { readAt: string; role: string; roleLabel: { ar: string; en: string }; agencyKey: string | null; what: string }[];
  nextCursor: string | null;
}

const rows = () => harness.database.db.selectFrom("read_log").selectAll().where("file_id", "=", file.id).orderBy("id").execute();

before(async () => {
  harness = await startHttpHarness();
  readLog = new ReadLog(harness.database.db, harness.world.clock, { flushEveryMs: 3_600_000, maxBatch: 2, maxBuffered: 100_000 });
  harness.world.deps.readLog = readLog;
  file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  // An attachment at NBOK, sent: the bank's officer sees the order in the portal.
  const debtor = await harness.database.db.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  const procedure = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtor.id, amount: 100_000n, banks: ["NBOK"] });
  await dispatchNow(harness.database.db, harness.world.clock.now(), procedure.id);
});
after(() => harness?.close());

describe("recording", () => {
  test("a read is buffered, not written on the request path; a flush writes who, in which role, when, which file and what", async () => {
    const clerk = await harness.clientFor(people.clerk);
    const before = (await rows()).length;
    assert.equal((await clerk.get(`/api/v1/files/${file.id}`)).statusCode, 200);
    assert.equal(readLog.pending, 1, "buffered");
    assert.equal((await rows()).length, before, "nothing written while answering");
    await readLog.flush();
    const written = (await rows()).slice(before);
    assert.deepEqual(
      written.map((row) => [row.reader, row.reader_role, row.what, row.read_at.toISOString()]),
      [[people.clerk, "clerk", "file_page", harness.world.clock.now().toISOString()]],
    );
    assert.equal(readLog.pending, 0);
  });

  test("documents, notices, the file search, the audit search and the agency portal are reads of the file too", async () => {
    const before = (await rows()).length;
    const clerk = await harness.clientFor(people.clerk);
    assert.equal((await clerk.get(`/api/v1/files/${file.id}/documents`)).statusCode, 200);
    assert.equal((await clerk.get(`/api/v1/files/${file.id}/notices`)).statusCode, 200);
    assert.equal((await clerk.get(`/api/v1/files/${file.id}/treasury`)).statusCode, 200);
    assert.equal((await clerk.get(`/api/v1/files?search=${encodeURIComponent(file.number)}`)).statusCode, 200);
    const auditor = await harness.clientFor(people.auditor);
    assert.equal((await auditor.get(`/api/v1/audit/actions?fileId=${file.id}`)).statusCode, 200);
    const officer = await harness.clientFor(people.bankOfficer);
    const orders = await officer.get("/api/v1/agency/orders");
    assert.equal(orders.statusCode, 200, orders.body);
    await readLog.flush();
    const written = (await rows()).slice(before).map((row) => `${row.what} by ${row.reader_role}${row.agency_key ? ` of ${row.agency_key}` : ""}`);
    assert.deepEqual(written.sort(), ["agency_orders by agency_officer of bank:NBOK", "audit_search by auditor", "documents by clerk", "file_search by clerk", "notices by clerk", "statement by clerk"]);
  });

  test("a party's own list of files and the debtor's own reads of their file are not recorded; the creditor's read of the page is", async () => {
    const before = (await rows()).length;
    const creditor = await harness.clientFor(people.creditor);
    assert.equal((await creditor.get("/api/v1/files")).statusCode, 200);
    const debtor = await harness.clientFor(people.debtor);
    assert.equal((await debtor.get(`/api/v1/files/${file.id}`)).statusCode, 200);
    assert.equal((await debtor.get(`/api/v1/files/${file.id}/documents`)).statusCode, 200);
    assert.equal((await creditor.get(`/api/v1/files/${file.id}`)).statusCode, 200);
    await readLog.flush();
    assert.deepEqual((await rows()).slice(before).map((row) => [row.reader, row.reader_role, row.what]), [[people.creditor, "creditor", "file_page"]]);
  });
});

describe("the debtor's view", () => {
  test("the debtor sees offices and capacities with times, newest first, never a staff member's name or civil ID", async () => {
    await readLog.flush();
    const debtor = await harness.clientFor(people.debtor);
    const response = await debtor.get(`/api/v1/files/${file.id}/reads`);
    assert.equal(response.statusCode, 200, response.body);
    const view = response.json() as DebtorView;
    const seen = new Set(view.reads.map((read) => `${read.role}${read.agencyKey ? `:${read.agencyKey}` : ""}`));
    assert.deepEqual([...seen].sort(), ["agency_officer:bank:NBOK", "auditor", "clerk", "creditor"]);
    assert.deepEqual(view.reads.find((read) => read.role === "clerk")!.roleLabel, { ar: "موظف إدارة التنفيذ", en: "An enforcement clerk" });
    for (const civilId of [people.clerk, people.auditor, people.bankOfficer, people.creditor, people.debtor]) assert.ok(!response.body.includes(civilId), "no reader is named");
    const times = view.reads.map((read) => read.readAt);
    assert.deepEqual(times, [...times].sort().reverse(), "newest first");
  });

  test("the creditor may not see who read the file (403); a stranger is told the file does not exist (404)", async () => {
    assertError(await (await harness.clientFor(people.creditor)).get(`/api/v1/files/${file.id}/reads`), 403, "FORBIDDEN");
    assertError(await (await harness.clientFor(people.stranger)).get(`/api/v1/files/${file.id}/reads`), 404, "FILE_NOT_FOUND");
  });
});

describe("the auditors' search", () => {
  test("by reader and by file number: the reads with the file's number; the search itself recorded; others refused", async () => {
    const auditor = await harness.clientFor(people.auditor);
    const byReader = await auditor.get(`/api/v1/audit/reads?reader=${people.bankOfficer}`);
    assert.equal(byReader.statusCode, 200, byReader.body);
    const found = byReader.json() as { reads: { reader: string; role: string; fileNumber: string; what: string; agencyKey: string | null }[] };
    assert.deepEqual(found.reads.map((read) => [read.reader, read.role, read.agencyKey, read.fileNumber, read.what]), [[people.bankOfficer, "agency_officer", "bank:NBOK", file.number, "agency_orders"]]);
    const paged = await auditor.get(`/api/v1/audit/reads?fileNumber=${encodeURIComponent(file.number)}&limit=2`);
    const page = paged.json() as { reads: unknown[]; nextCursor: string | null };
    assert.equal(page.reads.length, 2);
    assert.ok(page.nextCursor);
    const searches = await harness.database.db.selectFrom("actions").select("payload").where("actor", "=", people.auditor).where("action_kind", "=", "audit.reads_search").execute();
    assert.equal(searches.length, 2);
    assertError(await (await harness.clientFor(people.clerk)).get(`/api/v1/audit/reads?reader=${people.bankOfficer}`), 403, "FORBIDDEN");
  });
});

describe("the buffer", () => {
  test("a failed write keeps the entries for the next try; past its bound the oldest are dropped and counted, and nothing blocks", async () => {
    const gone = await createTestDatabase();
    await gone.drop();
    const failures: number[] = [];
    const log = new ReadLog(gone.db, harness.world.clock, { flushEveryMs: 3_600_000, maxBatch: 10, maxBuffered: 3, onError: (_error, buffered) => failures.push(buffered) });
    const context = { subject: { civilId: people.clerk, staffRoles: [], companies: [], mandates: [] }, correlationId: "buffer-test" };
    log.record(context, { fileIds: [file.id], what: "file_page", role: "clerk" });
    log.record(context, { fileIds: [file.id], what: "documents", role: "clerk" });
    await assert.rejects(log.flush());
    assert.deepEqual([log.pending, log.written, log.failedWrites, failures], [2, 0, 1, [2]]);
    log.record(context, { fileIds: [file.id], what: "notices", role: "clerk" });
    log.record(context, { fileIds: [file.id], what: "disputes", role: "clerk" });
    assert.deepEqual([log.pending, log.dropped], [3, 1]);
    await log.close();
    assert.equal(failures.length, 2, "the write at shutdown failed too, and was reported");
  });

  test("a flush larger than a batch is written in several statements, all of it", async () => {
    const context = { subject: { civilId: people.clerk, staffRoles: [], companies: [], mandates: [] }, correlationId: "batch-test" };
    for (let index = 0; index < 5; index++) readLog.record(context, { fileIds: [file.id], what: "file_page", role: "clerk" });
    const writtenBefore = readLog.written;
    await readLog.flush();
    assert.equal((await rows()).filter((row) => row.correlation_id === "batch-test").length, 5);
    assert.ok(readLog.written - writtenBefore >= 5);
    // Operators watch the buffer in /metrics.
    const metrics = (await harness.app.inject({ method: "GET", url: "/metrics" })).body;
    assert.match(metrics, new RegExp(`^tanfeeth_read_log_written ${readLog.written}$`, "m"));
    assert.match(metrics, /^tanfeeth_read_log_pending 0$/m);
    assert.match(metrics, /^tanfeeth_read_log_dropped 0$/m);
  });
});

test("reads older than the retention policy's two years are purged; recent ones stay", async () => {
  const now = harness.world.clock.now();
  const entry = { reader: people.clerk, reader_role: "clerk", agency_key: null, file_id: file.id, what: "file_page", correlation_id: "retention" };
  await harness.database.db
    .insertInto("read_log")
    .values([
      { ...entry, read_at: new Date(now.getTime() - 731 * 86_400_000) },
      { ...entry, read_at: new Date(now.getTime() - 729 * 86_400_000) },
    ])
    .execute();
  const purged = await purgeExpired(harness.database.db, now);
  assert.equal(purged.read_log, 1);
  const left = await harness.database.db.selectFrom("read_log").select("read_at").where("correlation_id", "=", "retention").execute();
  assert.equal(left.length, 1);
});
