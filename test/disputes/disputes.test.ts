/**
 * Enforcement disputes through the use cases on a real database: the bond by the rules in
 * force when filed, declared by the debtor and verified by a clerk; the judge's
 * suspension only with the bond posted; a suspended file refusing a new measure while
 * its attachment stays, and holding a granted order until the dispute is dismissed; an
 * upheld dispute lifting the measures the judge names; notices and the judges' queue.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { assignReview } from "../../src/app/assign-review-item.ts";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { decideDispute } from "../../src/app/disputes/decide-dispute.ts";
import { declareBondDeposit } from "../../src/app/disputes/declare-bond-deposit.ts";
import { fileDispute } from "../../src/app/disputes/file-dispute.ts";
import { readDisputes } from "../../src/app/disputes/read-disputes.ts";
import { verifyBond } from "../../src/app/disputes/verify-bond.ts";
import { openFile } from "../../src/app/open-file.ts";
import { readReviewQueue } from "../../src/app/read-review-queue.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { amendRules, kw2025 } from "../../src/domain/rules/index.ts";
import { makeIban } from "../../src/domain/identifiers/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, titleInput, type World } from "../support/fixtures.ts";
import { debtorLawyer, dispatchNow, KD, partiesOf, refused, runOutbox, travelBanEvidence } from "./support.ts";

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
const ordersOf = (procedureId: string) => db().selectFrom("agency_orders").select(["id", "status", "amount_held", "agency_key"]).where("procedure_id", "=", procedureId).orderBy("agency_key").execute();
const messagesOf = (orderId: string) => db().selectFrom("agency_messages").select(["message_type", "status"]).where("order_id", "=", orderId).where("direction", "=", "out").orderBy("id").execute();

/** A file (claim 10,160 KD) with a bank attachment at NBOK in force: NBOK froze 60 KD. */
async function fileWithAttachment() {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const { debtor } = await partiesOf(db(), file.id);
  const attachment = await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtor, amount: 100n * KD, banks: ["NBOK"] });
  await dispatchNow(world, db(), attachment.id);
  const [order] = await ordersOf(attachment.id);
  await answerAgencyOrder(world.deps, await as(people.bankOfficer), order!.id, { kind: "declare", accounts: [{ iban: makeIban("NBOK", "0000000000001234567890"), frozen: "60.000" }], otherAttachments: 0 });
  assert.equal(await status(attachment.id), "in_force");
  return { fileId: file.id, debtor, attachmentId: attachment.id, orderId: order!.id };
}

describe("a dispute suspends enforcement only with the bond; earlier measures stay", () => {
  let fileId: string;
  let debtor: string;
  let attachmentId: string;
  let orderId: string;
  let banId: string;
  let disputeId: string;

  test("the debtor files a dispute: the bond is 10% of what is outstanding (kw-2025.1); it enters the judges' queue", async () => {
    ({ fileId, debtor, attachmentId, orderId } = await fileWithAttachment());
    // A travel-ban petition waiting for the judge when the dispute comes.
    banId = (await requestProcedure(world.deps, await as(people.creditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence: travelBanEvidence })).id;
    assert.equal(await status(banId), "under_review");

    const filed = await fileDispute(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, grounds: "The judgment was paid in part before the title was served (receipt attached)." });
    disputeId = filed.id;
    assert.deepEqual({ ...filed, id: undefined }, { id: undefined, status: "filed", bondAmount: 1_016n * KD, bondStatus: "required", ruleVersion: "kw-2025.1" });
    const queue = await readReviewQueue(world.deps, await as(people.judge), { queue: "judge", itemKind: "dispute" });
    const item = queue.find((candidate) => candidate.subjectRef === disputeId);
    assert.ok(item, "the dispute waits in the judges' queue");
    assert.equal(item.fileId, fileId);
    const assigned = await assignReview(world.deps, await as(people.judge), { queue: "judge", itemId: item.id });
    assert.equal(assigned.assignedTo, people.judge);
    const action = await db().selectFrom("actions").select(["actor", "actor_role", "payload"]).where("file_id", "=", fileId).where("action_kind", "=", "dispute.file").executeTakeFirstOrThrow();
    assert.deepEqual([action.actor, action.actor_role, (action.payload as { bondAmount: string }).bondAmount], [people.debtor, "debtor", "1016000"]);
  });

  test("a second dispute on the file waits for the first: DISPUTE_ALREADY_OPEN", async () => {
    await refused(db(), async () => fileDispute(world.deps, await as(people.debtor), { fileId, debtorPartyId: debtor, grounds: "Again." }), "DISPUTE_ALREADY_OPEN");
  });

  test("without the bond posted the judge cannot suspend: BOND_NOT_POSTED", async () => {
    await refused(db(), async () => decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "suspend", reasons: "Serious grounds." }), "BOND_NOT_POSTED");
  });

  test("the debtor declares a deposit; the clerk rejects what is not found, then posts what was received — never less than the bond", async () => {
    await declareBondDeposit(world.deps, await as(people.debtor), { fileId, disputeId, reference: "DEP-0001" });
    await refused(db(), async () => decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "suspend", reasons: "Serious grounds." }), "BOND_NOT_POSTED");
    const rejected = await verifyBond(world.deps, await as(people.clerk), { fileId, disputeId, outcome: "rejected", reasons: "No deposit DEP-0001 in the treasury's records." });
    assert.equal(rejected.bondStatus, "required");
    await declareBondDeposit(world.deps, await as(people.debtor), { fileId, disputeId, reference: "DEP-0002" });
    await refused(db(), async () => verifyBond(world.deps, await as(people.clerk), { fileId, disputeId, outcome: "posted", reference: "DEP-0002", amount: 1_015_999n }), "BOND_INSUFFICIENT");
    await refused(db(), async () => verifyBond(world.deps, await as(people.debtor), { fileId, disputeId, outcome: "posted", reference: "DEP-0002", amount: 1_016n * KD }), "FORBIDDEN");
    const posted = await verifyBond(world.deps, await as(people.clerk), { fileId, disputeId, outcome: "posted", reference: "DEP-0002", amount: 1_016n * KD });
    assert.equal(posted.bondStatus, "posted");
    const [view] = await readDisputes(world.deps, await as(people.creditor), fileId);
    assert.deepEqual([view!.bondStatus, view!.bondReference, view!.bondDeposited, view!.bondPostedBy], ["posted", "DEP-0002", 1_016n * KD, people.clerk]);
  });

  test("only a judge decides: a clerk is refused (FORBIDDEN); the judge suspends, naming the measures that stay", async () => {
    await refused(db(), async () => decideDispute(world.deps, await as(people.clerk), { fileId, disputeId, decision: "suspend", reasons: "x" }), "FORBIDDEN");
    const decided = await decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "suspend", reasons: "Serious grounds and the bond is posted." });
    assert.equal(decided.status, "suspended");
    const action = await db().selectFrom("actions").select(["payload", "reason"]).where("file_id", "=", fileId).where("action_kind", "=", "dispute.suspend").executeTakeFirstOrThrow();
    assert.deepEqual((action.payload as { measuresStaying: string[] }).measuresStaying, [attachmentId]);
    assert.equal(action.reason, "Serious grounds and the bond is posted.");
  });

  test("a suspended file refuses a new measure (ENFORCEMENT_SUSPENDED) and keeps its existing attachment", async () => {
    await refused(db(), async () => requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor }), "ENFORCEMENT_SUSPENDED");
    await refused(db(), async () => requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId: debtor, amount: 50n * KD, banks: ["KFHO"] }), "ENFORCEMENT_SUSPENDED");
    assert.equal(await status(attachmentId), "in_force");
    const [order] = await ordersOf(attachmentId);
    assert.deepEqual([order!.status, order!.amount_held], ["executed", 60n * KD]);
    assert.deepEqual((await messagesOf(orderId)).map((message) => message.message_type), ["attachment.order"], "no lift, no release: the attachment stays");
  });

  test("a petition granted while suspended gets its orders, but their dispatch holds", async () => {
    await decideProcedure(world.deps, await as(people.judge), { fileId, procedureId: banId, decision: "grant", reasons: "The conditions of Art. 297 are shown." });
    await runOutbox(world, db());
    assert.equal(await status(banId), "ordered");
    const [order] = await ordersOf(banId);
    assert.equal(order!.status, "pending");
    assert.deepEqual(await messagesOf(order!.id), [], "nothing reached the ports");
    const held = await db().selectFrom("actions").select("payload").where("procedure_id", "=", banId).where("action_kind", "=", "procedure.dispatch_held").execute();
    assert.deepEqual(held.map((row) => (row.payload as { disputeId: string }).disputeId), [disputeId]);
  });

  test("dismissed: the suspension ends, the held order is dispatched, new measures are accepted again", async () => {
    const decided = await decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "dismiss", reasons: "The partial payment is already credited; nothing else is shown." });
    assert.equal(decided.status, "dismissed");
    const resumed = await db().selectFrom("actions").select("payload").where("file_id", "=", fileId).where("action_kind", "=", "dispute.suspension_end").executeTakeFirstOrThrow();
    assert.deepEqual((resumed.payload as { resumedProcedureIds: string[] }).resumedProcedureIds, [banId]);
    await db().updateTable("persons").set({ identity_confirmed_at: world.clock.now() }).where("civil_id", "=", people.debtor).execute();
    await runOutbox(world, db());
    assert.equal(await status(banId), "dispatched");
    const [order] = await ordersOf(banId);
    assert.deepEqual((await messagesOf(order!.id)).map((message) => message.message_type), ["travel_ban.order"]);
    const seizure = await requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor });
    assert.equal(seizure.status, "ordered");
    const queue = await readReviewQueue(world.deps, await as(people.judge), { queue: "judge", itemKind: "dispute" });
    assert.ok(!queue.some((item) => item.subjectRef === disputeId), "the ruling closed the queue item");
    const closed = await db().selectFrom("review_items").select(["outcome", "closed_by"]).where("subject_ref", "=", disputeId).executeTakeFirstOrThrow();
    assert.deepEqual(closed, { outcome: "dismissed", closed_by: people.judge });
  });

  test("a ruling is final: the dismissed dispute cannot be suspended or upheld (TRANSITION_NOT_ALLOWED)", async () => {
    await refused(db(), async () => decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "uphold", reasons: "x" }), "TRANSITION_NOT_ALLOWED");
  });

  test("creditor and debtor were notified of each step, in their language", async () => {
    await runOutbox(world, db());
    const notices = await db().selectFrom("notices").select(["recipient_role", "recipient_civil_id", "subject", "body"]).where("file_id", "=", fileId).where("kind", "=", "dispute_changed").execute();
    for (const civilId of [people.creditor, people.debtor]) {
      const mine = notices.filter((notice) => notice.recipient_civil_id === civilId);
      // filed, declared ×2, rejected, posted, suspended, dismissed
      assert.equal(mine.length, 7, `${civilId} got every step`);
      assert.ok(mine.some((notice) => /وقف التنفيذ/.test(notice.body)));
    }
    assert.ok(notices.every((notice) => notice.subject.includes("منازعة تنفيذ")));
  });
});

describe("upheld: the measures the judge names are lifted through their agencies", () => {
  test("the seizure named is lifted (lift order to traffic); the attachment not named stays", async () => {
    const { fileId, debtor, attachmentId } = await fileWithAttachment();
    const seizure = await requestProcedure(world.deps, await as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId: debtor });
    await dispatchNow(world, db(), seizure.id);
    assert.equal(await status(seizure.id), "dispatched");
    const lawyer = await debtorLawyer(world, 901);
    const { id: disputeId } = await fileDispute(world.deps, await as(lawyer), { fileId, debtorPartyId: debtor, grounds: "The vehicles belong to the debtor's employer." });
    const filedBy = await db().selectFrom("actions").select(["actor", "actor_role"]).where("action_kind", "=", "dispute.file").where("file_id", "=", fileId).executeTakeFirstOrThrow();
    assert.deepEqual(filedBy, { actor: lawyer, actor_role: "lawyer" });
    await refused(db(), async () => decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "uphold", reasons: "x", liftProcedureIds: ["00000000-0000-4000-8000-000000000001"] }), "PROCEDURE_NOT_FOUND");
    await refused(db(), async () => decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "dismiss", reasons: "x", liftProcedureIds: [seizure.id] }), "VALIDATION_FAILED");
    const upheld = await decideDispute(world.deps, await as(people.judge), { fileId, disputeId, decision: "uphold", reasons: "The vehicles are not the debtor's.", liftProcedureIds: [seizure.id] });
    assert.deepEqual(upheld, { id: disputeId, status: "upheld", liftedProcedureIds: [seizure.id] });
    assert.equal(await status(seizure.id), "lifting");
    const [order] = await ordersOf(seizure.id);
    assert.equal(order!.status, "lift_requested");
    await runOutbox(world, db());
    assert.deepEqual((await messagesOf(order!.id)).map((message) => message.message_type), ["seizure.order", "lift.order"]);
    assert.equal(await status(attachmentId), "in_force");
    const lift = await db().selectFrom("actions").select(["payload", "reason", "actor"]).where("procedure_id", "=", seizure.id).where("action_kind", "=", "procedure.lift").executeTakeFirstOrThrow();
    assert.deepEqual([(lift.payload as { cause: string }).cause, lift.reason, lift.actor], ["dispute_upheld", "The vehicles are not the debtor's.", people.judge]);
  });
});

describe("a suspension holds money too (Decree-Law 38/1980, enforcement disputes: no new step while suspended; earlier attachments stay)", () => {
  test("while suspended: no transfer of frozen funds and no pay-out (ENFORCEMENT_SUSPENDED, nothing written); what is frozen stays frozen; both resume when the suspension ends", async () => {
    const file = await openFile(world.deps, await as(people.clerk), {
      title: titleInput(),
      creditors: [{ civilId: people.creditor, payoutIban: makeIban("NBOK", "0000000000000000004242") }],
      debtors: [{ civilId: people.debtor }],
      claim: { principal: 5_000n * KD, costs: 0n, fees: 0n, interest: 0n },
    });
    const { debtor } = await partiesOf(db(), file.id);
    const attachment = await requestProcedure(world.deps, await as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtor, amount: 1_000n * KD, banks: ["NBOK"] });
    await dispatchNow(world, db(), attachment.id);
    const [order] = await ordersOf(attachment.id);
    await answerAgencyOrder(world.deps, await as(people.bankOfficer), order!.id, { kind: "declare", accounts: [{ iban: makeIban("NBOK", "0000000000009876543210"), frozen: "800.000" }], otherAttachments: 0 });
    // The debtor pays KD 200 at the counter: held by the department for the creditor.
    await recordLedgerEntry(world.deps, await as(people.clerk), { fileId: file.id, kind: "payment", amount: 200n * KD, source: "cash_at_department", reference: "COUNTER-SUSP-1" });

    const filed = await fileDispute(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, grounds: "Paid in part before service." });
    await declareBondDeposit(world.deps, await as(people.debtor), { fileId: file.id, disputeId: filed.id, reference: "DEP-SUSP-1" });
    await verifyBond(world.deps, await as(people.clerk), { fileId: file.id, disputeId: filed.id, outcome: "posted", reference: "DEP-SUSP-1", amount: filed.bondAmount });
    await decideDispute(world.deps, await as(people.judge), { fileId: file.id, disputeId: filed.id, decision: "suspend", reasons: "Serious grounds; bond posted." });

    // Before this change both went on: the transfer order was queued to the bank and the creditor was paid out.
    await refused(db(), async () => orderTransfer(world.deps, await as(people.clerk), { fileId: file.id }), "ENFORCEMENT_SUSPENDED");
    await refused(db(), async () => instructPayouts(world.deps, await as(people.clerk), { fileId: file.id }), "ENFORCEMENT_SUSPENDED");
    const payoutsWhileSuspended = await db().selectFrom("treasury_payouts").select("id").where("file_id", "=", file.id).execute();
    assert.deepEqual(payoutsWhileSuspended, []);
    const [frozen] = await ordersOf(attachment.id);
    assert.deepEqual([frozen!.status, frozen!.amount_held], ["executed", 800n * KD], "what is frozen stays frozen");
    assert.deepEqual((await messagesOf(order!.id)).map((message) => message.message_type), ["attachment.order"], "no transfer, no lift sent");

    // The judge dismisses the dispute: the suspension ends and money moves again.
    await decideDispute(world.deps, await as(people.judge), { fileId: file.id, disputeId: filed.id, decision: "dismiss", reasons: "Nothing shown." });
    const transfer = await orderTransfer(world.deps, await as(people.clerk), { fileId: file.id });
    assert.deepEqual(transfer.transfers.map((entry) => [entry.agencyKey, entry.amount]), [["bank:NBOK", 800n * KD]]);
    assert.deepEqual((await messagesOf(order!.id)).map((message) => message.message_type), ["attachment.order", "transfer.order"]);
    const paid = await instructPayouts(world.deps, await as(people.clerk), { fileId: file.id });
    assert.deepEqual(paid.payouts.map((payout) => payout.amount), [200n * KD]);
  });
});

describe("who may dispute", () => {
  test("the creditor, the creditor's lawyer and a clerk may not file (FORBIDDEN); a stranger is told the file does not exist", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const { debtor, creditor } = await partiesOf(db(), file.id);
    for (const who of [people.creditor, people.lawyer, people.clerk]) {
      await refused(db(), async () => fileDispute(world.deps, await as(who), { fileId: file.id, debtorPartyId: debtor, grounds: "x" }), "FORBIDDEN");
    }
    await refused(db(), async () => fileDispute(world.deps, await as(people.stranger), { fileId: file.id, debtorPartyId: debtor, grounds: "x" }), "FILE_NOT_FOUND");
    await refused(db(), async () => fileDispute(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: creditor, grounds: "x" }), "DEBTOR_NOT_ON_FILE");
    await refused(db(), async () => fileDispute(world.deps, await as(people.debtor), { fileId: file.id, debtorPartyId: debtor, grounds: "   " }), "VALIDATION_FAILED");
    // A lawyer of the debtor with only the view scope reads, but does not dispute.
    const viewer = await debtorLawyer(world, 902, ["view"]);
    await refused(db(), async () => fileDispute(world.deps, await as(viewer), { fileId: file.id, debtorPartyId: debtor, grounds: "x" }), "FORBIDDEN");
    assert.equal((await readDisputes(world.deps, await as(viewer), file.id)).length, 0);
  });
});

describe("the rules in force when the dispute is filed decide its bond and whether suspension needs it", () => {
  test("filed the day before a change: 10% and a posted bond needed; the day after: a fixed KD 250 and no bond needed", async () => {
    const kw2026 = amendRules(kw2025, "test-2026.3", "2026-03-02", (values) => ({ ...values, disputes: { bond: { kind: "fixed", amount: 250n * KD }, suspensionRequiresBond: false, suspensionHoldsDispatch: true } }));
    const deps = { ...world.deps, rules: [kw2025, kw2026] };
    const first = await world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor });
    const second = await world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor });
    const before = await fileDispute(deps, await as(people.otherDebtor), { fileId: first.id, debtorPartyId: (await partiesOf(db(), first.id)).debtor, grounds: "Grounds." });
    world.clock.advance(86_400_000); // 2 March in Kuwait
    const later = await fileDispute(deps, await as(people.otherDebtor), { fileId: second.id, debtorPartyId: (await partiesOf(db(), second.id)).debtor, grounds: "Grounds." });
    assert.deepEqual([before.ruleVersion, before.bondAmount], ["kw-2025.1", 1_016n * KD]);
    assert.deepEqual([later.ruleVersion, later.bondAmount], ["test-2026.3", 250n * KD]);
    // Each is judged by its own version, even now that the new one is in force.
    await refused(db(), async () => decideDispute(deps, await as(people.judge), { fileId: first.id, disputeId: before.id, decision: "suspend", reasons: "Grounds." }), "BOND_NOT_POSTED");
    const suspended = await decideDispute(deps, await as(people.judge), { fileId: second.id, disputeId: later.id, decision: "suspend", reasons: "Grounds." });
    assert.equal(suspended.status, "suspended");
  });

  test("the audit chain and every projection (disputes included) verify", async () => {
    const report = await verifyAudit(db());
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
