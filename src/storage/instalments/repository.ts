/** Reads and conditional writes of instalment plans (migration 0011). */
import { sql } from "kysely";
import { DomainError } from "../../domain/errors.ts";
import type { InstalmentStanding } from "../../domain/instalments/schedule.ts";
import { openPlanStatuses, type PlanStatus } from "../../domain/instalments/plan-machine.ts";
import type { ProcedureKind } from "../../domain/procedures/index.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { InstalmentPlansTable } from "./schema.ts";

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

/** A plan as proposed: its schedule, and the measures it lifts while it is kept. */
export interface NewPlan {
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
  instalments: readonly { number: number; dueOn: string; amount: bigint }[];
  liftProcedureIds: readonly string[];
}

export async function insertPlan(tx: Tx, plan: NewPlan): Promise<void> {
  await tx
    .insertInto("instalment_plans")
    .values({
      id: plan.id,
      file_id: plan.fileId,
      debtor_party_id: plan.debtorPartyId,
      status: plan.status,
      total: plan.total,
      outstanding_at_proposal: plan.outstandingAtProposal,
      rule_version: plan.ruleVersion,
      grace_working_days: plan.graceWorkingDays,
      proposed_by: plan.proposedBy,
      proposed_at: plan.proposedAt,
      note: plan.note,
      order_grounds: null,
      ordered_by: null,
      ordered_at: null,
      in_force_at: null,
      ended_at: null,
      updated_at: plan.proposedAt,
    })
    .execute();
  await tx.insertInto("instalments").values(plan.instalments.map((instalment) => ({ plan_id: plan.id, number: instalment.number, due_on: instalment.dueOn, amount: instalment.amount, paid_at: null, on_time: null }))).execute();
  if (plan.liftProcedureIds.length > 0) {
    await tx.insertInto("instalment_plan_measures").values(plan.liftProcedureIds.map((procedureId) => ({ plan_id: plan.id, procedure_id: procedureId, lifted_at: null, restored_procedure_id: null }))).execute();
  }
}

/** The debtor's plan in force on the file, if any: its id. */
export async function planInForce(tx: Tx, fileId: string, debtorPartyId: string): Promise<string | undefined> {
  const plan = await tx
    .selectFrom("instalment_plans")
    .select("id")
    .where("file_id", "=", fileId)
    .where("debtor_party_id", "=", debtorPartyId)
    .where("status", "=", "in_force")
    .executeTakeFirst();
  return plan?.id;
}

/** What an instalment has been paid so far, when it was settled and whether on time. */
export async function setInstalmentPaid(tx: Tx, planId: string, number: number, payment: { paid: bigint; paidAt: Date | null; onTime: boolean | null }): Promise<void> {
  await tx
    .updateTable("instalments")
    .set({ paid: payment.paid, paid_at: payment.paidAt, on_time: payment.onTime })
    .where("plan_id", "=", planId)
    .where("number", "=", number)
    .execute();
}

/** The part of a credit to the file applied to an instalment. */
export async function insertInstalmentCredit(tx: Tx, credit: { planId: string; ledgerEntryId: string; number: number; amount: bigint; receivedAt: Date }): Promise<void> {
  await tx.insertInto("instalment_credits").values({ plan_id: credit.planId, ledger_entry_id: credit.ledgerEntryId, number: credit.number, amount: credit.amount, received_at: credit.receivedAt }).execute();
}

export interface PlanConsent {
  creditorPartyId: string;
  answer: "agreed" | "refused";
  answeredAt: Date;
  reasons: string | null;
}

/** The creditors' answers to the plan, in the order given. */
export async function consentsOf(db: Db | Tx, planId: string): Promise<PlanConsent[]> {
  const rows = await db.selectFrom("instalment_plan_consents").selectAll().where("plan_id", "=", planId).orderBy("answered_at").execute();
  return rows.map((row) => ({ creditorPartyId: row.creditor_party_id, answer: row.answer, answeredAt: row.answered_at, reasons: row.reasons }));
}

/** One answer to the plan for each of these creditors, given by one person. */
export async function insertConsents(
  tx: Tx,
  planId: string,
  creditorPartyIds: readonly string[],
  answer: { answer: "agreed" | "refused"; answeredBy: string; answeredAt: Date; reasons: string | null },
): Promise<void> {
  await tx
    .insertInto("instalment_plan_consents")
    .values(creditorPartyIds.map((partyId) => ({ plan_id: planId, creditor_party_id: partyId, answer: answer.answer, answered_by: answer.answeredBy, answered_at: answer.answeredAt, reasons: answer.reasons })))
    .execute();
}

export interface PlanMeasure {
  procedureId: string;
  liftedAt: Date | null;
  restoredProcedureId: string | null;
}

/** The measures the plan lifts while it is kept, by procedure id. */
export async function measuresOf(db: Db | Tx, planId: string): Promise<PlanMeasure[]> {
  const rows = await db.selectFrom("instalment_plan_measures").selectAll().where("plan_id", "=", planId).orderBy("procedure_id").execute();
  return rows.map((row) => ({ procedureId: row.procedure_id, liftedAt: row.lifted_at, restoredProcedureId: row.restored_procedure_id }));
}

/** The procedures the plan lifts while it is kept (in the order stored). */
export async function measureProcedureIds(tx: Tx, planId: string): Promise<string[]> {
  const rows = await tx.selectFrom("instalment_plan_measures").select("procedure_id").where("plan_id", "=", planId).execute();
  return rows.map((row) => row.procedure_id);
}

export async function markMeasureLifted(tx: Tx, planId: string, procedureId: string, now: Date): Promise<void> {
  await tx.updateTable("instalment_plan_measures").set({ lifted_at: now }).where("plan_id", "=", planId).where("procedure_id", "=", procedureId).execute();
}

/** The measures the plan lifted and nothing restored yet, with what restoring each asks again (oldest request first). */
export async function liftedMeasuresToRestore(
  tx: Tx,
  planId: string,
): Promise<{ procedureId: string; kind: ProcedureKind; debtorPartyId: string; amount: bigint | null; parameters: Record<string, unknown> }[]> {
  const rows = await tx
    .selectFrom("instalment_plan_measures as m")
    .innerJoin("procedures as p", "p.id", "m.procedure_id")
    .select(["m.procedure_id", "p.procedure_kind", "p.debtor_party_id", "p.amount", "p.parameters"])
    .where("m.plan_id", "=", planId)
    .where("m.lifted_at", "is not", null)
    .where("m.restored_procedure_id", "is", null)
    .orderBy("p.requested_at")
    .execute();
  return rows.map((row) => ({ procedureId: row.procedure_id, kind: row.procedure_kind, debtorPartyId: row.debtor_party_id, amount: row.amount, parameters: row.parameters as Record<string, unknown> }));
}

export async function markMeasureRestored(tx: Tx, planId: string, procedureId: string, restoredProcedureId: string): Promise<void> {
  await tx.updateTable("instalment_plan_measures").set({ restored_procedure_id: restoredProcedureId }).where("plan_id", "=", planId).where("procedure_id", "=", procedureId).execute();
}
