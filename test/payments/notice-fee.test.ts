/**
 * The KD 5 notice fee (LEGAL.md, "Fees: orders on petitions KD 10, notices KD 5", 2025, M;
 * which notice and when: department policy `feeCollection.noticeWithRequest`, rule version
 * kw-2025.4 from 10 December 2026). A request made under kw-2025.3 owes the order's KD 10 only
 * (the old behaviour: the notice fee was never charged); one made under kw-2025.4 owes KD 15 —
 * the order's KD 10 and KD 5 for the notice serving the measure on the debtor —, shown as two
 * parts of the file's fees, paid in one payment, booked in the treasury as two fee-income
 * entries, and refunded in both parts when the request never reached an agency. Real HTTP.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { diskDocumentServices } from "../../src/documents/services.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { createPaymentJobs, type PaymentJobs } from "../../src/jobs/payment-jobs.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { people } from "../support/fixtures.ts";
import { attachStandInGateway, payOnHostedPage, type AttachedGateway } from "./support.ts";

const KD = 1000n;
let harness: HttpHarness;
let gateway: AttachedGateway;
let jobs: PaymentJobs;
let creditor: Client;
let serial = 0;

before(async () => {
  harness = await startHttpHarness();
  gateway = await attachStandInGateway(harness.world, { feesBeforeDispatch: true, publicUrl: harness.baseUrl });
  jobs = createPaymentJobs({ deps: harness.world.deps, documents: diskDocumentServices({}), publicUrl: harness.baseUrl, intervalMs: 0 });
});

after(async () => {
  await gateway?.close();
  await harness?.close();
});

const db = () => harness.database.db;

/** A seizure requested at `at` on a new file whose title was served two days before. */
async function seizureAt(at: string, debtor: string) {
  harness.world.clock.advance(Date.parse(at) - harness.world.clock.now().getTime());
  // Signed in on the day (a session from the harness's start would have expired).
  creditor = await harness.clientFor(people.creditor);
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  await attestTitleService(harness.world.deps, await harness.world.as(people.clerk), { fileId: file.id, debtorPartyId: party.id, servedAt: new Date(Date.parse(at) - 2 * 86_400_000), reference: `PS-NF-${++serial}` });
  const procedure = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: party.id });
  const fees = (await creditor.get(`/api/v1/files/${file.id}/fees`)).json() as { fees: { procedureId: string; amount: string; ruleVersion: string; items: { item: string; amount: string }[] }[] };
  return { fileId: file.id, procedureId: procedure.id, fee: fees.fees.find((fee) => fee.procedureId === procedure.id)! };
}

describe("the notice fee (LEGAL.md fees: notices KD 5; policy feeCollection.noticeWithRequest, kw-2025.4)", () => {
  test("under kw-2025.3 (the old behaviour) a request owes the order's KD 10 and no notice fee", async () => {
    const { fee } = await seizureAt("2026-12-09T06:00:00Z", people.otherDebtor);
    assert.equal(fee.ruleVersion, "kw-2025.3");
    assert.equal(fee.amount, "10.000");
    assert.deepEqual(fee.items, [{ item: "order", amount: "10.000" }]);
  });

  test("under kw-2025.4 the KD 5 notice fee is owed with the request, paid with it, booked as fee income and refunded with it", async () => {
    const { fileId, procedureId, fee } = await seizureAt("2026-12-10T06:00:00Z", people.debtor);
    assert.equal(fee.ruleVersion, "kw-2025.4");
    assert.equal(fee.amount, "15.000");
    assert.deepEqual(fee.items, [
      { item: "order", amount: "10.000" },
      { item: "notice", amount: "5.000" },
    ]);
    const request = await db().selectFrom("actions").select("payload").where("procedure_id", "=", procedureId).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    assert.deepEqual((request.payload as { feeItems: unknown }).feeItems, [
      { item: "order", amount: "10000" },
      { item: "notice", amount: "5000" },
    ]);

    // Paid like any fee: one payment of the whole.
    const started = (await creditor.post(`/api/v1/files/${fileId}/procedures/${procedureId}/fee-payment`)).json() as { paymentId: string; paymentPageUrl: string; amount: string };
    assert.equal(started.amount, "15.000");
    await payOnHostedPage(started.paymentPageUrl);
    const paid = await db().selectFrom("procedure_fees").select(["status", "amount", "notice_amount"]).where("procedure_id", "=", procedureId).executeTakeFirstOrThrow();
    assert.deepEqual(paid, { status: "paid", amount: 15n * KD, notice_amount: 5n * KD });

    // Booked in the treasury: the order's fee and the notice fee, each a balanced entry into fee income.
    const received = await db()
      .selectFrom("treasury_entries")
      .select(["movement_kind", "amount", "reference", "details"])
      .where("procedure_id", "=", procedureId)
      .orderBy("position")
      .execute();
    assert.deepEqual(
      received.map((entry) => [entry.movement_kind, entry.amount, entry.reference, (entry.details as { feeItem?: string }).feeItem]),
      [
        ["fee_received", 10n * KD, `fee-payment:${started.paymentId}`, "vehicle_seizure"],
        ["fee_received", 5n * KD, `fee-payment:${started.paymentId}:notice`, "notice"],
      ],
    );
    const income = await db()
      .selectFrom("treasury_lines as l")
      .innerJoin("treasury_entries as e", "e.id", "l.entry_id")
      .select((eb) => [eb.fn.sum<string>("l.credit").as("credits"), eb.fn.sum<string>("l.debit").as("debits")])
      .where("e.procedure_id", "=", procedureId)
      .where("l.account", "=", "fee_income")
      .executeTakeFirstOrThrow();
    assert.equal(BigInt(income.credits) - BigInt(income.debits), 15n * KD);

    // Never sent (waived first): no notice was served either, so both parts go back.
    await waiveProcedure(harness.world.deps, await harness.world.as(people.creditor), { fileId, procedureId, reason: "Settled privately before anything was sent." });
    await jobs.tick();
    assert.equal((await db().selectFrom("procedure_fees").select("status").where("procedure_id", "=", procedureId).executeTakeFirstOrThrow()).status, "refunded");
    assert.equal(gateway.standIn.byReference(started.paymentId)!.refundedFils, "15000");
    const refunded = await db().selectFrom("treasury_entries").select(["amount", "reference"]).where("procedure_id", "=", procedureId).where("movement_kind", "=", "fee_refunded").orderBy("position").execute();
    assert.deepEqual(refunded.map((entry) => entry.amount), [10n * KD, 5n * KD]);
    assert.match(refunded[1]!.reference, /^fee-refund:.+:notice$/);
  });

  test("under kw-2025.4 a payment of several fees books each fee's order and notice parts apart", async () => {
    const first = await seizureAt("2026-12-11T06:00:00Z", people.otherDebtor);
    const second = await seizureAt("2026-12-11T07:00:00Z", people.debtor);
    const started = await creditor.post("/api/v1/fee-payments", { fees: [first, second].map((request) => ({ fileId: request.fileId, procedureId: request.procedureId })) });
    assert.equal(started.statusCode, 201, started.body);
    const payment = started.json() as { paymentId: string; amount: string; paymentPageUrl: string };
    assert.equal(payment.amount, "30.000");
    await payOnHostedPage(payment.paymentPageUrl);
    for (const request of [first, second]) {
      const booked = await db().selectFrom("treasury_entries").select(["amount", "reference"]).where("procedure_id", "=", request.procedureId).where("movement_kind", "=", "fee_received").orderBy("position").execute();
      assert.deepEqual(booked, [
        { amount: 10n * KD, reference: `fee-payment:${payment.paymentId}:${request.procedureId}` },
        { amount: 5n * KD, reference: `fee-payment:${payment.paymentId}:${request.procedureId}:notice` },
      ]);
    }
  });
});
