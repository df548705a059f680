/**
 * Recomputes every hash chain of the action log and checks the projections against the
 * actions: each procedure's and order's status must be the fold of its events through
 * the state machines, and each file's totals the sum of its claim items and ledger.
 * Reads in pages (keyset), so it runs over a country's log in bounded memory.
 */
import { sql } from "kysely";
import { StreamVerifier, type ChainProblem } from "../domain/audit/hash-chain.ts";
import {
  agencyOrderStatusFromEvents,
  procedureStatusFromEvents,
  type AgencyOrderEvent,
  type ProcedureEvent,
  type ProcedureKind,
} from "../domain/procedures/index.ts";
import type { Db } from "./database.ts";
import { verifyDisputeAndPlanProjections } from "./verify-dispute-plan-projections.ts";

export interface ProjectionProblem {
  entity: "procedure" | "order" | "file" | "dispute" | "instalment_plan";
  id: string;
  problem: string;
}

export interface AuditReport {
  streams: number;
  actions: number;
  chainProblems: ChainProblem[];
  projectionProblems: ProjectionProblem[];
}

const PAGE = 5000;

export interface AuditProgress {
  phase: "chains" | "projections";
  /** Actions checked so far, of `total` (the stream heads' sum when the run began). */
  actions: number;
  total: number;
  streams: number;
}

export interface VerifyAuditOptions {
  /** Called after each page of actions and before the projections are checked (awaited: it may wait for its reader). */
  onProgress?: (progress: AuditProgress) => void | Promise<void>;
  /** Actions read per query (memory stays bounded by it); default 5,000. */
  pageSize?: number;
}

interface Head {
  lastSeq: bigint;
  headHash: string;
}

/**
 * Safe to run while the system writes. The stream heads are read first; actions appended
 * afterwards are chain-checked too and held to the heads as they are at the end (a legit
 * append moves its stream's head in the same transaction, so a row beyond the final head
 * is still found). Each projection check is one statement, so it sees one snapshot. On
 * PostgreSQL the caller may run it all in one read-only REPEATABLE READ transaction.
 */
export async function verifyAudit(db: Db, options: VerifyAuditOptions = {}): Promise<AuditReport> {
  const heads = new Map(
    (await db.selectFrom("action_streams").selectAll().execute()).map((head) => [head.stream, { lastSeq: head.last_seq, headHash: head.head_hash }]),
  );
  const pageSize = options.pageSize ?? PAGE;
  const total = Number([...heads.values()].reduce((sum, head) => sum + head.lastSeq, 0n));
  const chainProblems: ChainProblem[] = [];
  const seenStreams = new Set<string>();
  // Streams that grew past the head read at the start: held to their heads at the end.
  const grown: { verifier: StreamVerifier; lastSeq: bigint; lastHash: string; startHead: Head | undefined; hashAtStartHead: string | undefined }[] = [];
  let actions = 0;
  let verifier: StreamVerifier | null = null;
  let last: { seq: bigint; hash: string } | null = null;
  let hashAtStartHead: string | undefined;
  let cursor: { stream: string; seq: bigint } | null = null;
  const finish = () => {
    if (!verifier || !last) return;
    seenStreams.add(verifier.stream);
    const startHead = heads.get(verifier.stream);
    if (last.seq > (startHead?.lastSeq ?? 0n)) grown.push({ verifier, lastSeq: last.seq, lastHash: last.hash, startHead, hashAtStartHead });
    else chainProblems.push(...verifier.finish(startHead));
  };
  for (;;) {
    let query = db.selectFrom("actions").selectAll().orderBy("stream").orderBy("seq").orderBy("id").limit(pageSize);
    if (cursor) {
      const { stream, seq } = cursor;
      query = query.where((eb) => eb.or([eb("stream", ">", stream), eb.and([eb("stream", "=", stream), eb("seq", ">", seq)])]));
    }
    const rows = await query.execute();
    for (const row of rows) {
      if (verifier?.stream !== row.stream) {
        finish();
        verifier = new StreamVerifier(row.stream);
        hashAtStartHead = undefined;
      }
      verifier.accept({
        id: row.id,
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
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      last = { seq: row.seq, hash: row.hash };
      if (row.seq === heads.get(row.stream)?.lastSeq) hashAtStartHead = row.hash;
      actions++;
    }
    await options.onProgress?.({ phase: "chains", actions, total, streams: seenStreams.size });
    const lastRow = rows.at(-1);
    if (!lastRow || rows.length < pageSize) break;
    cursor = { stream: lastRow.stream, seq: lastRow.seq };
  }
  finish();
  if (grown.length > 0) {
    const endHeads = await readHeads(db, grown.map((stream) => stream.verifier.stream));
    for (const stream of grown) {
      const name = stream.verifier.stream;
      const endHead = endHeads.get(name);
      // The chain must still pass through the head seen at the start ...
      if (stream.startHead && stream.hashAtStartHead !== stream.startHead.headHash) {
        chainProblems.push({ stream: name, seq: stream.startHead.lastSeq, actionId: null, problem: "head_mismatch" });
      }
      // ... and no row may lie beyond the head at the end.
      if (!endHead || stream.lastSeq >= endHead.lastSeq) chainProblems.push(...stream.verifier.finish(endHead));
      else chainProblems.push(...stream.verifier.finish({ lastSeq: stream.lastSeq, headHash: stream.lastHash })); // still growing: its checked prefix
    }
  }
  for (const [stream, head] of heads) {
    if (!seenStreams.has(stream) && head.lastSeq > 0n) chainProblems.push({ stream, seq: head.lastSeq, actionId: null, problem: "head_mismatch" });
  }
  await options.onProgress?.({ phase: "projections", actions, total, streams: seenStreams.size });
  return { streams: heads.size, actions, chainProblems, projectionProblems: await verifyProjections(db) };
}

async function readHeads(db: Db, streams: string[]): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>();
  for (let index = 0; index < streams.length; index += 1000) {
    const rows = await db.selectFrom("action_streams").selectAll().where("stream", "in", streams.slice(index, index + 1000)).execute();
    for (const row of rows) heads.set(row.stream, { lastSeq: row.last_seq, headHash: row.head_hash });
  }
  return heads;
}

async function verifyProjections(db: Db): Promise<ProjectionProblem[]> {
  const problems: ProjectionProblem[] = [];
  // Events per procedure and per order, in log order, aggregated in the database.
  const procedures = await sql<{ id: string; kind: ProcedureKind; status: string; events: ProcedureEvent[] | null }>`
    SELECT p.id, p.procedure_kind AS kind, p.status,
      (SELECT array_agg(a.payload->>'event' ORDER BY a.seq) FROM actions a
        WHERE a.procedure_id = p.id AND a.order_id IS NULL AND a.action_kind LIKE 'procedure.%' AND a.payload ? 'event') AS events
    FROM procedures p`.execute(db);
  for (const procedure of procedures.rows) {
    try {
      const derived = procedureStatusFromEvents(procedure.kind, procedure.events ?? []);
      if (derived !== procedure.status) problems.push({ entity: "procedure", id: procedure.id, problem: `status ${procedure.status} but actions give ${derived}` });
    } catch {
      problems.push({ entity: "procedure", id: procedure.id, problem: "actions hold an illegal transition" });
    }
  }
  const orders = await sql<{ id: string; status: string; events: AgencyOrderEvent[] | null }>`
    SELECT o.id, o.status,
      (SELECT array_agg(a.payload->>'event' ORDER BY a.seq) FROM actions a
        WHERE a.order_id = o.id AND a.action_kind LIKE 'order.%' AND a.payload ? 'event') AS events
    FROM agency_orders o`.execute(db);
  for (const order of orders.rows) {
    try {
      const derived = agencyOrderStatusFromEvents(order.events ?? []);
      if (derived !== order.status) problems.push({ entity: "order", id: order.id, problem: `status ${order.status} but actions give ${derived}` });
    } catch {
      problems.push({ entity: "order", id: order.id, problem: "actions hold an illegal transition" });
    }
  }
  const files = await sql<{ id: string; problem: string }>`
    SELECT f.id,
      CASE WHEN f.claim_total <> coalesce((SELECT sum(amount) FROM claim_items c WHERE c.file_id = f.id), 0)
           THEN 'claim_total differs from its claim items'
           ELSE 'recovered_total differs from its ledger' END AS problem
    FROM enforcement_files f
    WHERE f.claim_total <> coalesce((SELECT sum(amount) FROM claim_items c WHERE c.file_id = f.id), 0)
       OR f.recovered_total <> coalesce((SELECT sum(amount) FROM ledger_entries l WHERE l.file_id = f.id), 0)`.execute(db);
  problems.push(...files.rows.map((row) => ({ entity: "file" as const, id: row.id, problem: row.problem })));
  problems.push(...(await verifyDisputeAndPlanProjections(db)));
  return problems;
}
