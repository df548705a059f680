/**
 * The gateway's word over real HTTP: the hub listening on its port, the stand-in gateway on
 * another. Forged, replayed, amount-altered, stale and unknown callbacks are refused with
 * their stable codes and change nothing; the gateway's duplicate is a replay; a lost callback
 * is made good by the status query; a declined card leaves a fee due and its orders waiting;
 * money that should go back (a fee for a request that never left, a payment above what was
 * still owed) goes back through the gateway.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { diskDocumentServices } from "../../src/documents/services.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { createPaymentJobs, type PaymentJobs } from "../../src/jobs/payment-jobs.ts";
import { standInTestCards } from "../../src/payments/standin/defaults.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { people } from "../support/fixtures.ts";
import { assertError } from "../http/helpers.ts";
import { dispatchNow } from "../http/authorization-support.ts";
import { attachStandInGateway, callbackFor, payOnHostedPage, postCallback, signedHeaders, type AttachedGateway } from "./support.ts";

const KD = 1000n;
let harness: HttpHarness;
let gateway: AttachedGateway;
let jobs: PaymentJobs;
let debtor: Client;
let creditor: Client;

before(async () => {
  harness = await startHttpHarness();
  gateway = await attachStandInGateway(harness.world, { feesBeforeDispatch: true, publicUrl: harness.baseUrl });
  jobs = createPaymentJobs({ deps: harness.world.deps, documents: diskDocumentServices({}), publicUrl: harness.baseUrl, intervalMs: 0 });
  debtor = await harness.clientFor(people.debtor);
  creditor = await harness.clientFor(people.creditor);
});

after(async () => {
  await gateway?.close();
  await harness?.close();
});

const db = () => harness.database.db;

/** Everything money could change, in one row. */
async function moneyState() {
  const result = await sql<Record<string, string>>`SELECT
    (SELECT count(*) FROM actions)::text AS actions,
    (SELECT count(*) FROM payment_callbacks)::text AS callbacks,
    (SELECT coalesce(string_agg(id || ':' || status || ':' || credited_amount, ',' ORDER BY id), '') FROM payments) AS payments,
    (SELECT coalesce(string_agg(procedure_id || ':' || status, ',' ORDER BY procedure_id), '') FROM procedure_fees) AS fees,
    (SELECT count(*) FROM ledger_entries)::text AS ledger,
    (SELECT coalesce(sum(recovered_total), 0)::text FROM enforcement_files) AS recovered,
    (SELECT count(*) FROM outbox)::text AS outbox,
    (SELECT count(*) FROM treasury_entries)::text AS treasury,
    (SELECT count(*) FROM payment_refunds)::text AS refunds`.execute(db());
  return result.rows[0]!;
}

async function unchanged<T>(act: () => Promise<T>): Promise<T> {
  const before = await moneyState();
  const result = await act();
  assert.deepEqual(await moneyState(), before, "a refused callback changed something");
  return result;
}

async function openFile(principalKd = 1_000n) {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, principalKd);
  const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return { fileId: file.id, debtorPartyId: party.id };
}

async function startDebtPayment(fileId: string, amount: string) {
  const response = await debtor.post(`/api/v1/files/${fileId}/payments`, { amount });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { paymentId: string; paymentPageUrl: string; amount: string };
}

const paymentRow = (id: string) => db().selectFrom("payments").select(["status", "settled_via", "credited_amount"]).where("id", "=", id).executeTakeFirstOrThrow();
const outstandingOf = async (fileId: string) => {
  const file = await db().selectFrom("enforcement_files").select(["claim_total", "recovered_total", "status"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  return file.claim_total - file.recovered_total;
};

describe("callbacks", () => {
  test("a genuine callback settles the payment once; forged, altered, stale, unknown and replayed ones are refused and change nothing", async () => {
    const { fileId } = await openFile(); // claim 1,160 KD
    gateway.standIn.setFaults({ loseCallbacks: true });
    const started = await startDebtPayment(fileId, "100.000");
    const paid = await payOnHostedPage(started.paymentPageUrl);
    assert.equal(paid.status, 303);
    assert.equal((await paymentRow(started.paymentId)).status, "pending", "no callback arrived");
    const gatewayPaymentId = gateway.standIn.byReference(started.paymentId)!.paymentId;
    const now = harness.world.clock.now();
    const fields = { paymentId: gatewayPaymentId, reference: started.paymentId, amountFils: "100000", result: "CAPTURED" as const, timestamp: now };

    const forged = callbackFor(fields, "a-key-that-is-not-the-gateways-0123456789");
    assertCode(await unchanged(() => postCallback(harness.baseUrl, forged.body, forged.headers)), 401, "PAYMENT_SIGNATURE_INVALID");

    const genuine = callbackFor(fields);
    const altered = { ...genuine.body, amountFils: "1000000" };
    assertCode(await unchanged(() => postCallback(harness.baseUrl, altered, genuine.headers)), 401, "PAYMENT_SIGNATURE_INVALID");
    const alteredResigned = callbackFor({ ...fields, amountFils: "1000000" });
    assertCode(await unchanged(() => postCallback(harness.baseUrl, alteredResigned.body, alteredResigned.headers)), 422, "PAYMENT_AMOUNT_MISMATCH");

    const stale = callbackFor({ ...fields, timestamp: new Date(now.getTime() - 10 * 60_000) });
    assertCode(await unchanged(() => postCallback(harness.baseUrl, stale.body, stale.headers)), 401, "PAYMENT_CALLBACK_STALE");
    const unknown = callbackFor({ ...fields, reference: randomUUID() });
    assertCode(await unchanged(() => postCallback(harness.baseUrl, unknown.body, unknown.headers)), 404, "PAYMENT_NOT_FOUND");
    const { nonce: _nonce, ...withoutNonce } = genuine.body;
    assertCode(await unchanged(() => postCallback(harness.baseUrl, withoutNonce, signedHeaders(withoutNonce))), 400, "VALIDATION_FAILED");
    const unsigned = { ...genuine.headers };
    delete unsigned["x-gateway-signature"];
    assertCode(await unchanged(() => postCallback(harness.baseUrl, genuine.body, unsigned)), 401, "PAYMENT_SIGNATURE_INVALID");

    const accepted = await postCallback(harness.baseUrl, genuine.body, genuine.headers);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.deepEqual(accepted.body, { accepted: true, paymentId: started.paymentId, outcome: "settled" });
    assert.deepEqual(await paymentRow(started.paymentId), { status: "captured", settled_via: "callback", credited_amount: 100n * KD });
    assert.equal(await outstandingOf(fileId), 1_060n * KD);
    const entry = await db().selectFrom("ledger_entries").select(["source", "reference", "amount"]).where("file_id", "=", fileId).executeTakeFirstOrThrow();
    assert.deepEqual(entry, { source: "online_payment", reference: gatewayPaymentId, amount: 100n * KD });

    assertCode(await unchanged(() => postCallback(harness.baseUrl, genuine.body, genuine.headers)), 409, "PAYMENT_CALLBACK_REPLAYED");
    const contradicting = callbackFor({ ...fields, result: "NOT_CAPTURED" });
    assertCode(await unchanged(() => postCallback(harness.baseUrl, contradicting.body, contradicting.headers)), 409, "PAYMENT_RESULT_CONFLICT");

    // The gateway telling the same result again, freshly signed: accepted, and nothing moves but its nonce.
    const before = await moneyState();
    const repeat = callbackFor(fields);
    const repeated = await postCallback(harness.baseUrl, repeat.body, repeat.headers);
    assert.deepEqual([repeated.status, repeated.body.outcome], [200, "already"]);
    assert.deepEqual(await moneyState(), { ...before, callbacks: String(Number(before.callbacks) + 1) });
    assert.equal(await outstandingOf(fileId), 1_060n * KD);
    gateway.standIn.setFaults({ loseCallbacks: false });
  });

  test("the gateway's duplicate callback is refused as a replay; the payment is credited once", async () => {
    const { fileId } = await openFile();
    gateway.standIn.setFaults({ duplicateCallbacks: true });
    const started = await startDebtPayment(fileId, "50.000");
    await payOnHostedPage(started.paymentPageUrl);
    await gateway.standIn.idle();
    gateway.standIn.setFaults({ duplicateCallbacks: false });
    const view = (await (await fetch(`${gateway.url}/control/payments/${gateway.standIn.byReference(started.paymentId)!.paymentId}`)).json()) as { callbacks: { nonce: string; httpStatus: number }[] };
    assert.deepEqual(view.callbacks.map((attempt) => attempt.httpStatus), [200, 409]);
    assert.equal(view.callbacks[0]!.nonce, view.callbacks[1]!.nonce, "the same callback twice");
    assert.deepEqual(await paymentRow(started.paymentId), { status: "captured", settled_via: "callback", credited_amount: 50n * KD });
    const entries = await db().selectFrom("ledger_entries").select("amount").where("file_id", "=", fileId).execute();
    assert.deepEqual(entries, [{ amount: 50n * KD }]);
  });
});

describe("reconciliation", () => {
  test("a lost callback never loses a payment: the status query settles it, and the late callback changes nothing", async () => {
    const { fileId } = await openFile();
    gateway.standIn.setFaults({ loseCallbacks: true });
    const started = await startDebtPayment(fileId, "25.000");
    await payOnHostedPage(started.paymentPageUrl);
    gateway.standIn.setFaults({ loseCallbacks: false });
    await jobs.tick();
    assert.equal((await paymentRow(started.paymentId)).status, "pending", "not asked about before the reconciliation delay");
    harness.world.clock.advance(3 * 60_000);
    await jobs.tick();
    assert.deepEqual(await paymentRow(started.paymentId), { status: "captured", settled_via: "status_query", credited_amount: 25n * KD });
    assert.equal(await outstandingOf(fileId), 1_135n * KD);
    // The gateway notifies again (a fresh callback): the hub already knows.
    const before = await moneyState();
    const resent = await fetch(`${gateway.url}/control/payments/${gateway.standIn.byReference(started.paymentId)!.paymentId}/callback`, { method: "POST" });
    const view = (await resent.json()) as { callbacks: { httpStatus: number }[] };
    assert.equal(view.callbacks.at(-1)!.httpStatus, 200);
    assert.deepEqual(await moneyState(), { ...before, callbacks: String(Number(before.callbacks) + 1) });
  });

  test("the payer's return page asks the gateway itself when the callback has not come", async () => {
    const { fileId } = await openFile();
    gateway.standIn.setFaults({ loseCallbacks: true });
    const started = await startDebtPayment(fileId, "10.000");
    const paid = await payOnHostedPage(started.paymentPageUrl);
    gateway.standIn.setFaults({ loseCallbacks: false });
    assert.equal((await paymentRow(started.paymentId)).status, "pending");
    const landing = await fetch(paid.location!);
    assert.match(await landing.text(), /data-status="captured"/);
    assert.deepEqual(await paymentRow(started.paymentId), { status: "captured", settled_via: "status_query", credited_amount: 10n * KD });
  });
});

describe("fees", () => {
  async function requestSeizure() {
    const { fileId, debtorPartyId } = await openFile();
    const procedure = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId });
    return { fileId, procedureId: procedure.id };
  }
  const orderStatus = async (procedureId: string) => (await db().selectFrom("agency_orders").select("status").where("procedure_id", "=", procedureId).executeTakeFirstOrThrow()).status;
  const feeStatus = async (procedureId: string) => (await db().selectFrom("procedure_fees").select("status").where("procedure_id", "=", procedureId).executeTakeFirstOrThrow()).status;

  test("a declined or cancelled payment leaves the fee due and the orders waiting; a captured one sends them", async () => {
    const { fileId, procedureId } = await requestSeizure();
    const url = `/api/v1/files/${fileId}/procedures/${procedureId}/fee-payment`;
    const first = (await creditor.post(url)).json() as { paymentId: string; paymentPageUrl: string; amount: string };
    assert.equal(first.amount, "10.000");
    await payOnHostedPage(first.paymentPageUrl, { card: standInTestCards.insufficientFunds });
    assert.equal((await paymentRow(first.paymentId)).status, "declined");
    await dispatchNow(db(), harness.world.clock.now(), procedureId);
    assert.deepEqual([await feeStatus(procedureId), await orderStatus(procedureId)], ["due", "pending"]);

    gateway.standIn.setFaults({ decline: true });
    const second = (await creditor.post(url)).json() as { paymentId: string; paymentPageUrl: string };
    assert.notEqual(second.paymentId, first.paymentId, "a new payment after a decline");
    await payOnHostedPage(second.paymentPageUrl);
    gateway.standIn.setFaults({ decline: false });
    assert.equal((await paymentRow(second.paymentId)).status, "declined");
    const third = (await creditor.post(url)).json() as { paymentId: string; paymentPageUrl: string };
    await payOnHostedPage(third.paymentPageUrl, { cancel: true });
    assert.equal((await paymentRow(third.paymentId)).status, "cancelled");
    await dispatchNow(db(), harness.world.clock.now(), procedureId);
    assert.deepEqual([await feeStatus(procedureId), await orderStatus(procedureId)], ["due", "pending"]);

    const fourth = (await creditor.post(url)).json() as { paymentId: string; paymentPageUrl: string };
    await payOnHostedPage(fourth.paymentPageUrl);
    assert.equal(await feeStatus(procedureId), "paid");
    const queued = await db().selectFrom("outbox").select("payload").where("topic", "=", "procedure.dispatch").where("processed_at", "is", null).execute();
    assert.ok(queued.some((entry) => (entry.payload as { procedureId: string }).procedureId === procedureId), "paying queued the dispatch again");
    await dispatchNow(db(), harness.world.clock.now(), procedureId);
    assert.equal(await orderStatus(procedureId), "sent");
    assertError(await creditor.post(url), 409, "FEE_NOT_DUE");
    await jobs.tick();
    const receipt = await db().selectFrom("documents").select("verification_code").where("procedure_id", "=", procedureId).where("document_kind", "=", "fee_receipt").execute();
    assert.equal(receipt.length, 1, "one receipt");
  });

  test("the fee of a request that never left is refunded through the gateway and the treasury", async () => {
    const { fileId, procedureId } = await requestSeizure();
    const started = (await creditor.post(`/api/v1/files/${fileId}/procedures/${procedureId}/fee-payment`)).json() as { paymentId: string; paymentPageUrl: string };
    await payOnHostedPage(started.paymentPageUrl);
    await waiveProcedure(harness.world.deps, await harness.world.as(people.creditor), { fileId, procedureId, reason: "Settled privately before anything was sent." });
    await jobs.tick();
    assert.equal(await feeStatus(procedureId), "refunded");
    const atGateway = gateway.standIn.byReference(started.paymentId)!;
    assert.equal(atGateway.refundedFils, "10000");
    const movements = await db().selectFrom("treasury_entries").select(["movement_kind", "amount"]).where("procedure_id", "=", procedureId).orderBy("position").execute();
    assert.deepEqual(movements, [{ movement_kind: "fee_received", amount: 10n * KD }, { movement_kind: "fee_refunded", amount: 10n * KD }]);
    await jobs.tick();
    assert.equal(gateway.standIn.byReference(started.paymentId)!.refundedFils, "10000", "refunded once");
  });
});

describe("debtor's payments", () => {
  test("money above what is still owed when the payment arrives is refunded; the file is credited up to zero", async () => {
    const { fileId } = await openFile(); // 1,160 KD
    const started = await startDebtPayment(fileId, "200.000");
    await recordLedgerEntry(harness.world.deps, await harness.world.as(people.clerk), { fileId, kind: "payment", amount: 1_000n * KD, source: "cash_at_department", reference: `CASH-${fileId}` });
    await payOnHostedPage(started.paymentPageUrl);
    assert.deepEqual(await paymentRow(started.paymentId), { status: "captured", settled_via: "callback", credited_amount: 160n * KD });
    assert.equal(await outstandingOf(fileId), 0n);
    await jobs.tick();
    assert.equal(gateway.standIn.byReference(started.paymentId)!.refundedFils, "40000");
    const refund = await db().selectFrom("payment_refunds").select(["reason", "status", "amount"]).where("payment_id", "=", started.paymentId).executeTakeFirstOrThrow();
    assert.deepEqual(refund, { reason: "exceeds_outstanding", status: "completed", amount: 40n * KD });
    // The treasury books the excess as owed back to the debtor on capture, and paid back on the refund.
    const movements = await db()
      .selectFrom("treasury_entries")
      .select(["movement_kind", "amount"])
      .where("file_id", "=", fileId)
      .where("movement_kind", "in", ["payment_excess", "refund_paid"])
      .orderBy("position")
      .execute();
    assert.deepEqual(movements, [{ movement_kind: "payment_excess", amount: 40n * KD }, { movement_kind: "refund_paid", amount: 40n * KD }]);
  });

  test("a payment is refused before anything is written when it asks more than is owed, nothing, or a fee that is not due", async () => {
    const { fileId, debtorPartyId } = await openFile();
    await assertWrites0(async () => assertError(await debtor.post(`/api/v1/files/${fileId}/payments`, { amount: "1160.001" }), 422, "AMOUNT_EXCEEDS_OUTSTANDING"));
    await assertWrites0(async () => assertError(await debtor.post(`/api/v1/files/${fileId}/payments`, { amount: "0" }), 400, "VALIDATION_FAILED"));
    await assertWrites0(async () => assertError(await debtor.post(`/api/v1/files/${fileId}/payments`, { amount: "-5" }), 400, "MONEY_NEGATIVE"));
    const attachment = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId, amount: 1n, banks: ["NBOK"] });
    const fee = await db().selectFrom("procedure_fees").select("status").where("procedure_id", "=", attachment.id).executeTakeFirst();
    assert.equal(fee?.status, "due");
    const payments = harness.world.deps.payments;
    delete harness.world.deps.payments;
    try {
      await assertWrites0(async () => assertError(await creditor.post(`/api/v1/files/${fileId}/procedures/${attachment.id}/fee-payment`), 503, "PAYMENT_GATEWAY_UNAVAILABLE"));
    } finally {
      harness.world.deps.payments = payments;
    }
  });

  test("the debtor's files come a page at a time, newest first, each once; a file number finds just that file", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await debtor.get(`/api/v1/me/debts?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as { files: { fileId: string }[]; nextCursor: string | null };
      assert.ok(page.files.length <= 3);
      seen.push(...page.files.map((file) => file.fileId));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = await db().selectFrom("file_parties").select("file_id").where("civil_id", "=", people.debtor).where("party_role", "=", "debtor").execute();
    assert.ok(expected.length > 3, "more than one page");
    assert.deepEqual([...seen].sort(), expected.map((row) => row.file_id).sort());
    const one = await db().selectFrom("enforcement_files").select(["id", "number"]).where("id", "=", seen[1]!).executeTakeFirstOrThrow();
    const found = (await debtor.get(`/api/v1/me/debts?search=${encodeURIComponent(one.number)}`)).json() as { files: { fileId: string }[] };
    assert.deepEqual(found.files.map((file) => file.fileId), [one.id]);
    assertError(await debtor.get("/api/v1/me/debts?cursor=not-a-cursor"), 400, "VALIDATION_FAILED");
  });

  test("the hosted page refuses a form without its token and a second decision on a decided payment", async () => {
    const { fileId } = await openFile();
    const started = await startDebtPayment(fileId, "5.000");
    const forged = await fetch(started.paymentPageUrl, { method: "POST", body: new URLSearchParams({ token: "not-the-token", action: "pay", card: standInTestCards.approved, expiry: "12/30", pin: "1234" }), redirect: "manual" });
    assert.equal(forged.status, 403);
    assert.equal((await paymentRow(started.paymentId)).status, "pending");
    const page = await (await fetch(started.paymentPageUrl)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    await payOnHostedPage(started.paymentPageUrl);
    const again = await fetch(started.paymentPageUrl, { method: "POST", body: new URLSearchParams({ token, action: "cancel" }), redirect: "manual" });
    assert.equal(again.status, 409);
    assert.equal((await paymentRow(started.paymentId)).status, "captured");
  });
});

function assertCode(response: { status: number; body: { code?: string; message?: { ar: string; en: string } } }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.code, code);
  assert.ok(response.body.message?.ar && response.body.message.en, "a message in Arabic and English");
}

async function assertWrites0(act: () => Promise<unknown>) {
  const before = await moneyState();
  await act();
  assert.deepEqual(await moneyState(), before, "a refused request wrote something");
}
