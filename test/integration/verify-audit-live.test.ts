/**
 * verify-audit while the system writes (issue 22): actions appended between its pages —
 * to streams it has passed, streams still ahead, new streams — are no false alarm; a row
 * slipped in beyond a stream's head while it runs is still named; progress is reported
 * page by page against the heads' total.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { chainActions } from "../../src/storage/action-log.ts";
import { verifyAudit, type AuditProgress } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  for (let index = 0; index < 4; index++) await fileWithHistory();
});
after(() => database.drop());

async function fileWithHistory() {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  await requestAttachment(file.id);
  return file.id;
}

async function requestAttachment(fileId: string) {
  const detail = await readFile(world.deps, await world.as(people.creditor), fileId);
  const debtor = detail.parties.find((party) => party.party_role === "debtor")!;
  await requestProcedure(world.deps, await world.as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId: debtor.id, amount: 1_000n, banks: ["NBOK"] });
}

async function streamsInOrder(): Promise<string[]> {
  return (await database.db.selectFrom("action_streams").select("stream").where("stream", "like", "file:%").orderBy("stream").execute()).map((row) => row.stream);
}

test("appends while it runs are no false alarm; progress counts up to the total", async () => {
  const streams = await streamsInOrder();
  const heads = await database.db.selectFrom("action_streams").select("last_seq").execute();
  const totalAtStart = Number(heads.reduce((sum, head) => sum + head.last_seq, 0n));
  const progress: AuditProgress[] = [];
  let appended = false;
  const report = await verifyAudit(database.db, {
    pageSize: 3,
    onProgress: async (step) => {
      progress.push(step);
      if (appended) return;
      appended = true;
      // Between the first and second page: a stream already read, the last stream, a new one.
      await requestAttachment(streams[0]!.slice("file:".length));
      await requestAttachment(streams.at(-1)!.slice("file:".length));
      await fileWithHistory();
    },
  });
  assert.deepEqual(report.chainProblems, []);
  assert.deepEqual(report.projectionProblems, []);
  const chains = progress.filter((step) => step.phase === "chains");
  assert.ok(chains.length > 2, "reported page by page");
  assert.ok(chains.every((step, index) => index === 0 || step.actions >= chains[index - 1]!.actions), "counts only go up");
  assert.equal(chains[0]!.total, totalAtStart);
  assert.equal(chains.at(-1)!.actions, report.actions);
  assert.ok(report.actions > totalAtStart, "the appends to streams still ahead were checked too");
  assert.equal(progress.at(-1)!.phase, "projections");
});

test("a row slipped in beyond a stream's head while it runs is named", async () => {
  const streams = await streamsInOrder();
  const target = streams.at(-1)!;
  let forged = false;
  const report = await verifyAudit(database.db, {
    pageSize: 3,
    onProgress: async () => {
      if (forged) return;
      forged = true;
      // A correctly chained row, inserted without moving the stream's head.
      const head = await database.db.selectFrom("action_streams").selectAll().where("stream", "=", target).executeTakeFirstOrThrow();
      const { rows } = chainActions(new Map([[target, { seq: head.last_seq, hash: head.head_hash }]]), [
        { stream: target, occurredAt: new Date(), actor: { id: "intruder", role: "system" }, kind: "notices.read", fileId: target.slice("file:".length), payload: { notices: 1 }, correlationId: "forged" },
      ] as Parameters<typeof chainActions>[1]);
      await database.db.insertInto("actions").values(rows).execute();
    },
  });
  assert.ok(
    report.chainProblems.some((problem) => problem.stream === target && problem.problem === "head_mismatch"),
    `the forged row beyond the head is found: ${JSON.stringify(report.chainProblems, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))}`,
  );
});
