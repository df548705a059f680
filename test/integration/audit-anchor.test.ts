/**
 * The audit anchored outside the database (issue 16). A signed checkpoint of every
 * stream's head is written to an append-only directory; then, as the database superuser
 * (trigger switched off), one stream is deleted whole (its actions and its head), one is
 * truncated (its head moved back to match), one is altered and its chain recomputed to the
 * end — so the hash chains and projections of verify-audit see nothing wrong — and the
 * check against the checkpoint names each of the three, and nothing else. A checkpoint
 * taken after the tampering does not launder it. The checkpoints themselves: chained,
 * signed by a trusted key only, never replaced.
 */
import assert from "node:assert/strict";
import { chmod, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { anchorAudit, checkpointName } from "../../src/app/audit/anchor-audit.ts";
import { checkpointKeysFrom, newCheckpointJwk, type CheckpointKeys } from "../../src/app/audit/checkpoint-keys.ts";
import { verifyAgainstAnchor, type AnchorReport } from "../../src/app/audit/verify-anchor.ts";
import { actionHash, GENESIS_HASH } from "../../src/domain/audit/hash-chain.ts";
import { appendActions, fileStream } from "../../src/storage/action-log.ts";
import { FileAnchorStore } from "../../src/anchors/file-store.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
let dir: string;
let store: FileAnchorStore;
let keys: CheckpointKeys;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-anchor-"));
  store = new FileAnchorStore(dir);
  keys = await checkpointKeysFrom(await newCheckpointJwk());
});
after(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A file whose stream has `extra` more actions after its opening (notices read: no projection depends on them). */
async function fileWithNotes(extra: number, debtor: string) {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  if (extra > 0) {
    await database.db.transaction().execute((tx) =>
      appendActions(
        tx,
        Array.from({ length: extra }, (_, index) => ({
          stream: fileStream(file.id),
          actor: { id: people.clerk, role: "clerk" },
          kind: "notices.read" as const,
          fileId: file.id,
          payload: { notices: index + 1 },
          correlationId: `anchor-test-${file.id}-${index}`,
          occurredAt: world.clock.now(),
        })),
      ),
    );
  }
  return { ...file, stream: fileStream(file.id) };
}

/** As the database's superuser, the append-only trigger switched off. */
async function asSuperuser(work: (owner: Parameters<Parameters<TestDatabase["asOwner"]>[0]>[0]) => Promise<unknown>) {
  await database.asOwner(async (owner) => {
    await sql`ALTER TABLE actions DISABLE TRIGGER actions_append_only`.execute(owner);
    try {
      await work(owner);
    } finally {
      await sql`ALTER TABLE actions ENABLE TRIGGER actions_append_only`.execute(owner);
    }
  });
}

/** Rewrites every hash of `stream` from its first action on, and its head: the chain verifies again. */
async function recomputeChain(owner: Parameters<Parameters<TestDatabase["asOwner"]>[0]>[0], stream: string) {
  const rows = await owner.selectFrom("actions").selectAll().where("stream", "=", stream).orderBy("seq").execute();
  let previous = GENESIS_HASH;
  for (const row of rows) {
    const hash = actionHash(previous, {
      stream: row.stream,
      seq: row.seq,
      occurredAt: row.occurred_at,
      actor: row.actor,
      actorRole: row.actor_role,
      kind: row.action_kind,
      fileId: row.file_id,
      procedureId: row.procedure_id,
      orderId: row.order_id,
      payload: row.payload,
      reason: row.reason,
      correlationId: row.correlation_id,
    });
    await owner.updateTable("actions").set({ prev_hash: previous, hash }).where("id", "=", row.id).execute();
    previous = hash;
  }
  await owner.updateTable("action_streams").set({ last_seq: rows.at(-1)!.seq, head_hash: previous }).where("stream", "=", stream).execute();
}

const named = (report: AnchorReport) => report.streamProblems.map((problem) => `${problem.problem} ${problem.stream}`).sort();

function print(label: string, report: AnchorReport) {
  console.log(`${label}: ${report.verified} of ${report.checkpoints} checkpoint(s) verified, ${report.headsChecked} committed heads looked up`);
  for (const problem of report.checkpointProblems) console.log(`  ANCHOR  checkpoint      ${problem.name}: ${problem.problem}`);
  for (const problem of report.streamProblems) {
    console.log(`  ANCHOR  ${problem.problem.padEnd(15)} stream=${problem.stream} checkpoint=${problem.checkpoint} checkpoint_seq=${problem.checkpointSeq} head_now=${problem.headSeqNow ?? "-"}`);
  }
}

describe("a superuser's rewrite of the log, against a checkpoint taken before it", () => {
  let deleted: { stream: string };
  let truncated: { stream: string };
  let altered: { stream: string };
  let untouched: { stream: string; id: string };

  before(async () => {
    deleted = await fileWithNotes(0, people.debtor);
    truncated = await fileWithNotes(4, people.otherDebtor);
    altered = await fileWithNotes(3, people.debtor);
    untouched = await fileWithNotes(2, people.otherDebtor);
  });

  test("the first checkpoint: signed, its heads kept beside it, the log intact against it", async () => {
    const first = await anchorAudit({ db: database.db, store, keys, now: world.clock.now() });
    assert.equal(first.written, true);
    assert.equal(first.seq, 1);
    const heads = await database.db.selectFrom("action_streams").select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("last_seq").as("total")]).executeTakeFirstOrThrow();
    assert.equal(first.streams, Number(heads.n));
    assert.equal(first.actions, BigInt(heads.total));
    assert.deepEqual((await readdir(path.join(dir, "checkpoints"))), ["0000000001.jws"]);
    assert.equal((await anchorAudit({ db: database.db, store, keys, now: world.clock.now() })).skipped, "unchanged", "nothing new: nothing written");
    const report = await verifyAgainstAnchor({ db: database.db, store, trusted: [keys.publicJwk] });
    assert.deepEqual(report.checkpointProblems, []);
    assert.deepEqual(report.streamProblems, []);
  });

  test("growth since the checkpoint is fine", async () => {
    await fileWithNotes(1, people.debtor);
    await database.db.transaction().execute((tx) =>
      appendActions(tx, [{ stream: untouched.stream, actor: { id: people.clerk, role: "clerk" }, kind: "notices.read", fileId: untouched.id, payload: { notices: 1 }, correlationId: "anchor-test-later", occurredAt: world.clock.now() }]),
    );
    const report = await verifyAgainstAnchor({ db: database.db, store, trusted: [keys.publicJwk] });
    assert.deepEqual(report.streamProblems, []);
  });

  test("deleted whole, truncated, altered with the chain recomputed: the chains see nothing, the checkpoint names each", async () => {
    await asSuperuser(async (owner) => {
      // 1. A whole stream: its actions and its head.
      await owner.deleteFrom("actions").where("stream", "=", deleted.stream).execute();
      await owner.deleteFrom("action_streams").where("stream", "=", deleted.stream).execute();
      // 2. The last two actions of another, its head moved back to the one before.
      await owner.deleteFrom("actions").where("stream", "=", truncated.stream).where("seq", ">", 3n).execute();
      const kept = await owner.selectFrom("actions").select(["seq", "hash"]).where("stream", "=", truncated.stream).where("seq", "=", 3n).executeTakeFirstOrThrow();
      await owner.updateTable("action_streams").set({ last_seq: kept.seq, head_hash: kept.hash }).where("stream", "=", truncated.stream).execute();
      // 3. An amount changed in a third, every hash after it recomputed.
      await sql`UPDATE actions SET payload = jsonb_set(payload, '{amount}', '"1.000"') WHERE stream = ${altered.stream} AND seq = 2`.execute(owner);
      await recomputeChain(owner, altered.stream);
    });

    const chains = await verifyAudit(database.db);
    assert.deepEqual(chains.chainProblems, [], "the hash chains alone see nothing");
    assert.deepEqual(chains.projectionProblems, [], "nor do the projections");

    const report = await verifyAgainstAnchor({ db: database.db, store, trusted: [keys.publicJwk] });
    print("after the rewrite, against checkpoint 1", report);
    assert.deepEqual(report.checkpointProblems, []);
    assert.deepEqual(named(report), [`altered ${altered.stream}`, `missing ${deleted.stream}`, `shortened ${truncated.stream}`].sort());
    const shortened = report.streamProblems.find((problem) => problem.problem === "shortened")!;
    assert.deepEqual([shortened.checkpointSeq, shortened.headSeqNow], [5n, 3n]);
  });

  test("a checkpoint taken after the rewrite does not launder it: the checkpoints before it still disagree", async () => {
    const second = await anchorAudit({ db: database.db, store, keys, now: world.clock.now() });
    assert.equal(second.written, true);
    assert.equal(second.seq, 2);
    const report = await verifyAgainstAnchor({ db: database.db, store, trusted: [keys.publicJwk] });
    print("after a second checkpoint", report);
    assert.equal(report.verified, 2);
    assert.deepEqual(named(report), [`altered ${altered.stream}`, `missing ${deleted.stream}`, `shortened ${truncated.stream}`].sort());
    assert.ok(report.streamProblems.every((problem) => problem.checkpoint === 1), "shown by the checkpoint taken before");
  });
});

describe("the checkpoints themselves", () => {
  test("the store never replaces an object, and keeps them read-only", async () => {
    const name = "keys/probe.json";
    assert.equal(await store.create(name, Buffer.from("first")), true);
    assert.equal(await store.create(name, Buffer.from("second")), false);
    assert.equal((await readFile(path.join(dir, name))).toString(), "first");
    assert.equal((await stat(path.join(dir, name))).mode & 0o777, 0o444);
    assert.deepEqual(await readdir(path.join(dir, ".incoming")), [], "no temporary file left behind");
  });

  test("each checkpoint links to the one before; one removed, rewritten or signed by another key is named", async () => {
    const copy = await mkdtemp(path.join(tmpdir(), "tanfeeth-anchor-copy-"));
    try {
      const other = new FileAnchorStore(copy);
      for (const folder of ["checkpoints", "heads", "keys"]) {
        for (const entry of await readdir(path.join(dir, folder))) await other.create(`${folder}/${entry}`, await readFile(path.join(dir, folder, entry)));
      }
      const third = await anchorAudit({ db: database.db, store: other, keys, now: world.clock.now(), force: true });
      assert.equal(third.seq, 3);
      const trusted = [keys.publicJwk];
      assert.equal((await verifyAgainstAnchor({ db: database.db, store: other, trusted })).verified, 3);

      // Signed by a key the auditor does not trust.
      const stranger = await checkpointKeysFrom(await newCheckpointJwk());
      const untrusted = await verifyAgainstAnchor({ db: database.db, store: other, trusted: [stranger.publicJwk] });
      assert.match(untrusted.checkpointProblems[0]!.problem, /not trusted/);

      // Checkpoint 2 rewritten on disk (by someone with the directory's owner rights).
      const second = path.join(copy, checkpointName(2));
      const original = await readFile(second, "utf8");
      await chmod(second, 0o644);
      await writeFile(second, original.replace(/\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s*$/, (_, payload: string, signature: string) => `.${payload.slice(0, -4)}AAAA.${signature}`));
      const rewritten = await verifyAgainstAnchor({ db: database.db, store: other, trusted });
      assert.equal(rewritten.verified, 1);
      assert.match(rewritten.checkpointProblems[0]!.problem, /signature not valid/);

      // Checkpoint 2 removed: 3 no longer follows.
      await unlink(second);
      const removed = await verifyAgainstAnchor({ db: database.db, store: other, trusted });
      assert.equal(removed.verified, 1);
      assert.match(removed.checkpointProblems[0]!.problem, /out of sequence/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe("the worker's periodic checkpoints", () => {
  test("one at start, then one a round; nothing when nothing changed; stop waits for the round in progress", async () => {
    const { startAuditAnchoring } = await import("../../src/jobs/audit-anchor-job.ts");
    const periodic = await mkdtemp(path.join(tmpdir(), "tanfeeth-anchor-job-"));
    try {
      const own = new FileAnchorStore(periodic);
      const results: boolean[] = [];
      let third: () => void = () => {};
      const thirdRound = new Promise<void>((resolve) => (third = resolve));
      const job = startAuditAnchoring({
        everyMs: 1,
        run: async () => {
          const result = await anchorAudit({ db: database.db, store: own, keys, now: world.clock.now() });
          results.push(result.written);
          if (results.length === 1) await fileWithNotes(1, people.debtor);
          if (results.length === 3) third();
          return result;
        },
      });
      await thirdRound;
      await job.stop();
      assert.deepEqual(results.slice(0, 3), [true, true, false], "written at start, written after a change, then unchanged");
      assert.deepEqual(await readdir(path.join(periodic, "checkpoints")), ["0000000001.jws", "0000000002.jws"]);
    } finally {
      await rm(periodic, { recursive: true, force: true });
    }
  });
});
