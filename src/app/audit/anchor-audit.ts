/**
 * Takes a checkpoint of the action log (issue 16): every stream's head, read in one
 * snapshot, committed to by a Merkle root with the count, chained to the previous
 * checkpoint, signed, and written to the anchor store — which the application can add to
 * but not rewrite. Run by the worker every AUDIT_CHECKPOINT_MINUTES and on demand
 * (`tanfeeth anchor-audit`). Nothing is written when nothing changed since the last one.
 * Two writers at once: the second finds the number taken and writes nothing.
 */
import { createHash } from "node:crypto";
import { createGzip } from "node:zlib";
import { headLine, leafHash, MerkleTree, type CheckpointBody } from "../../domain/audit/checkpoint.ts";
import type { Db } from "../../storage/database.ts";
import { streamHeadsInOrder } from "../../storage/audit/repository.ts";
import type { AnchorStore } from "./anchor-store.ts";
import { signCheckpoint, verifyCheckpoint, type CheckpointKeys } from "./checkpoint-keys.ts";

export interface AnchorAuditOptions {
  db: Db;
  store: AnchorStore;
  keys: CheckpointKeys;
  now: Date;
  /** Write one even when nothing changed since the last. */
  force?: boolean;
}

export interface AnchorAuditResult {
  written: boolean;
  /** Why not: unchanged since the last checkpoint, or another writer took the number. */
  skipped?: "unchanged" | "raced";
  seq: number;
  streams: number;
  actions: bigint;
  root: string;
  name: string;
}

export const checkpointName = (seq: number) => `checkpoints/${String(seq).padStart(10, "0")}.jws`;
export const headsName = (sha256: string) => `heads/${sha256}.ndjson.gz`;
const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** The last checkpoint of the store (the highest number), read and checked with our own key. */
async function lastCheckpoint(store: AnchorStore, keys: CheckpointKeys): Promise<{ body: CheckpointBody; jws: string } | null> {
  const names = await store.list("checkpoints/");
  const name = names.at(-1);
  if (!name) return null;
  const jws = (await store.read(name))!.toString("utf8").trim();
  try {
    return { body: (await verifyCheckpoint(jws, [keys.publicJwk])).body, jws };
  } catch (error) {
    // Never chain onto what we cannot vouch for: the auditor must look first.
    throw new Error(`the last checkpoint in ${store.location} (${name}) does not verify with this key: ${(error as Error).message}`);
  }
}

export async function anchorAudit(options: AnchorAuditOptions): Promise<AnchorAuditResult> {
  const { store, keys } = options;
  const previous = await lastCheckpoint(store, keys);
  // One snapshot of every head, however many pages it takes.
  const { tree, gzipped, actions } = await options.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (tx) => {
      const merkle = new MerkleTree();
      const gzip = createGzip({ level: 6 });
      const chunks: Buffer[] = [];
      gzip.on("data", (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise<void>((resolve, reject) => {
        gzip.on("end", resolve);
        gzip.on("error", reject);
      });
      let total = 0n;
      for await (const page of streamHeadsInOrder(tx)) {
        for (const head of page) {
          merkle.add(leafHash(head));
          total += head.lastSeq;
          if (!gzip.write(`${headLine(head)}\n`)) await new Promise((resolve) => gzip.once("drain", resolve));
        }
      }
      gzip.end();
      await ended;
      return { tree: merkle, gzipped: Buffer.concat(chunks), actions: total };
    });
  const root = tree.root();
  const seq = (previous?.body.seq ?? 0) + 1;
  const summary = { streams: tree.size, actions, root };
  if (previous && !options.force && previous.body.root === root && previous.body.streams === tree.size) {
    return { written: false, skipped: "unchanged", seq: previous.body.seq, name: checkpointName(previous.body.seq), ...summary };
  }
  const headsSha256 = sha256Hex(gzipped);
  await store.create(headsName(headsSha256), gzipped);
  await store.create(`keys/${keys.kid}.json`, Buffer.from(`${JSON.stringify(keys.publicJwk)}\n`));
  const body: CheckpointBody = {
    v: 1,
    seq,
    at: options.now.toISOString(),
    streams: tree.size,
    actions: actions.toString(),
    root,
    headsSha256,
    previous: previous ? sha256Hex(previous.jws) : null,
  };
  const jws = await signCheckpoint(keys, body);
  const created = await store.create(checkpointName(seq), Buffer.from(`${jws}\n`));
  return created ? { written: true, seq, name: checkpointName(seq), ...summary } : { written: false, skipped: "raced", seq, name: checkpointName(seq), ...summary };
}
