/**
 * Audit checkpoints in an S3 bucket with object lock, against the stand-in S3 server
 * (test/support/s3-standin.ts, which does object lock on a bucket started with it): every
 * object is created once (If-None-Match), locked in COMPLIANCE mode for the retention, and
 * can be neither deleted nor replaced — not even with the application's own credentials.
 * A bucket without object lock refuses the checkpoint.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { anchorAudit } from "../../src/app/audit/anchor-audit.ts";
import { checkpointKeysFrom, newCheckpointJwk, type CheckpointKeys } from "../../src/app/audit/checkpoint-keys.ts";
import { verifyAgainstAnchor } from "../../src/app/audit/verify-anchor.ts";
import { S3AnchorStore, type S3AnchorStoreOptions } from "../../src/anchors/s3-store.ts";
import { auditAnchorConfig } from "../../src/anchors/config.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { startS3StandIn, type S3StandIn } from "../support/s3-standin.ts";

let database: TestDatabase;
let world: World;
let s3: S3StandIn;
let unlocked: S3StandIn;
let keys: CheckpointKeys;
const options = (server: S3StandIn): S3AnchorStoreOptions => ({
  endpoint: server.url,
  bucket: server.bucket,
  region: server.region,
  accessKeyId: server.accessKeyId,
  secretAccessKey: server.secretAccessKey,
  forcePathStyle: true,
  prefix: "tanfeeth/audit/",
  retentionDays: 3653,
  lockMode: "COMPLIANCE",
});

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  s3 = await startS3StandIn({ bucket: "tanfeeth-audit", objectLock: true });
  unlocked = await startS3StandIn({ bucket: "tanfeeth-audit" });
  keys = await checkpointKeysFrom(await newCheckpointJwk());
});
after(async () => {
  await s3.close();
  await unlocked.close();
  await database.drop();
});

test("checkpoints are written once, locked in compliance mode, and verify", async () => {
  const store = new S3AnchorStore(options(s3));
  try {
    const written = await anchorAudit({ db: database.db, store, keys, now: world.clock.now() });
    assert.equal(written.written, true);
    const keysStored = [...s3.objects.keys()].sort();
    assert.equal(keysStored.length, 3, keysStored.join("\n"));
    assert.ok(keysStored.some((key) => key === "tanfeeth/audit/checkpoints/0000000001.jws"));
    for (const key of keysStored) {
      const lock = s3.locks.get(key);
      assert.equal(lock?.mode, "COMPLIANCE", key);
      assert.ok(lock!.retainUntil.getTime() > Date.now() + 3650 * 86_400_000, "about ten years");
    }
    assert.equal(await store.create("checkpoints/0000000001.jws", Buffer.from("forged")), false, "never over an existing object");
    const report = await verifyAgainstAnchor({ db: database.db, store, trusted: [keys.publicJwk] });
    assert.equal(report.verified, 1);
    assert.deepEqual(report.streamProblems, []);
  } finally {
    store.close();
  }
});

test("with the application's own credentials, a locked checkpoint can be neither deleted nor replaced", async () => {
  const client = new S3Client({ region: s3.region, endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  try {
    const Key = "tanfeeth/audit/checkpoints/0000000001.jws";
    const before = s3.objects.get(Key)!;
    await assert.rejects(client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key })), (error: Error) => error.name === "AccessDenied");
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: "forged" })), (error: Error) => error.name === "AccessDenied");
    assert.ok(s3.objects.get(Key)!.equals(before), "unchanged");
  } finally {
    client.destroy();
  }
});

test("a bucket without object lock refuses the checkpoint: nothing is written unlocked", async () => {
  const store = new S3AnchorStore(options(unlocked));
  try {
    await assert.rejects(anchorAudit({ db: database.db, store, keys, now: world.clock.now() }));
    assert.equal([...unlocked.objects.keys()].filter((key) => key.includes("checkpoints/")).length, 0);
  } finally {
    store.close();
  }
});

test("the configuration: s3 needs its bucket and keys; the lock mode and retention are checked; each database gets its own directory", () => {
  const s3Env = { AUDIT_ANCHOR_STORE: "s3", AUDIT_ANCHOR_S3_BUCKET: "b", AUDIT_ANCHOR_S3_ACCESS_KEY_ID: "k", AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY: "s" };
  assert.equal(auditAnchorConfig(s3Env, "/data", undefined).store.kind, "s3");
  assert.throws(() => auditAnchorConfig({ AUDIT_ANCHOR_STORE: "s3" }, "/data", undefined), /AUDIT_ANCHOR_S3_BUCKET/);
  assert.throws(() => auditAnchorConfig({ ...s3Env, AUDIT_ANCHOR_S3_LOCK_MODE: "NONE" }, "/data", undefined), /COMPLIANCE or GOVERNANCE/);
  assert.throws(() => auditAnchorConfig({ ...s3Env, AUDIT_ANCHOR_S3_RETENTION_DAYS: "0" }, "/data", undefined), /at least 1/);
  const one = auditAnchorConfig({}, "/data", "postgres://db.example:5432/one").store;
  const two = auditAnchorConfig({}, "/data", "postgres://db.example:5432/two").store;
  assert.ok(one.kind === "file" && two.kind === "file" && one.dir !== two.dir);
  assert.deepEqual(auditAnchorConfig({}, "/data", undefined).store, { kind: "file", dir: "/data/audit-anchors" });
});
