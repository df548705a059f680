/**
 * Instalment plans through the use cases on a real database: proposal checked by the
 * rules, every creditor's consent, a judge's order where the rules need it; measures
 * lifted through their agencies while the plan is kept; instalments paid by whatever
 * credits the file; a missed instalment (the deadline job, with the injected clock and
 * the working-day calendar) defaulting the plan and restoring the measures with new
 * orders; completion, refusal, lapse; notices; the audit.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { answerPlan } from "../../src/app/instalments/answer-plan.ts";
import { orderPlan } from "../../src/app/instalments/order-plan.ts";
import { proposePlan } from "../../src/app/instalments/propose-plan.ts";
import { readPlans } from "../../src/app/instalments/read-plans.ts";
import { readReviewQueue } from "../../src/app/read-review-queue.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { instalmentDeadline } from "../../src/domain/instalments/schedule.ts";
import { addCalendarDays, kuwaitDate, WorkingCalendar } from "../../src/domain/rules/index.ts";
import { defaultMissedInstalmentPlans } from "../../src/jobs/deadlines.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { dispatchNow, KD, partiesOf, refused, runOutbox, travelBanEvidence } from "../disputes/support.ts";

let database: TestDatabase;
let world: World;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database?.drop());

const as = (civilId: string) => world.as(civilId);
const db = () => database.db;
const status = async (procedureId: string) => (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;
const ordersOf = (procedureId: string) => db().selectFrom("agency_orders").select(["id", "status", "agency_key"]).where("procedure_id", "=", procedureId).orderBy("agency_key").execute();
const outgoing = (orderId: string) => db().selectFrom("agency_messages").select("message_type").where("order_id", "=", orderId).where("direction", "=", "out").orderBy("id").execute();
const planOf = async (fileId: string) => (await readPlans(world.deps, await as(people.clerk), fileId))[0]!;
/** A Kuwait date `days` after today (the world's clock). */
const inDays = (days: number) => addCalendarDays(kuwaitDate(world.clock.now()), days);
/** Moves the clock to `ms` after the deadline of an instalment due on `dueOn` (negative: before it). */
function moveToDeadline(dueOn: string, ms: number) {
  const deadline = instalmentDeadline(dueOn, 0, WorkingCalendar.at(kuwaitDate(world.clock.now())));
  world.clock.advance(deadline.getTime() + ms - world.clock.now().getTime());
}
const pay = async (fileId: string, amount: bigint, reference: string) =>
  recordLedgerEntry(world.deps, await as(people.clerk), { fileId, kind: "payment", amount, source: "cash_at_department", reference });

describe("a judge's plan lifts the travel ban; a missed instalment restores it with a new order to the ports", () => {
  let fileId: string;
  let debtor: string;
  let banId: string;
  let attachmentId: string;
  let planId: string;
  let due: string[];

  test("a proposal is checked: the schedule, and only the debtor's own standing measures", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    fileId = file.id;
    ({ debtor } = await partiesOf(db(), fileId));
    const ban = await requestProcedure(world.deps, await as(people.creditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence });
    banId = ban.id;
    await decideProcedure(world.deps, await as(people.judge), { fileId, procedureId: banId, decision: "grant", reasons: "Art. 297 conditions shown." });
    await dispatchNow(world, db(), banId);
    assert.equal(await status(banId), "dispatched");
    attachmentId = (await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId: debtor, amount: 2_000n * KD, banks: ["NBOK"] })).id;
    await dispatchNow(world, db(), attachmentId);

    due = [inDays(14), inDays(45), inDays(75)];
    const schedule = due.map((dueOn) => ({ dueOn, amount: 1_000n * KD }));
    await refused(db(), async () => proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: [{ dueOn: inDays(-1), amount: 1_000n * KD }], liftProcedureIds: [] }), "INSTALMENT_SCHEDULE_INVALID");
    await refused(db(), async () => proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: [{ dueOn: inDays(10), amount: 10_160_001n }], liftProcedureIds: [] }), "INSTALMENT_SCHEDULE_INVALID");
    await refused(db(), async () => proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: schedule, liftProcedureIds: ["00000000-0000-4000-8000-000000000001"] }), "PLAN_MEASURE_INVALID");
    await refused(db(), async () => proposePlan(world.deps, await as(people.creditor), { fileId, debtorPartyId: debtor, instalments: schedule, liftProcedureIds: [banId] }), "FORBIDDEN");

    const proposed = await proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: schedule, liftProcedureIds: [banId], note: "Salary paid on the 10th." });
    planId = proposed.id;
    assert.deepEqual([proposed.status, proposed.total, proposed.ruleVersion], ["proposed", 3_000n * KD, "kw-2025.1"]);
    await refused(db(), async () => proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: schedule, liftProcedureIds: [] }), "INSTALMENT_PLAN_ALREADY_OPEN");
    // The judge cannot order before the creditor consents.
    await refused(db(), async () => orderPlan(world.deps, await as(people.judge), { fileId, planId, decision: "order", reasons: "x" }), "TRANSITION_NOT_ALLOWED");
  });

  test("the creditor consents; with a travel ban standing the rules need a judge's order: the plan waits in the judges' queue", async () => {
    await refused(db(), async () => answerPlan(world.deps, await as(people.debtor), { fileId, planId, answer: "agree" }), "FORBIDDEN");
    const answered = await answerPlan(world.deps, await as(people.creditor), { fileId, planId, answer: "agree" });
    assert.deepEqual(answered, { id: planId, status: "agreed", orderGrounds: ["travel_ban"] });
    await refused(db(), async () => answerPlan(world.deps, await as(people.creditor), { fileId, planId, answer: "agree" }), "TRANSITION_NOT_ALLOWED");
    const queue = await readReviewQueue(world.deps, await as(people.judge), { queue: "judge", itemKind: "instalment_plan" });
    assert.ok(queue.some((item) => item.subjectRef === planId && item.fileId === fileId));
    assert.equal(await status(banId), "dispatched", "nothing is lifted before the order");
  });

  test("the judge orders it: the ban is lifted (a lift order to the ports), the attachment stays, new measures are refused", async () => {
    await refused(db(), async () => orderPlan(world.deps, await as(people.clerk), { fileId, planId, decision: "order", reasons: "x" }), "FORBIDDEN");
    const ordered = await orderPlan(world.deps, await as(people.judge), { fileId, planId, decision: "order", reasons: "The debtor's salary covers the instalments; the creditor consents." });
    assert.deepEqual(ordered, { id: planId, status: "in_force", liftedProcedureIds: [banId] });
    assert.equal(await status(banId), "lifting");
    const [banOrder] = await ordersOf(banId);
    assert.equal(banOrder!.status, "lift_requested");
    await runOutbox(world, db());
    assert.deepEqual((await outgoing(banOrder!.id)).map((m) => m.message_type), ["travel_ban.order", "lift.order"]);
    assert.equal(await status(attachmentId), "dispatched");
    await refused(db(), async () => requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor }), "INSTALMENT_PLAN_IN_FORCE");
    const plan = await planOf(fileId);
    assert.deepEqual([plan.status, plan.orderedBy, plan.measures[0]!.liftedAt !== null], ["in_force", people.judge, true]);
    assert.ok(!(await readReviewQueue(world.deps, await as(people.judge), { queue: "judge", itemKind: "instalment_plan" })).some((item) => item.subjectRef === planId));
  });

  test("a payment on the file pays the first instalment, on time", async () => {
    world.clock.advance(5 * 86_400_000);
    const paid = await pay(fileId, 1_000n * KD, "RCPT-1");
    const plan = await planOf(fileId);
    assert.deepEqual(plan.instalments.map((i) => [i.number, i.paid, i.onTime]), [[1, 1_000n * KD, true], [2, 0n, null], [3, 0n, null]]);
    const credit = await db().selectFrom("instalment_credits").selectAll().where("plan_id", "=", planId).execute();
    assert.deepEqual(credit.map((row) => [row.ledger_entry_id, row.number, row.amount]), [[paid.entryId, 1, 1_000n * KD]]);
  });

  test("the deadline job does nothing until the second instalment's deadline has passed", async () => {
    moveToDeadline(due[1]!, -1);
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 0);
    assert.equal((await planOf(fileId)).status, "in_force");
  });

  test("missed: the plan defaults and the ban is restored as a new procedure under the judge's order, its order going to the ports", async () => {
    moveToDeadline(due[1]!, 1);
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 1);
    const plan = await planOf(fileId);
    assert.equal(plan.status, "defaulted");
    const restoredId = plan.measures[0]!.restoredProcedureId!;
    assert.ok(restoredId);
    const restored = await db().selectFrom("procedures").select(["procedure_kind", "status", "debtor_party_id", "parameters", "requested_by"]).where("id", "=", restoredId).executeTakeFirstOrThrow();
    assert.deepEqual([restored.procedure_kind, restored.status, restored.debtor_party_id, restored.requested_by], ["travel_ban", "ordered", debtor, "system"]);
    assert.equal((restored.parameters as { restores: string }).restores, banId);
    const approve = await db().selectFrom("actions").select(["payload", "actor_role"]).where("procedure_id", "=", restoredId).where("action_kind", "=", "procedure.approve").executeTakeFirstOrThrow();
    assert.deepEqual([(approve.payload as { authority: string }).authority, (approve.payload as { orderedBy: string }).orderedBy], ["instalment_plan_order", people.judge]);
    const def = await db().selectFrom("actions").select("payload").where("file_id", "=", fileId).where("action_kind", "=", "instalment_plan.default").executeTakeFirstOrThrow();
    assert.equal((def.payload as { missed: { number: number } }).missed.number, 2);
    await db().updateTable("persons").set({ identity_confirmed_at: world.clock.now() }).where("civil_id", "=", people.debtor).execute();
    await runOutbox(world, db());
    const [order] = await ordersOf(restoredId);
    assert.deepEqual([order!.agency_key, order!.status], ["ports", "sent"]);
    assert.deepEqual((await outgoing(order!.id)).map((m) => m.message_type), ["travel_ban.order"]);
    // New measures may be requested again.
    const seizure = await requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor });
    assert.equal(seizure.status, "ordered");
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 0, "a defaulted plan is not defaulted twice");
  });

  test("creditor and debtor were told of each step", async () => {
    await runOutbox(world, db());
    const notices = await db().selectFrom("notices").select(["recipient_civil_id", "dedupe_key"]).where("file_id", "=", fileId).where("kind", "=", "instalment_plan_changed").execute();
    for (const civilId of [people.creditor, people.debtor]) {
      const steps = notices.filter((notice) => notice.recipient_civil_id === civilId).map((notice) => notice.dedupe_key.split(":")[2]).sort();
      assert.deepEqual(steps, ["awaiting_order", "defaulted", "in_force", "instalment_paid", "proposed"]);
    }
  });
});

describe("a plan the creditor's consent suffices for: in force at once, completed when paid", () => {
  test("a seizure lifted on consent (by the creditor's lawyer); paid in two credits; completed; the seizure stays lifted", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const { debtor } = await partiesOf(db(), file.id);
    const seizure = await requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: debtor });
    await dispatchNow(world, db(), seizure.id);
    const due = [inDays(10), inDays(40)];
    const { id: planId } = await proposePlan(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, instalments: due.map((dueOn) => ({ dueOn, amount: 500n * KD })), liftProcedureIds: [seizure.id] });
    // Paid before the plan came into force: counted towards it when it does.
    await pay(file.id, 300n * KD, "EARLY-1");
    const answered = await answerPlan(world.deps, await as(people.lawyer), { fileId: file.id, planId, answer: "agree" });
    assert.deepEqual(answered, { id: planId, status: "in_force", orderGrounds: [] });
    const start = await db().selectFrom("actions").select(["actor", "actor_role"]).where("file_id", "=", file.id).where("action_kind", "=", "instalment_plan.start").executeTakeFirstOrThrow();
    assert.deepEqual(start, { actor: "system", actor_role: "rules" });
    assert.equal(await status(seizure.id), "lifting");
    assert.deepEqual((await planOf(file.id)).instalments.map((i) => i.paid), [300n * KD, 0n]);
    await pay(file.id, 300n * KD, "RCPT-2");
    await pay(file.id, 400n * KD, "RCPT-3");
    const plan = await planOf(file.id);
    assert.equal(plan.status, "completed");
    assert.deepEqual(plan.instalments.map((i) => [i.paid, i.onTime]), [[500n * KD, true], [500n * KD, true]]);
    moveToDeadline(due[1]!, 1);
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 0);
    assert.equal(plan.measures[0]!.restoredProcedureId, null);
    // The plan ended: new measures may be asked for again.
    assert.equal((await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtor, amount: 100n * KD, banks: ["GULB"] })).status, "ordered");
  });
});

describe("a lifted attachment restored automatically for no more than is owed; a part-paid instalment is missed", () => {
  test("the attachment comes back at once (the rules approve it) for the amount still owed, at the same banks", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 1_000n); // claim 1,160 KD
    const { debtor } = await partiesOf(db(), file.id);
    const attachment = await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtor, amount: 1_100n * KD, banks: ["NBOK", "KFHO"] });
    await dispatchNow(world, db(), attachment.id);
    const due = [inDays(7), inDays(37)];
    const { id: planId } = await proposePlan(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, instalments: due.map((dueOn) => ({ dueOn, amount: 580n * KD })), liftProcedureIds: [attachment.id] });
    await answerPlan(world.deps, await as(people.creditor), { fileId: file.id, planId, answer: "agree" });
    assert.equal(await status(attachment.id), "lifting");
    moveToDeadline(due[0]!, -3_600_000);
    await pay(file.id, 500n * KD, "PART-1");
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 0, "not yet missed");
    moveToDeadline(due[0]!, 1);
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 1, "580 due, 500 received by the deadline");
    const plan = await planOf(file.id);
    const restoredId = plan.measures[0]!.restoredProcedureId!;
    const restored = await db().selectFrom("procedures").select(["status", "amount"]).where("id", "=", restoredId).executeTakeFirstOrThrow();
    assert.deepEqual(restored, { status: "ordered", amount: 660n * KD });
    assert.deepEqual((await ordersOf(restoredId)).map((order) => [order.agency_key, order.status]), [["bank:KFHO", "pending"], ["bank:NBOK", "pending"]]);
    const approve = await db().selectFrom("actions").select("payload").where("procedure_id", "=", restoredId).where("action_kind", "=", "procedure.approve").executeTakeFirstOrThrow();
    assert.equal((approve.payload as { automatic: boolean }).automatic, true);
  });
});

describe("refusal and lapse", () => {
  test("a refusal needs reasons and ends the proposal; a proposal lapses when the file is paid in full", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const { debtor } = await partiesOf(db(), file.id);
    const first = await proposePlan(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, instalments: [{ dueOn: inDays(20), amount: 5_000n * KD }], liftProcedureIds: [] });
    await refused(db(), async () => answerPlan(world.deps, await as(people.creditor), { fileId: file.id, planId: first.id, answer: "refuse" }), "VALIDATION_FAILED");
    assert.equal((await answerPlan(world.deps, await as(people.creditor), { fileId: file.id, planId: first.id, answer: "refuse", reasons: "Too slow." })).status, "refused");
    await refused(db(), async () => orderPlan(world.deps, await as(people.judge), { fileId: file.id, planId: first.id, decision: "order", reasons: "x" }), "TRANSITION_NOT_ALLOWED");
    const second = await proposePlan(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, instalments: [{ dueOn: inDays(20), amount: 5_000n * KD }], liftProcedureIds: [] });
    await pay(file.id, 10_160n * KD, "FULL-1");
    const plans = await readPlans(world.deps, await as(people.debtor), file.id);
    // Proposed at the same instant: listed by id, so compared as a set.
    assert.deepEqual(new Map(plans.map((plan) => [plan.id, plan.status])), new Map([[first.id, "refused"], [second.id, "lapsed"]]));
    await refused(db(), async () => answerPlan(world.deps, await as(people.creditor), { fileId: file.id, planId: "00000000-0000-4000-8000-000000000009", answer: "agree" }), "INSTALMENT_PLAN_NOT_FOUND");
  });

  test("the audit chain and every projection (plans included) verify", async () => {
    const report = await verifyAudit(db());
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
