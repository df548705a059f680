/**
 * Outbox handlers for the notices of enforcement disputes and instalment plans: every
 * step is told to the file's creditors and debtors (Resolution 26/2021), each in their
 * language, through the same delivery as every other notice. A repeat inserts nothing:
 * the dedupe key names the dispute or plan, the step and the recipient.
 */
import type { DisputeNoticeEvent } from "../app/disputes/notify.ts";
import type { PlanNoticeEvent } from "../app/instalments/notify.ts";
import type { Tx } from "../storage/action-log.ts";
import { insertNotices, recipientsOfParties } from "./create-notices.ts";
import { renderNotice, type DisputeData, type PlanData } from "./templates.ts";

async function partiesOf(tx: Tx, fileId: string) {
  return tx.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", fileId).orderBy("id").execute();
}

async function noticeToParties(
  tx: Tx,
  fileId: string,
  dedupePrefix: string,
  correlationId: string | null,
  now: Date,
  render: (language: "ar" | "en") => ReturnType<typeof renderNotice>,
  kind: "dispute_changed" | "instalment_plan_changed",
): Promise<void> {
  const parties = await partiesOf(tx, fileId);
  const roleOf = new Map(parties.map((party) => [party.id, party.party_role]));
  const recipients = await recipientsOfParties(tx, parties.map((party) => party.id), now);
  await insertNotices(
    tx,
    recipients.map((recipient) => ({
      dedupeKey: `${dedupePrefix}:${recipient.partyId}:${recipient.civilId}`,
      kind,
      fileId,
      procedureId: null,
      role: roleOf.get(recipient.partyId)!,
      partyId: recipient.partyId,
      recipient,
      rendered: render(recipient.language),
      correlationId,
    })),
    now,
  );
}

export async function noticeDisputeChanged(tx: Tx, payload: { disputeId: string; event: DisputeNoticeEvent; key?: string; at?: string; correlationId?: string }, now: Date): Promise<void> {
  const dispute = await tx
    .selectFrom("disputes as d")
    .innerJoin("enforcement_files as f", "f.id", "d.file_id")
    .select(["d.id", "d.file_id", "d.bond_amount", "f.number"])
    .where("d.id", "=", payload.disputeId)
    .executeTakeFirst();
  if (!dispute) return;
  const data: DisputeData = { fileNumber: dispute.number, at: payload.at ? new Date(payload.at) : now, event: payload.event, bondAmount: dispute.bond_amount };
  await noticeToParties(tx, dispute.file_id, `dispute_changed:${dispute.id}:${payload.key ?? payload.event}`, payload.correlationId ?? null, now, (language) => renderNotice("dispute_changed", language, data), "dispute_changed");
}

export async function noticePlanChanged(tx: Tx, payload: { planId: string; event: PlanNoticeEvent; key?: string; at?: string; correlationId?: string }, now: Date): Promise<void> {
  const plan = await tx
    .selectFrom("instalment_plans as p")
    .innerJoin("enforcement_files as f", "f.id", "p.file_id")
    .select(["p.id", "p.file_id", "p.total", "f.number"])
    .where("p.id", "=", payload.planId)
    .executeTakeFirst();
  if (!plan) return;
  const instalments = await tx.selectFrom("instalments").select(["due_on", "amount", "paid"]).where("plan_id", "=", plan.id).orderBy("number").execute();
  const next = instalments.find((instalment) => instalment.paid < instalment.amount);
  const showsNext = payload.event === "in_force" || payload.event === "instalment_paid";
  const data: PlanData = {
    fileNumber: plan.number,
    at: payload.at ? new Date(payload.at) : now,
    event: payload.event,
    total: plan.total,
    instalmentCount: instalments.length,
    nextDue: showsNext && next ? { dueOn: next.due_on, amount: next.amount - next.paid } : null,
  };
  await noticeToParties(tx, plan.file_id, `instalment_plan_changed:${plan.id}:${payload.key ?? payload.event}`, payload.correlationId ?? null, now, (language) => renderNotice("instalment_plan_changed", language, data), "instalment_plan_changed");
}
