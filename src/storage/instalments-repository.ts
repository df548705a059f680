/** Reads and conditional writes of instalment plans (migration 0011). */
import { sql } from "kysely";
import { DomainError } from "../domain/errors.ts";
import type { InstalmentStanding } from "../domain/instalments/schedule.ts";
import { openPlanStatuses, type PlanStatus } from "../domain/instalments/plan-machine.ts";
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";
import type { InstalmentPlansTable } from "./instalments-schema.ts";

export interface StoredPlan {
  id: string;
  fileId: string;
  debtorPartyId: string;
  status: PlanStatus;
  total: bigint;
  outstandingAtProposal: bigint;
  ruleVersion: string;
  graceWorkingDays: number;
  proposedBy: string;
  proposedAt: Date;
  note: string | null;
  orderGrounds: string[] | null;
  orderedBy: string | null;
  orderedAt: Date | null;
  inForceAt: Date | null;
  endedAt: Date | null;
}

export interface StoredInstalment extends InstalmentStanding {
  onTime: boolean | null;
}

const toPlan = (row: InstalmentPlansTable): StoredPlan => ({
  id: row.id,
  fileId: row.file_id,
  debtorPartyId: row.debtor_party_id,
  status: row.status,
  total: row.total,
  outstandingAtProposal: row.outstanding_at_proposal,
  ruleVersion: row.rule_version,
  graceWorkingDays: row.grace_working_days,
  proposedBy: row.proposed_by,
  proposedAt: row.proposed_at,
  note: row.note,
  orderGrounds: row.order_grounds,
  orderedBy: row.ordered_by,
  orderedAt: row.ordered_at,
  inForceAt: row.in_force_at,
  endedAt: row.ended_at,
});

export async function planOfFile(tx: Tx, fileId: string, planId: string): Promise<StoredPlan | undefined> {
  const row = await tx.selectFrom("instalment_plans").selectAll().where("id", "=", planId).where("file_id", "=", fileId).executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

export async function plansOfFile(db: Db | Tx, fileId: string, statuses?: readonly PlanStatus[]): Promise<StoredPlan[]> {
  let query = db.selectFrom("instalment_plans").selectAll().where("file_id", "=", fileId);
  if (statuses) query = query.where("status", "in", [...statuses]);
  const rows = await query.orderBy("proposed_at").orderBy("id").execute();
  return rows.map(toPlan);
}

export async function openPlanOfDebtor(tx: Tx, fileId: string, debtorPartyId: string): Promise<StoredPlan | undefined> {
  const row = await tx
    .selectFrom("instalment_plans")
    .selectAll()
    .where("file_id", "=", fileId)
    .where("debtor_party_id", "=", debtorPartyId)
    .where("status", "in", [...openPlanStatuses])
    .executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

export async function instalmentsOf(db: Db | Tx, planId: string): Promise<StoredInstalment[]> {
  const rows = await db.selectFrom("instalments").selectAll().where("plan_id", "=", planId).orderBy("number").execute();
  return rows.map((row) => ({ number: row.number, dueOn: row.due_on, amount: row.amount, paid: row.paid, paidAt: row.paid_at, onTime: row.on_time }));
}

/** Moves a plan only from the status it was read in; anything else is a lost race. */
export async function movePlan(tx: Tx, plan: StoredPlan, to: PlanStatus, change: Partial<Omit<InstalmentPlansTable, "id" | "file_id" | "status">>, now: Date): Promise<void> {
  const result = await tx
    .updateTable("instalment_plans")
    .set({ ...change, status: to, updated_at: now })
    .where("id", "=", plan.id)
    .where("status", "=", plan.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { planId: plan.id, from: plan.status, to });
  plan.status = to;
}

/**
 * Plans in force that may have missed an instalment by now: one unpaid and due on or
 * before `today` (Kuwait date), or one received late. The exact deadline (working days,
 * holidays) is the caller's to decide.
 */
export async function plansToCheckForDefault(db: Db, today: string, limit: number): Promise<{ id: string; fileId: string }[]> {
  const rows = await db
    .selectFrom("instalment_plans as p")
    .select(["p.id", "p.file_id"])
    .where("p.status", "=", "in_force")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("instalments as i")
          .select(sql`1`.as("one"))
          .whereRef("i.plan_id", "=", "p.id")
          .where((inner) => inner.or([inner.and([inner("i.paid_at", "is", null), inner("i.due_on", "<=", today)]), inner("i.on_time", "=", false)])),
      ),
    )
    .orderBy("p.in_force_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id }));
}
