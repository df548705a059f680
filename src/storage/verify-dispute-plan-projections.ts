/**
 * For verify-audit: each dispute's status and bond status, and each instalment plan's
 * status, must be the fold of its actions (dispute.* with `event` / `bondEvent`,
 * instalment_plan.* with `event`) through their state machines, like procedures'.
 */
import { sql } from "kysely";
import { bondStatusFromEvents, disputeStatusFromEvents, type BondEvent, type DisputeEvent } from "../domain/disputes/dispute-machine.ts";
import { planStatusFromEvents, type PlanEvent } from "../domain/instalments/plan-machine.ts";
import type { Db } from "./database.ts";

export interface DisputePlanProblem {
  entity: "dispute" | "instalment_plan";
  id: string;
  problem: string;
}

function fold<E>(derive: (events: E[]) => string, events: E[] | null): string | null {
  try {
    return derive(events ?? []);
  } catch {
    return null;
  }
}

export async function verifyDisputeAndPlanProjections(db: Db): Promise<DisputePlanProblem[]> {
  const problems: DisputePlanProblem[] = [];
  const disputes = await sql<{ id: string; status: string; bond_status: string; events: DisputeEvent[] | null; bond_events: BondEvent[] | null }>`
    SELECT d.id, d.status, d.bond_status,
      (SELECT array_agg(a.payload->>'event' ORDER BY a.seq) FROM actions a
        WHERE a.stream = 'file:' || d.file_id AND a.action_kind LIKE 'dispute.%' AND a.payload->>'disputeId' = d.id::text AND a.payload ? 'event') AS events,
      (SELECT array_agg(a.payload->>'bondEvent' ORDER BY a.seq) FROM actions a
        WHERE a.stream = 'file:' || d.file_id AND a.action_kind LIKE 'dispute.%' AND a.payload->>'disputeId' = d.id::text AND a.payload ? 'bondEvent') AS bond_events
    FROM disputes d`.execute(db);
  for (const row of disputes.rows) {
    const status = fold(disputeStatusFromEvents, row.events);
    const bond = fold(bondStatusFromEvents, row.bond_events);
    if (status === null || bond === null) problems.push({ entity: "dispute", id: row.id, problem: "actions hold an illegal transition" });
    else if (status !== row.status) problems.push({ entity: "dispute", id: row.id, problem: `status ${row.status} but actions give ${status}` });
    else if (bond !== row.bond_status) problems.push({ entity: "dispute", id: row.id, problem: `bond status ${row.bond_status} but actions give ${bond}` });
  }
  const plans = await sql<{ id: string; status: string; events: PlanEvent[] | null }>`
    SELECT p.id, p.status,
      (SELECT array_agg(a.payload->>'event' ORDER BY a.seq) FROM actions a
        WHERE a.stream = 'file:' || p.file_id AND a.action_kind LIKE 'instalment\\_plan.%' AND a.payload->>'planId' = p.id::text AND a.payload ? 'event') AS events
    FROM instalment_plans p`.execute(db);
  for (const row of plans.rows) {
    const status = fold(planStatusFromEvents, row.events);
    if (status === null) problems.push({ entity: "instalment_plan", id: row.id, problem: "actions hold an illegal transition" });
    else if (status !== row.status) problems.push({ entity: "instalment_plan", id: row.id, problem: `status ${row.status} but actions give ${status}` });
  }
  return problems;
}
