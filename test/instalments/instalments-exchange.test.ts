/**
 * Over real HTTP, with the hub's worker and the stand-in agencies: an instalment plan
 * ordered by the judge lifts the debtor's travel ban at the ports; a missed instalment —
 * found by the worker's deadline sweep on the injected clock — defaults the plan and a
 * new ban order reaches the ports, which register the ban again. And an enforcement
 * dispute's suspension holding a seizure order until it is dismissed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { decideDispute } from "../../src/app/disputes/decide-dispute.ts";
import { fileDispute } from "../../src/app/disputes/file-dispute.ts";
import { verifyBond } from "../../src/app/disputes/verify-bond.ts";
import { answerPlan } from "../../src/app/instalments/answer-plan.ts";
import { orderPlan } from "../../src/app/instalments/order-plan.ts";
import { proposePlan } from "../../src/app/instalments/propose-plan.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { instalmentDeadline } from "../../src/domain/instalments/schedule.ts";
import { addCalendarDays, kuwaitDate, WorkingCalendar } from "../../src/domain/rules/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { KD, partiesOf, travelBanEvidence } from "../disputes/support.ts";

let exchange: Exchange;
before(async () => {
  exchange = await startExchange();
});
after(() => exchange?.close());

const as = (civilId: string) => exchange.world.as(civilId);
const db = () => exchange.database.db;
const status = async (procedureId: string) => (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;

describe("instalments and the travel ban at the ports", () => {
  let fileId: string;
  let debtor: string;
  let banId: string;
  let planId: string;
  let due: string[];

  test("the judge's ban is registered by the ports", async () => {
    const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 5_000n);
    fileId = file.id;
    ({ debtor } = await partiesOf(db(), fileId));
    banId = (await requestProcedure(exchange.world.deps, await as(people.creditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence })).id;
    await decideProcedure(exchange.world.deps, await as(people.judge), { fileId, procedureId: banId, decision: "grant", reasons: "توافرت شروط المادة 297" });
    await exchange.settle();
    assert.equal(await status(banId), "in_force");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), true);
  });

  test("a plan the creditor agrees and the judge orders: the ports lift the ban", async () => {
    const today = kuwaitDate(exchange.world.clock.now());
    due = [addCalendarDays(today, 10), addCalendarDays(today, 40), addCalendarDays(today, 70)];
    planId = (await proposePlan(exchange.world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: due.map((dueOn) => ({ dueOn, amount: 1_500n * KD })), liftProcedureIds: [banId] })).id;
    assert.equal((await answerPlan(exchange.world.deps, await as(people.creditor), { fileId, planId, answer: "agree" })).status, "agreed");
    await orderPlan(exchange.world.deps, await as(people.judge), { fileId, planId, decision: "order", reasons: "الدائن موافق والأقساط مناسبة" });
    await exchange.settle();
    assert.equal(await status(banId), "lifted");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), false);
    const [ban] = exchange.simulators.ports.list().filter((entry) => entry.civilId === people.debtor);
    assert.equal(ban!.status, "lifted");
  });

  test("the first instalment is paid; the second is missed: the worker defaults the plan and the ports ban the debtor again", async () => {
    await recordLedgerEntry(exchange.world.deps, await as(people.clerk), { fileId, kind: "payment", amount: 1_500n * KD, source: "cash_at_department", reference: "INST-1" });
    const deadline = instalmentDeadline(due[1]!, 0, WorkingCalendar.at(kuwaitDate(exchange.world.clock.now())));
    exchange.world.clock.advance(deadline.getTime() - exchange.world.clock.now().getTime() - 60_000);
    await exchange.settle();
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), false, "not missed before the deadline");
    exchange.world.clock.advance(120_000);
    const started = Date.now();
    await exchange.settle();
    const plan = await db().selectFrom("instalment_plans").select("status").where("id", "=", planId).executeTakeFirstOrThrow();
    assert.equal(plan.status, "defaulted");
    const measure = await db().selectFrom("instalment_plan_measures").select("restored_procedure_id").where("plan_id", "=", planId).executeTakeFirstOrThrow();
    const restoredId = measure.restored_procedure_id!;
    assert.equal(await status(restoredId), "in_force");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), true);
    const bans = exchange.simulators.ports.list().filter((entry) => entry.civilId === people.debtor);
    const [order] = await db().selectFrom("agency_orders").select(["id", "agency_key"]).where("procedure_id", "=", restoredId).execute();
    assert.deepEqual(bans.map((entry) => [entry.orderId === order!.id, entry.status]).sort(), [[false, "lifted"], [true, "in_force"]]);
    const received = await db().selectFrom("agency_messages").select("message_type").where("order_id", "=", order!.id).where("direction", "=", "in").execute();
    assert.ok(received.some((message) => message.message_type === "travel_ban.registered"));
    console.log(`missed instalment to ban registered again at the ports: ${Date.now() - started} ms (stand-ins over HTTP)`);
  });
});

describe("a dispute's suspension holds a new order at the hub", () => {
  test("a seizure granted before the suspension is dispatched only after the dispute is dismissed", async () => {
    const file = await exchange.world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor }, 800n);
    const { debtor } = await partiesOf(db(), file.id);
    exchange.simulators.traffic.setVehicles(people.otherDebtor, [{ plate: "12/34567", vin: "JTMHV01J604123456", make: "Toyota", model: "Land Cruiser", year: 2021 }]);
    const filed = await fileDispute(exchange.world.deps, await as(people.otherDebtor), { fileId: file.id, debtorPartyId: debtor, grounds: "The title was not served." });
    await verifyBond(exchange.world.deps, await as(people.clerk), { fileId: file.id, disputeId: filed.id, outcome: "posted", reference: "CASH-77", amount: filed.bondAmount });
    // Requested just before the suspension; its dispatch runs after it.
    const seizure = await requestProcedure(exchange.world.deps, await as(people.otherCreditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: debtor });
    await decideDispute(exchange.world.deps, await as(people.judge), { fileId: file.id, disputeId: filed.id, decision: "suspend", reasons: "Service is contested; the bond is posted." });
    await exchange.settle();
    assert.equal(await status(seizure.id), "ordered");
    const sent = await db().selectFrom("agency_messages").select("id").where("file_id", "=", file.id).where("message_type", "=", "seizure.order").execute();
    assert.deepEqual(sent, [], "the traffic department received nothing");
    await decideDispute(exchange.world.deps, await as(people.judge), { fileId: file.id, disputeId: filed.id, decision: "dismiss", reasons: "Service is proven by the notice's receipt." });
    await exchange.settle();
    assert.equal(await status(seizure.id), "in_force");
  });

  test("the audit chain and every projection verify after the exchange", async () => {
    const report = await verifyAudit(db());
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
