/**
 * The agency exchange end to end over real HTTP: the hub's worker sends signed orders to
 * the stand-in agencies, they answer with signed replies, and the hub applies them.
 * Shows the cross-bank cap holding whatever the banks freeze, standing attachments,
 * transfers, lifts on waiver and on satisfaction, seizures and travel bans.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { lapseTravelBan } from "../../src/app/lapse-travel-ban.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { grantedDisclosure } from "../support/disclosure.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const KD = 1000n;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

async function fileAgainst(debtorCivilId: string, principalKd: bigint) {
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtorCivilId }, principalKd);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  return { fileId: file.id, debtorPartyId: detail.parties.find((party) => party.party_role === "debtor")!.id };
}

async function ordersOf(procedureId: string) {
  return exchange.database.db.selectFrom("agency_orders").selectAll().where("procedure_id", "=", procedureId).orderBy("agency_key").execute();
}

async function procedureStatus(procedureId: string) {
  return (await exchange.database.db.selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;
}

async function heldOnFile(fileId: string) {
  const orders = await exchange.database.db.selectFrom("agency_orders").select("amount_held").where("file_id", "=", fileId).execute();
  return orders.reduce((sum, order) => sum + order.amount_held, 0n);
}

async function outstandingOf(fileId: string) {
  const file = await exchange.database.db.selectFrom("enforcement_files").select(["claim_total", "recovered_total", "status"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  return { outstanding: file.claim_total - file.recovered_total, status: file.status };
}

describe("bank attachment across every bank", () => {
  let fileId: string;
  let procedureId: string;

  test("every bank is ordered; the banks together freeze no more than the attachment, excess released at once", async () => {
    const debtor = people.debtor;
    exchange.simulators.setBalances(debtor, { NBOK: 6_000n * KD, KFHO: 7_000n * KD, GULB: 3_000n * KD });
    const opened = await fileAgainst(debtor, 10_000n); // claim 10,160 KD
    fileId = opened.fileId;
    const { debtorPartyId } = opened;
    const requested = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
      kind: "bank_attachment",
      fileId,
      debtorPartyId,
      amount: 10_000n * KD,
      banks: "all",
    });
    procedureId = requested.id;
    assert.equal(requested.orders.length, 10);
    await exchange.settle();

    assert.equal(await procedureStatus(procedureId), "in_force");
    const orders = await ordersOf(procedureId);
    const executed = orders.filter((order) => order.status === "executed");
    assert.deepEqual(executed.map((order) => order.agency_key).sort(), ["bank:GULB", "bank:KFHO", "bank:NBOK"]);
    assert.ok(orders.filter((order) => order.status !== "executed").every((order) => order.status === "nothing_found"));
    // The cap: what the hub counts never exceeds the attachment, and the banks were told to release the rest.
    assert.equal(await heldOnFile(fileId), 10_000n * KD);
    assert.equal(exchange.simulators.totalFrozen(debtor), 10_000n * KD);
    const identity = await exchange.database.db.selectFrom("persons").select("identity_confirmed_at").where("civil_id", "=", debtor).executeTakeFirstOrThrow();
    assert.ok(identity.identity_confirmed_at, "the civil-information authority confirmed the debtor first");
    // Every bank's answer is due 10 days after service (Art. 230(e)).
    for (const order of orders) assert.equal(order.answer_due_at!.getTime() - order.sent_at!.getTime(), 10 * 86_400_000);
  });

  test("a standing attachment catches a later credit, and the cap releases it when the attachment is full", async () => {
    exchange.simulators.credit("BBYN", people.debtor, 5_000n * KD);
    await exchange.settle();
    assert.equal(await heldOnFile(fileId), 10_000n * KD);
    assert.equal(exchange.simulators.totalFrozen(people.debtor), 10_000n * KD);
  });

  test("a payment lowers what may be held, and the banks release the difference", async () => {
    await recordLedgerEntry(exchange.world.deps, await exchange.world.as(people.clerk), { fileId, kind: "payment", amount: 4_160n * KD, source: "cash_at_department", reference: "receipt-1" });
    await exchange.settle();
    assert.equal((await outstandingOf(fileId)).outstanding, 6_000n * KD);
    assert.equal(await heldOnFile(fileId), 6_000n * KD);
    assert.equal(exchange.simulators.totalFrozen(people.debtor), 6_000n * KD);
  });

  test("transferring the frozen funds satisfies the file and every bank lifts the rest", async () => {
    await orderTransfer(exchange.world.deps, await exchange.world.as(people.clerk), { fileId });
    await exchange.settle();
    const { outstanding, status } = await outstandingOf(fileId);
    assert.equal(outstanding, 0n);
    assert.equal(status, "satisfied");
    assert.equal(await procedureStatus(procedureId), "lifted");
    const orders = await ordersOf(procedureId);
    assert.ok(orders.every((order) => order.status === "lifted"), orders.map((order) => `${order.agency_key}:${order.status}`).join(" "));
    assert.equal(await heldOnFile(fileId), 0n);
    assert.equal(exchange.simulators.totalFrozen(people.debtor), 0n);
    const ledger = await exchange.database.db.selectFrom("ledger_entries").select(["entry_kind", "amount", "source"]).where("file_id", "=", fileId).execute();
    assert.equal(ledger.filter((entry) => entry.source === "frozen_funds_transfer").reduce((sum, entry) => sum + entry.amount, 0n), 6_000n * KD);
  });
});

describe("vehicles, travel bans, waivers and disclosure", () => {
  test("traffic flags the debtor's vehicles; a waiver lifts them", async () => {
    const { fileId, debtorPartyId } = await fileAgainst(people.otherDebtor, 500n);
    exchange.simulators.traffic.setVehicles(people.otherDebtor, [{ plate: "12/34567", vin: "JTMHV01J604123456", make: "Toyota", model: "Land Cruiser", year: 2021 }]);
    const seizure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId });
    await exchange.settle();
    assert.equal(await procedureStatus(seizure.id), "in_force");
    const [order] = await ordersOf(seizure.id);
    assert.equal((order!.details as { vehicles: unknown[] }).vehicles.length >= 1, true);
    await waiveProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { fileId, procedureId: seizure.id, reason: "settled privately" });
    await exchange.settle();
    assert.equal(await procedureStatus(seizure.id), "lifted");
  });

  test("a judge's travel ban is registered by the ports and lifted when the debtor pays in full", async () => {
    const { fileId, debtorPartyId } = await fileAgainst(people.otherDebtor, 800n);
    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
      kind: "travel_ban",
      fileId,
      debtorPartyId,
      evidence: { debtCertainAndDue: "حكم نهائي", flightRisk: "حجز تذكرة سفر", abilityToPay: "راتب" },
    });
    assert.equal(ban.status, "under_review");
    await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId, procedureId: ban.id, decision: "grant", reasons: "توافرت الشروط" });
    await exchange.settle();
    assert.equal(await procedureStatus(ban.id), "in_force");
    const [order] = await ordersOf(ban.id);
    assert.ok((order!.details as { reference?: string }).reference);
    const owed = (await outstandingOf(fileId)).outstanding;
    await recordLedgerEntry(exchange.world.deps, await exchange.world.as(people.clerk), { fileId, kind: "payment", amount: owed, source: "cash_at_department", reference: "full" });
    await exchange.settle();
    assert.equal(await procedureStatus(ban.id), "lifted");
  });

  test("Art. 298: a ban lapses on an accepted guarantee and the ports lift it", async () => {
    const { fileId, debtorPartyId } = await fileAgainst(people.stranger, 900n);
    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
      kind: "travel_ban",
      fileId,
      debtorPartyId,
      evidence: { debtCertainAndDue: "حكم نهائي", flightRisk: "إقامة منتهية", abilityToPay: "عقار" },
    });
    await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId, procedureId: ban.id, decision: "grant", reasons: "توافرت الشروط" });
    await exchange.settle();
    assert.equal(await procedureStatus(ban.id), "in_force");
    await lapseTravelBan(exchange.world.deps, await exchange.world.as(people.judge), { fileId, procedureId: ban.id, ground: "guarantee_accepted", reference: "LG-2026-118", reasons: "قبول كفالة بنكية كافية" });
    await exchange.settle();
    assert.equal(await procedureStatus(ban.id), "lifted");
    const lapse = await exchange.database.db.selectFrom("actions").select("payload").where("procedure_id", "=", ban.id).where("action_kind", "=", "procedure.lift").executeTakeFirstOrThrow();
    assert.equal((lapse.payload as { ground: string }).ground, "guarantee_accepted");
  });

  test("disclosure: every bank and the clearing company answer with a statement", async () => {
    const { fileId, debtorPartyId } = await fileAgainst(people.debtor, 300n);
    const { requestId } = await grantedDisclosure(exchange.world, { fileId, debtorPartyId });
    await exchange.settle();
    const statements = await exchange.database.db.selectFrom("agency_messages").select("agency_key").where("direction", "=", "in").where("request_id", "=", requestId).where("message_type", "=", "disclosure.statement").execute();
    assert.equal(statements.length, 11);
  });
});

test("the audit chain and every projection verify after the whole exchange", async () => {
  const traffic = await exchange.database.db
    .selectFrom("agency_messages")
    .select(["direction", "message_type", exchange.database.db.fn.countAll<bigint>().as("n")])
    .groupBy(["direction", "message_type"])
    .orderBy("direction")
    .orderBy("message_type")
    .execute();
  console.log(`messages exchanged: ${traffic.map((row) => `${row.direction}:${row.message_type}=${row.n}`).join(" ")}`);
  // Every kind of message of the protocol travelled in this run.
  for (const type of ["attachment.order", "hold.adjust", "lift.order", "transfer.order", "seizure.order", "travel_ban.order", "disclosure.request", "identity.query"]) {
    assert.ok(traffic.some((row) => row.direction === "out" && row.message_type === type), `sent ${type}`);
  }
  for (const type of ["ack", "attachment.declaration", "lift.confirmation", "transfer.confirmation", "seizure.result", "travel_ban.registered", "disclosure.statement", "identity.result"]) {
    assert.ok(traffic.some((row) => row.direction === "in" && row.message_type === type), `received ${type}`);
  }
  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual(report.chainProblems, []);
  assert.deepEqual(report.projectionProblems, []);
});
