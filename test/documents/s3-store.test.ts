/**
 * The S3-compatible document store against a stand-in S3 server over real HTTP: keys are
 * sha256, a put is idempotent (HEAD before PUT, If-None-Match against a racing writer),
 * a get streams and refuses corrupted or oversized bytes, and every request is signed
 * (a wrong secret is refused by the server). Configuration is checked at start.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { documentServicesFor } from "../../src/documents/services.ts";
import { loadConfig } from "../../src/config.ts";
import { sha256Hex } from "../../src/storage/document-store.ts";
import { documentStoreConfig } from "../../src/storage/document-store-config.ts";
import { S3DocumentStorage, type S3StoreOptions } from "../../src/storage/s3-document-store.ts";
import { startS3StandIn, type S3StandIn } from "../support/s3-standin.ts";

let s3: S3StandIn;
let options: S3StoreOptions;
let store: S3DocumentStorage;

before(async () => {
  s3 = await startS3StandIn();
  options = {
    endpoint: s3.url,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    prefix: "tanfeeth/",
    maxObjectBytes: 4096,
  };
  store = new S3DocumentStorage(options);
});
after(async () => {
  store.close();
  await s3.close();
});

const requestsSince = (start: number) => s3.requests.slice(start).map(({ method, status }) => `${method} ${status}`);

describe("the S3 document store", () => {
  test("stores under the sha256 key and reads back the same bytes", async () => {
    const bytes = Buffer.from("%PDF-1.4 a title copy");
    const hash = sha256Hex(bytes);
    const start = s3.requests.length;
    assert.deepEqual(await store.put(hash, bytes), { created: true });
    assert.deepEqual(requestsSince(start), ["HEAD 404", "PUT 200"], "HEAD before PUT");
    const key = `tanfeeth/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
    assert.ok(s3.objects.get(key)?.equals(bytes), key);
    assert.equal(await store.has(hash), true);
    assert.ok((await store.get(hash))?.equals(bytes));
  });

  test("a second put of the same bytes is a HEAD only", async () => {
    const bytes = Buffer.from("stored once");
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes);
    const start = s3.requests.length;
    assert.deepEqual(await store.put(hash, bytes), { created: false });
    assert.deepEqual(requestsSince(start), ["HEAD 200"]);
  });

  test("writers racing on the same bytes: exactly one creates, none fails", async () => {
    const bytes = Buffer.from("two uploads at once");
    const hash = sha256Hex(bytes);
    const results = await Promise.all([store.put(hash, bytes), store.put(hash, bytes), store.put(hash, bytes)]);
    assert.equal(results.filter((result) => result.created).length, 1);
    assert.ok((await store.get(hash))?.equals(bytes));
  });

  test("absent content is null, not an error", async () => {
    const hash = sha256Hex(Buffer.from("never stored"));
    assert.equal(await store.has(hash), false);
    assert.equal(await store.get(hash), null);
  });

  test("bytes altered in the bucket are refused on read", async () => {
    const bytes = Buffer.from("the original");
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes);
    s3.tamper(store.keyOf(hash), Buffer.from("the altered!"));
    await assert.rejects(store.get(hash), /corrupted/);
  });

  test("an object larger than any accepted document is not read into memory", async () => {
    const bytes = Buffer.from("small at first");
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes);
    s3.tamper(store.keyOf(hash), Buffer.alloc(options.maxObjectBytes + 1, 0x41));
    await assert.rejects(store.get(hash), /larger than any accepted upload/);
  });

  test("keys come only from a sha256; bytes must match their key", async () => {
    const start = s3.requests.length;
    await assert.rejects(store.get("../../etc/passwd"), /not a sha256/);
    await assert.rejects(store.put(sha256Hex(Buffer.from("a")), Buffer.from("b")), /do not match/);
    assert.equal(s3.requests.length, start, "nothing was sent");
  });

  test("a client with the wrong secret is refused by the server's signature check", async () => {
    const forger = new S3DocumentStorage({ ...options, secretAccessKey: "not-the-secret" });
    try {
      const bytes = Buffer.from("forged");
      const start = s3.requests.length;
      await assert.rejects(forger.put(sha256Hex(bytes), bytes));
      assert.ok(requestsSince(start).every((line) => line === "HEAD 403"), requestsSince(start).join(", "));
      assert.equal(await store.has(sha256Hex(bytes)), false);
    } finally {
      forger.close();
    }
  });

  test("an unknown bucket is an error, not an absent document", async () => {
    const lost = new S3DocumentStorage({ ...options, bucket: "no-such-bucket" });
    try {
      // HEAD answers carry no body, so only a GET shows S3's NoSuchBucket code.
      await assert.rejects(lost.get(sha256Hex(Buffer.from("x"))), (error: Error & { name?: string }) => error.name === "NoSuchBucket");
    } finally {
      lost.close();
    }
  });
});

describe("choosing the store from configuration", () => {
  const base = { DOCUMENTS_STORE: "s3", DOCUMENTS_S3_BUCKET: "b", DOCUMENTS_S3_ACCESS_KEY_ID: "id", DOCUMENTS_S3_SECRET_ACCESS_KEY: "secret" };

  test("disk by default", () => {
    assert.deepEqual(documentStoreConfig({}, "/data/documents"), { kind: "disk", storageDir: "/data/documents" });
    const config = loadConfig({ DOCUMENTS_DIR: "/srv/tanfeeth/documents" });
    assert.deepEqual(config.documents.store, { kind: "disk", storageDir: "/srv/tanfeeth/documents" });
    assert.equal(loadConfig({ ...base, DOCUMENTS_S3_ENDPOINT: "http://127.0.0.1:9000" }).documents.store.kind, "s3", "chosen in the one configuration");
  });

  test("s3 with an endpoint: path-style, default region, no prefix", () => {
    assert.deepEqual(documentStoreConfig({ ...base, DOCUMENTS_S3_ENDPOINT: "http://127.0.0.1:9000/" }, "/d"), {
      kind: "s3",
      endpoint: "http://127.0.0.1:9000",
      bucket: "b",
      region: "us-east-1",
      accessKeyId: "id",
      secretAccessKey: "secret",
      forcePathStyle: true,
      prefix: "",
    });
    const aws = documentStoreConfig({ ...base, DOCUMENTS_S3_REGION: "me-central-1" }, "/d");
    assert.equal(aws.kind === "s3" && aws.forcePathStyle, false, "virtual-hosted style on AWS itself");
  });

  test("a half-configured store stops the process at start", () => {
    for (const missing of ["DOCUMENTS_S3_BUCKET", "DOCUMENTS_S3_ACCESS_KEY_ID", "DOCUMENTS_S3_SECRET_ACCESS_KEY"]) {
      const env: Record<string, string> = { ...base };
      delete env[missing];
      assert.throws(() => documentStoreConfig(env, "/d"), new RegExp(missing));
    }
    assert.throws(() => documentStoreConfig({ DOCUMENTS_STORE: "ftp" }, "/d"), /disk" or "s3/);
    assert.throws(() => documentStoreConfig({ ...base, DOCUMENTS_S3_ENDPOINT: "127.0.0.1:9000" }, "/d"), /http\(s\) URL/);
    assert.throws(() => documentStoreConfig({ ...base, DOCUMENTS_S3_PREFIX: "../other/" }, "/d"), /relative key prefix/);
    assert.throws(() => documentStoreConfig({ ...base, DOCUMENTS_S3_FORCE_PATH_STYLE: "yes" }, "/d"), /true or false/);
  });

  test("the services built from configuration talk to that store", async () => {
    const config = documentStoreConfig(
      { ...base, DOCUMENTS_S3_ENDPOINT: s3.url, DOCUMENTS_S3_BUCKET: s3.bucket, DOCUMENTS_S3_REGION: s3.region, DOCUMENTS_S3_ACCESS_KEY_ID: s3.accessKeyId, DOCUMENTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey },
      "/unused",
    );
    const services = documentServicesFor({ store: config, maxUploadBytes: 1024 });
    const bytes = Buffer.from("through configuration");
    assert.deepEqual(await services.storage.put(sha256Hex(bytes), bytes), { created: true });
    const hash = sha256Hex(bytes);
    assert.ok(s3.objects.has(`${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`));
    (services.storage as S3DocumentStorage).close();
  });
});
