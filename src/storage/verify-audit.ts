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

export async function verifyAudit(db: Db): Promise<AuditReport> {
  const heads = new Map(
    (await db.selectFrom("action_streams").selectAll().execute()).map((head) => [head.stream, { lastSeq: head.last_seq, headHash: head.head_hash }]),
  );
  const chainProblems: ChainProblem[] = [];
  const seenStreams = new Set<string>();
  let actions = 0;
  let verifier: StreamVerifier | null = null;
  let cursor: { stream: string; seq: bigint } | null = null;
  const finish = () => {
    if (!verifier) return;
    chainProblems.push(...verifier.finish(heads.get(verifier.stream)));
    seenStreams.add(verifier.stream);
  };
  for (;;) {
    let query = db.selectFrom("actions").selectAll().orderBy("stream").orderBy("seq").orderBy("id").limit(PAGE);
    if (cursor) {
      const { stream, seq } = cursor;
      query = query.where((eb) => eb.or([eb("stream", ">", stream), eb.and([eb("stream", "=", stream), eb("seq", ">", seq)])]));
    }
    const rows = await query.execute();
    for (const row of rows) {
      if (verifier?.stream !== row.stream) {
        finish();
        verifier = new StreamVerifier(row.stream);
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
      actions++;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    cursor = { stream: last.stream, seq: last.seq };
  }
  finish();
  for (const [stream, head] of heads) {
    if (!seenStreams.has(stream) && head.lastSeq > 0n) chainProblems.push({ stream, seq: head.lastSeq, actionId: null, problem: "head_mismatch" });
  }
  return { streams: heads.size, actions, chainProblems, projectionProblems: await verifyProjections(db) };
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
