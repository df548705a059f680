/**
 * Checkpoints of the action log, kept outside the database (issue 16). Each one commits
 * to the head of every stream — (stream, last sequence number, head hash), sorted by
 * stream — through a Merkle tree hash (RFC 6962, as Certificate Transparency uses: leaves
 * and nodes domain-separated, so no leaf can pass for a node), states how many streams and
 * actions it covers, and links to the checkpoint before it by that one's hash. The caller
 * signs it and writes it where the application cannot rewrite it.
 *
 * Why: the hash chains detect an edit, a removal or a reordering inside a stream, but not
 * a stream deleted whole (its actions and its head) nor a chain recomputed from an edited
 * row by someone who can write the table (the database superuser). Against a checkpoint
 * taken before, each of those shows: the stream is missing, its head is behind the
 * checkpoint's (shortened), or the action at the checkpoint's head no longer has the
 * checkpoint's hash (altered).
 *
 * Pure: hashing only, no I/O.
 */
import { createHash } from "node:crypto";

export interface StreamHead {
  stream: string;
  lastSeq: bigint;
  headHash: string;
}

const sha256 = (...parts: (Buffer | string)[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** A head as one line of a checkpoint's heads file (JSON, so any stream name round-trips). */
export function headLine(head: StreamHead): string {
  return JSON.stringify([head.stream, head.lastSeq.toString(), head.headHash]);
}

/** The head a line of a heads file states; throws on anything else. */
export function parseHeadLine(line: string): StreamHead {
  const parsed = JSON.parse(line) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== "string" || typeof parsed[1] !== "string" || typeof parsed[2] !== "string" || !/^\d+$/.test(parsed[1])) {
    throw new Error("not a stream head");
  }
  return { stream: parsed[0], lastSeq: BigInt(parsed[1]), headHash: parsed[2] };
}

export function leafHash(head: StreamHead): Buffer {
  return sha256(LEAF, headLine(head));
}

/**
 * The Merkle tree hash of leaves given in order, in bounded memory: a stack of complete
 * subtrees (at most one per height), folded right to left at the end — the RFC 6962 tree.
 * The empty tree's hash is sha256 of nothing.
 */
export class MerkleTree {
  private readonly stack: { height: number; hash: Buffer }[] = [];
  size = 0;

  add(leaf: Buffer): void {
    let node = { height: 0, hash: leaf };
    while (this.stack.length > 0 && this.stack.at(-1)!.height === node.height) {
      const left = this.stack.pop()!;
      node = { height: node.height + 1, hash: sha256(NODE, left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): string {
    if (this.stack.length === 0) return sha256().toString("hex");
    let hash = this.stack.at(-1)!.hash;
    for (let index = this.stack.length - 2; index >= 0; index--) hash = sha256(NODE, this.stack[index]!.hash, hash);
    return hash.toString("hex");
  }
}

/** The RFC 6962 definition, recursively (to check MerkleTree against). */
export function merkleRootOf(leaves: Buffer[]): string {
  const mth = (items: Buffer[]): Buffer => {
    if (items.length === 0) return sha256();
    if (items.length === 1) return items[0]!;
    let split = 1;
    while (split * 2 < items.length) split *= 2;
    return sha256(NODE, mth(items.slice(0, split)), mth(items.slice(split)));
  };
  return mth(leaves).toString("hex");
}

/** Streams in the order a checkpoint lists them: by UTF-16 code unit, as the database's "C" collation orders ASCII names. */
export const compareStreams = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What a checkpoint states (signed as JSON). */
export interface CheckpointBody {
  v: 1;
  /** 1 for the first checkpoint of a store, then 2, 3 ... */
  seq: number;
  /** When it was taken (UTC, ISO 8601). */
  at: string;
  /** How many streams it covers, and the sum of their last sequence numbers (all actions then). */
  streams: number;
  actions: string;
  /** The Merkle tree hash over the heads, hex. */
  root: string;
  /** sha256 of the heads file (gzip of one headLine per stream, sorted), hex. */
  headsSha256: string;
  /** sha256 of the previous checkpoint as stored (its compact JWS), hex; null for the first. */
  previous: string | null;
}

export function parseCheckpointBody(json: unknown): CheckpointBody {
  const body = json as Partial<CheckpointBody>;
  const hex = (value: unknown) => typeof value === "string" && /^[0-9a-f]{64}$/.test(value);
  if (
    body?.v !== 1 ||
    !Number.isSafeInteger(body.seq) ||
    body.seq! < 1 ||
    typeof body.at !== "string" ||
    Number.isNaN(Date.parse(body.at)) ||
    !Number.isSafeInteger(body.streams) ||
    typeof body.actions !== "string" ||
    !/^\d+$/.test(body.actions) ||
    !hex(body.root) ||
    !hex(body.headsSha256) ||
    !(body.previous === null || hex(body.previous))
  ) {
    throw new Error("not a checkpoint");
  }
  return body as CheckpointBody;
}

/** A stream's state now, against its head in a checkpoint. */
export interface StreamNow {
  /** The head row's last sequence number; null: no head row. */
  headSeq: bigint | null;
  /** The hashes of the actions now at the checkpoint's sequence number (none, one, or more if rows were duplicated). */
  hashesAtCheckpointSeq: string[];
  /** Whether the stream has any action at all. */
  hasActions: boolean;
}

export type AnchorProblemKind = "missing" | "shortened" | "altered";

export interface AnchorProblem {
  stream: string;
  problem: AnchorProblemKind;
  /** The checkpoint's last sequence number for the stream, and its head now (null: none). */
  checkpointSeq: bigint;
  headSeqNow: bigint | null;
}

/**
 * What happened to a stream since the checkpoint: removed whole (no head, no action),
 * shortened (its head, or its actions, end before the checkpoint's head), or altered (the
 * action at the checkpoint's head has another hash: something at or before it changed,
 * even if the chain was recomputed). Null when it is intact (it may have grown).
 */
export function compareStream(checkpoint: StreamHead, now: StreamNow): AnchorProblem | null {
  const problem = (kind: AnchorProblemKind): AnchorProblem => ({ stream: checkpoint.stream, problem: kind, checkpointSeq: checkpoint.lastSeq, headSeqNow: now.headSeq });
  if (now.headSeq === null && !now.hasActions) return problem("missing");
  if (now.hashesAtCheckpointSeq.length === 0 || (now.headSeq !== null && now.headSeq < checkpoint.lastSeq)) return problem("shortened");
  if (now.hashesAtCheckpointSeq.some((hash) => hash !== checkpoint.headHash)) return problem("altered");
  return null;
}
