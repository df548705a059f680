/**
 * Checks the database against the audit checkpoints kept outside it (issue 16; part of
 * `tanfeeth verify-audit`):
 * - every checkpoint's signature (trusted keys only), its number and its link to the one
 *   before; each one's heads file against its hash, its Merkle root and its counts;
 * - from each checkpoint to the next, no stream may disappear, fall back, or change its
 *   hash at the same length (a checkpoint taken after a rewrite does not hide it: the
 *   checkpoints before it still disagree);
 * - and every head any checkpoint committed to must still be in the database: the action
 *   at that sequence number with that hash. A stream is named missing (gone whole),
 *   shortened (ends before a committed head) or altered (another hash there).
 * Heads files are read as streams, two at a time, so memory stays bounded.
 */
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { JWK } from "jose";
import { compareStream, compareStreams, leafHash, MerkleTree, parseHeadLine, type AnchorProblem, type AnchorProblemKind, type CheckpointBody, type StreamHead } from "../../domain/audit/checkpoint.ts";
import type { Db } from "../../storage/database.ts";
import { placeKey, streamsNow } from "../../storage/audit/repository.ts";
import type { AnchorStore } from "./anchor-store.ts";
import { checkpointName, headsName } from "./anchor-audit.ts";
import { verifyCheckpoint } from "./checkpoint-keys.ts";

export interface CheckpointProblem {
  name: string;
  problem: string;
}

export interface NamedProblem extends AnchorProblem {
  /** The checkpoint that shows it. */
  checkpoint: number;
}

export interface AnchorReport {
  location: string;
  /** Checkpoints found in the store, and how many of them verified. */
  checkpoints: number;
  verified: number;
  /** The latest checkpoint that verifies. */
  latest: CheckpointBody | null;
  checkpointProblems: CheckpointProblem[];
  /** One per stream, from the earliest checkpoint that shows it. */
  streamProblems: NamedProblem[];
  /** Heads committed to by the checkpoints and looked up in the database. */
  headsChecked: number;
}

const BATCH = 1000;
const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

async function* headsOf(gzipped: Buffer): AsyncGenerator<StreamHead> {
  const lines = createInterface({ input: Readable.from([gzipped]).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield parseHeadLine(line);
}

export async function verifyAgainstAnchor(options: { db: Db; store: AnchorStore; trusted: readonly JWK[] }): Promise<AnchorReport> {
  const { store } = options;
  const names = await store.list("checkpoints/");
  const report: AnchorReport = { location: store.location, checkpoints: names.length, verified: 0, latest: null, checkpointProblems: [], streamProblems: [], headsChecked: 0 };
  const found = new Map<string, NamedProblem>();
  const record = (checkpoint: number, problem: AnchorProblem) => {
    if (!found.has(problem.stream)) found.set(problem.stream, { ...problem, checkpoint });
  };
  const between = (checkpoint: number, head: StreamHead, kind: AnchorProblemKind, now: StreamHead | null) =>
    record(checkpoint, { stream: head.stream, problem: kind, checkpointSeq: head.lastSeq, headSeqNow: now?.lastSeq ?? null });

  // Commitments to look up in the database, a batch at a time.
  let pending: { checkpoint: number; head: StreamHead }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    const now = await streamsNow(options.db, batch.map((item) => item.head));
    for (const { checkpoint, head } of batch) {
      const problem = compareStream(head, now.get(placeKey(head.stream, head.lastSeq)) ?? { headSeq: null, hashesAtCheckpointSeq: [], hasActions: false });
      if (problem) record(checkpoint, problem);
    }
    report.headsChecked += batch.length;
  };
  const commit = async (checkpoint: number, head: StreamHead) => {
    pending.push({ checkpoint, head });
    if (pending.length >= BATCH) await flush();
  };

  let previous: { jws: string; heads: Buffer; seq: number } | null = null;
  for (const [index, name] of names.entries()) {
    const seq = index + 1;
    const fail = (problem: string) => report.checkpointProblems.push({ name, problem });
    if (name !== checkpointName(seq)) {
      fail(`out of sequence: ${checkpointName(seq)} expected here`);
      break;
    }
    const jws = (await store.read(name))!.toString("utf8").trim();
    let body: CheckpointBody;
    try {
      body = (await verifyCheckpoint(jws, options.trusted)).body;
    } catch (error) {
      fail(`signature not valid: ${(error as Error).message}`);
      break;
    }
    if (body.seq !== seq) fail(`states number ${body.seq}`);
    if (body.previous !== (previous ? sha256Hex(previous.jws) : null)) fail("does not link to the checkpoint before it");
    const heads = await store.read(headsName(body.headsSha256));
    if (!heads || sha256Hex(heads) !== body.headsSha256) fail(heads ? "its heads file does not match its hash" : "its heads file is missing");
    if (report.checkpointProblems.length > 0) break;

    // First its heads file against what it signed: sorted, its root, its counts.
    const tree = new MerkleTree();
    let actions = 0n;
    let last: string | null = null;
    for await (const head of headsOf(heads!)) {
      if (last !== null && compareStreams(last, head.stream) >= 0) {
        fail("its heads file is not sorted by stream");
        break;
      }
      last = head.stream;
      tree.add(leafHash(head));
      actions += head.lastSeq;
    }
    if (report.checkpointProblems.length === 0 && (tree.root() !== body.root || tree.size !== body.streams || actions.toString() !== body.actions)) {
      fail("its heads file does not give its Merkle root and counts");
    }
    if (report.checkpointProblems.length > 0) break;

    // Then merged with the previous checkpoint's heads (both sorted by stream): what went
    // missing, fell back or changed between them, and what is new to look up.
    const before = previous ? headsOf(previous.heads) : null;
    let older = before ? ((await before.next()).value ?? null) : null;
    const next = async () => (older = (await before!.next()).value ?? null);
    for await (const head of headsOf(heads!)) {
      while (older && compareStreams(older.stream, head.stream) < 0) {
        between(previous!.seq, older, "missing", null);
        await next();
      }
      if (older && older.stream === head.stream) {
        if (head.lastSeq < older.lastSeq) between(previous!.seq, older, "shortened", head);
        else if (head.lastSeq === older.lastSeq && head.headHash !== older.headHash) between(previous!.seq, older, "altered", head);
        const unchanged = head.lastSeq === older.lastSeq && head.headHash === older.headHash;
        await next();
        if (unchanged) continue;
      }
      await commit(seq, head);
    }
    while (older) {
      between(previous!.seq, older, "missing", null);
      await next();
    }
    report.verified = seq;
    report.latest = body;
    previous = { jws, heads: heads!, seq };
  }
  if (pending.length > 0) await flush();
  report.streamProblems = [...found.values()].sort((a, b) => a.checkpoint - b.checkpoint || compareStreams(a.stream, b.stream));
  return report;
}
