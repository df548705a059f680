/**
 * The travel ban of Arts. 297–298 under rule version kw-2025.5 (11 December 2026), on a real
 * database, beside the old behaviour of the version before it (kw-2025.3, or kw-2025.4 once merged):
 * - Art. 298: the ban lasts until the debt **to the creditor who asked for it** ends. A
 *   deposit earmarked for that creditor (Art. 298(d)) covering their share lifts it while the
 *   file's other creditor is still owed; under kw-2025.3 it stood until the whole file was paid.
 * - Art. 297: a ban lifted for an instalment plan does not come back by itself when the plan
 *   defaults: nothing is created, the measure awaits the creditor's new petition, which is
 *   checked like any (its evidence, the KD 150 minimum on the debt to that creditor) and goes
 *   to a judge. Under kw-2025.1 it was restored at once under the plan's order
 *   (test/instalments/instalments.test.ts keeps that behaviour).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { grantStaffRole, registerPersons } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { makeCivilId } from "../../src/domain/identifiers/index.ts";
import { answerPlan } from "../../src/app/instalments/answer-plan.ts";
import { orderPlan } from "../../src/app/instalments/order-plan.ts";
import { proposePlan } from "../../src/app/instalments/propose-plan.ts";
import { readPlans } from "../../src/app/instalments/read-plans.ts";
import { openFile } from "../../src/app/open-file.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { instalmentDeadline } from "../../src/domain/instalments/schedule.ts";
import { addCalendarDays, kuwaitDate, ruleVersionById, WorkingCalendar } from "../../src/domain/rules/index.ts";
import { defaultMissedInstalmentPlans } from "../../src/jobs/deadlines.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, titleInput, type World } from "../support/fixtures.ts";
import { dispatchNow, KD, runOutbox, travelBanEvidence } from "../disputes/support.ts";

let database: TestDatabase;
let world: World;
let portsOfficer = "";

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  for (let day = 1; !portsOfficer; day++) portsOfficer = makeCivilId({ year: 1975, month: 3, day }, 777) ?? "";
  const system = { subject: systemSubject, correlationId: "test-ports-officer" };
  await registerPersons(world.deps, system, [{ civilId: portsOfficer, nameAr: "موظف المنافذ", nameEn: "Ports officer", nationality: "KWT", email: null, phone: null }]);
  await grantStaffRole(world.deps, system, { civilId: portsOfficer, role: "agency_officer", agencyKey: "ports" });
});
after(() => database?.drop());

const as = (civilId: string) => world.as(civilId);
const db = () => database.db;
const moveTo = (iso: string) => world.clock.advance(Date.parse(iso) - world.clock.now().getTime());
const status = async (procedureId: string) => (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;
const partyIds = async (fileId: string) => {
  const rows = await db().selectFrom("file_parties").select(["id", "party_role", "civil_id"]).where("file_id", "=", fileId).execute();
  const of = (civilId: string) => rows.find((row) => row.civil_id === civilId)!.id;
  return { creditor: of(people.creditor), otherCreditor: of(people.otherCreditor), debtor: of(people.debtor) };
};

/** A file of two creditors (KD 10,160 owed to them jointly: KD 5,080 each) against one debtor, its title served. */
async function twoCreditorFile() {
  const file = await openFile(world.deps, await as(people.clerk), {
    title: titleInput(),
    creditors: [{ civilId: people.creditor }, { civilId: people.otherCreditor }],
    debtors: [{ civilId: people.debtor }],
    claim: { principal: 10_000n * KD, costs: 150n * KD, fees: 10n * KD, interest: 0n },
  });
  const parties = await partyIds(file.id);
  await attestTitleService(world.deps, await as(people.clerk), { fileId: file.id, debtorPartyId: parties.debtor, servedAt: new Date(world.clock.now().getTime() - 2 * 86_400_000), reference: `PS-${file.number}` });
  return { fileId: file.id, ...parties };
}

async function orderedBan(fileId: string, debtor: string, as_ = people.creditor) {
  const ban = await requestProcedure(world.deps, await as(as_), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence });
  await decideProcedure(world.deps, await as(people.judge), { fileId, procedureId: ban.id, decision: "grant", reasons: "Art. 297: the debt is certain and due, the flight risk and the ability to pay are shown." });
  await dispatchNow(world, db(), ban.id);
  return ban.id;
}

/** The lift order goes out; the ports confirm it in their portal: the ban is lifted. */
async function portsConfirmLift(banId: string) {
  await runOutbox(world, db());
  const [order] = await db().selectFrom("agency_orders").select("id").where("procedure_id", "=", banId).execute();
  await answerAgencyOrder(world.deps, await as(portsOfficer), order!.id, { kind: "confirm_lift" });
  assert.equal(await status(banId), "lifted");
}

const deposit = async (fileId: string, amount: bigint, reference: string, earmarkedFor: string) =>
  recordLedgerEntry(world.deps, await as(people.clerk), { fileId, kind: "payment", amount, source: "cash_at_department", reference, earmarkedFor });

describe("Art. 298: a travel ban ends when the debt to its creditor ends (kw-2025.5)", () => {
  test("the version before (old): a deposit earmarked for the creditor who asked leaves the ban standing until the whole file is paid", async () => {
    moveTo("2026-12-10T06:00:00Z");
    const { fileId, creditor, debtor } = await twoCreditorFile();
    const banId = await orderedBan(fileId, debtor);
    const request = await db().selectFrom("actions").select("payload").where("procedure_id", "=", banId).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    // The version before kw-2025.5 (kw-2025.3 here; kw-2025.4 from 10 December once that is merged): bans end with the file.
    const old = (request.payload as { ruleVersion: string }).ruleVersion;
    assert.notEqual(old, "kw-2025.5");
    assert.equal(ruleVersionById(world.deps.rules, old)!.values.travelBan.endsWith, "file");
    await deposit(fileId, 5_080n * KD, "DEP-OLD-1", creditor);
    assert.equal(await status(banId), "dispatched", "under kw-2025.3 the ban ended only with the file");
  });

  test("kw-2025.5: the ban is the petitioning creditor's; their share deposited (Art. 298(d)) lifts it while the other creditor is still owed", async () => {
    moveTo("2026-12-13T06:00:00Z");
    const { fileId, creditor, otherCreditor, debtor } = await twoCreditorFile();
    const banId = await orderedBan(fileId, debtor);
    const request = await db().selectFrom("actions").select("payload").where("procedure_id", "=", banId).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    const payload = request.payload as { ruleVersion: string; parameters: { forCreditorPartyId: string }; outstanding: string };
    assert.equal(payload.ruleVersion, "kw-2025.5");
    assert.equal(payload.parameters.forCreditorPartyId, creditor);
    assert.equal(BigInt(payload.outstanding), 5_080n * KD, "the minimum is measured on the debt to the petitioning creditor");

    // A deposit for the other creditor does not touch this creditor's ban.
    await deposit(fileId, 1_000n * KD, "DEP-1", otherCreditor);
    assert.equal(await status(banId), "dispatched");
    // Part of this creditor's share: still owed, the ban stands.
    await deposit(fileId, 5_079_999n, "DEP-2", creditor);
    assert.equal(await status(banId), "dispatched");
    // The last fils of their share: the ban is lifted, a lift order goes to the ports; the file is still open.
    const paid = await deposit(fileId, 1n, "DEP-3", creditor);
    assert.equal(paid.fileStatus, "open");
    assert.equal(paid.outstanding, 4_080n * KD);
    assert.equal(await status(banId), "lifting");
    const lift = await db().selectFrom("actions").select(["payload", "reason"]).where("procedure_id", "=", banId).where("action_kind", "=", "procedure.lift").executeTakeFirstOrThrow();
    const liftPayload = lift.payload as { cause: string; ground: string; creditorPartyId: string };
    assert.deepEqual([liftPayload.cause, liftPayload.ground, liftPayload.creditorPartyId], ["art_298", "creditor_paid", creditor]);
    assert.match(lift.reason!, /Art\. 298/);
    assert.match(lift.reason!, /المادة 298/);
    const [order] = await db().selectFrom("agency_orders").select("status").where("procedure_id", "=", banId).execute();
    assert.equal(order!.status, "lift_requested");
    await portsConfirmLift(banId);

    // The creditor is owed nothing now: a new ban for them fails the minimum (on their debt, not the file's KD 4,080).
    const again = await requestProcedure(world.deps, await as(people.creditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence });
    assert.equal(again.status, "rejected");
    const checks = await db().selectFrom("actions").select("payload").where("procedure_id", "=", again.id).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    const minimum = (checks.payload as { checks: { id: string; outcome: string }[] }).checks.find((check) => check.id === "travel_ban_minimum")!;
    assert.equal(minimum.outcome, "fail");
    // The other creditor, still owed KD 4,080, may have their own ban.
    const theirs = await requestProcedure(world.deps, await as(people.otherCreditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence });
    assert.equal(theirs.status, "under_review");
    await runOutbox(world, db());
    const report = await verifyAudit(db());
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
  });
});

describe("Art. 297: a defaulted plan does not restore the travel ban without a new petition (kw-2025.5)", () => {
  let fileId: string;
  let debtor: string;
  let banId: string;
  let attachmentId: string;
  let due: string[];

  test("a judge's plan lifts the ban; a missed instalment defaults it: the attachment is restored, the ban is not", async () => {
    moveTo("2026-12-13T06:00:00Z");
    ({ fileId, debtor } = await twoCreditorFile());
    banId = await orderedBan(fileId, debtor);
    attachmentId = (await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId: debtor, amount: 2_000n * KD, banks: ["NBOK"] })).id;
    await dispatchNow(world, db(), attachmentId);
    const today = kuwaitDate(world.clock.now());
    due = [addCalendarDays(today, 14), addCalendarDays(today, 45)];
    const { id: planId } = await proposePlan(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, instalments: due.map((dueOn) => ({ dueOn, amount: 1_000n * KD })), liftProcedureIds: [banId, attachmentId] });
    await answerPlan(world.deps, await as(people.creditor), { fileId, planId, answer: "agree" });
    await answerPlan(world.deps, await as(people.otherCreditor), { fileId, planId, answer: "agree" });
    await orderPlan(world.deps, await as(people.judge), { fileId, planId, decision: "order", reasons: "The creditors consent; the salary covers the instalments." });
    assert.equal(await status(banId), "lifting");
    await portsConfirmLift(banId);

    const deadline = instalmentDeadline(due[0]!, 0, WorkingCalendar.at(today));
    world.clock.advance(deadline.getTime() + 1 - world.clock.now().getTime());
    assert.equal(await defaultMissedInstalmentPlans(world.deps), 1);
    const plan = (await readPlans(world.deps, await as(people.clerk), fileId))[0]!;
    assert.equal(plan.status, "defaulted");
    const measure = (id: string) => plan.measures.find((m) => m.procedureId === id)!;
    assert.equal(measure(banId).restoredProcedureId, null, "no ban comes back by itself (Art. 297)");
    assert.ok(measure(attachmentId).restoredProcedureId, "the attachment is restored (department policy)");
    const bans = await db().selectFrom("procedures").select("id").where("file_id", "=", fileId).where("procedure_kind", "=", "travel_ban").execute();
    assert.deepEqual(bans.map((ban) => ban.id), [banId]);
    const restore = await db().selectFrom("actions").select("payload").where("file_id", "=", fileId).where("action_kind", "=", "instalment_plan.restore").executeTakeFirstOrThrow();
    const awaiting = (restore.payload as { awaitingPetition: { lifted: string; kind: string; rule: string; ruleVersion: string }[] }).awaitingPetition;
    assert.deepEqual(awaiting, [{ lifted: banId, kind: "travel_ban", rule: "instalments.restoreOnDefault.travel_ban", ruleVersion: "kw-2025.5" }]);
  });

  test("the creditor's new petition is checked like any (evidence, the minimum) and goes to a judge", async () => {
    const petition = await requestProcedure(world.deps, await as(people.creditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence });
    assert.equal(petition.status, "under_review");
    const request = await db().selectFrom("actions").select("payload").where("procedure_id", "=", petition.id).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    const checks = (request.payload as { checks: { id: string; outcome: string }[] }).checks;
    assert.deepEqual(
      checks.filter((check) => ["evidence_debt_certain", "evidence_flight_risk", "evidence_ability_to_pay", "travel_ban_minimum"].includes(check.id)).map((check) => check.outcome),
      ["pass", "pass", "pass", "pass"],
    );
    assert.equal(checks.find((check) => check.id === "decided_by")!.outcome, "refer");
    await runOutbox(world, db());
    const report = await verifyAudit(db());
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
  });
});
