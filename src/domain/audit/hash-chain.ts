/**
 * The audit hash chain. Each action's hash is sha256(previous hash + "\n" + canonical
 * JSON of what it records), so altering, removing or reordering a row breaks the chain
 * from that row on. Chains are per stream (one per enforcement file) so files are
 * appended in parallel and the log partitions by file.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedFields {
  stream: string;
  seq: bigint;
  occurredAt: Date;
  actor: string;
  actorRole: string;
  kind: string;
  fileId: string | null;
  procedureId: string | null;
  orderId: string | null;
  payload: unknown;
  reason: string | null;
  correlationId: string;
}

export function actionHash(prevHash: string, fields: ChainedFields): string {
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(
      canonicalJson({
        stream: fields.stream,
        seq: fields.seq,
        occurredAt: fields.occurredAt,
        actor: fields.actor,
        actorRole: fields.actorRole,
        kind: fields.kind,
        fileId: fields.fileId,
        procedureId: fields.procedureId,
        orderId: fields.orderId,
        payload: fields.payload,
        reason: fields.reason,
        correlationId: fields.correlationId,
      }),
    )
    .digest("hex");
}

export type ChainProblemKind = "altered" | "missing_before" | "broken_link" | "head_mismatch" | "orphan_head";

export interface ChainProblem {
  stream: string;
  seq: bigint | null;
  actionId: bigint | null;
  problem: ChainProblemKind;
}

export interface StoredAction extends ChainedFields {
  id: bigint;
  prevHash: string;
  hash: string;
}

/**
 * Checks one stream's actions (in seq order) against the chain rules and the stream's
 * recorded head. Pure: the caller streams rows in from storage.
 */
export class StreamVerifier {
  private expectedSeq = 1n;
  private previousHash = GENESIS_HASH;
  readonly problems: ChainProblem[] = [];
  count = 0;

  readonly stream: string;

  constructor(stream: string) {
    this.stream = stream;
  }

  accept(action: StoredAction): void {
    this.count++;
    const at = { stream: this.stream, seq: action.seq, actionId: action.id };
    if (action.seq !== this.expectedSeq) this.problems.push({ ...at, problem: "missing_before" });
    else if (action.prevHash !== this.previousHash) this.problems.push({ ...at, problem: "broken_link" });
    if (actionHash(action.prevHash, action) !== action.hash) this.problems.push({ ...at, problem: "altered" });
    this.expectedSeq = action.seq + 1n;
    this.previousHash = action.hash;
  }

  finish(head: { lastSeq: bigint; headHash: string } | undefined): ChainProblem[] {
    if (!head) {
      if (this.count > 0) this.problems.push({ stream: this.stream, seq: null, actionId: null, problem: "head_mismatch" });
    } else if (head.lastSeq !== this.expectedSeq - 1n || head.headHash !== this.previousHash) {
      this.problems.push({ stream: this.stream, seq: head.lastSeq, actionId: null, problem: "head_mismatch" });
    }
    return this.problems;
  }
}
