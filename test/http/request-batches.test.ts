/**
 * Several procedures at once (src/app/request-batch.ts, docs/request-batches.md), over the
 * API, through the real signing path (the stand-in phone) and the stand-in card gateway:
 * the row-by-row check writes nothing and words its reasons in both languages; one
 * signature creates every procedure (or, a row refused, none); one payment pays every fee,
 * each booked on its own; a lawyer asks on ten mandated files at once, and is refused on a
 * file no mandate covers.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { refundUnusedFees, sendDueRefunds } from "../../src/app/payments/refunds.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { companyCr, people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";
import { attachStandInGateway, payOnHostedPage, type AttachedGateway } from "../payments/support.ts";

let harness: HttpHarness;
let gateway: AttachedGateway;
let creditor: Client;
let lawyer: Client;

before(async () => {
  harness = await startHttpHarness();
  gateway = await attachStandInGateway(harness.world, { feesBeforeDispatch: true, publicUrl: harness.baseUrl });
  creditor = await harness.clientFor(people.creditor);
  lawyer = await harness.clientFor(people.lawyer);
});

after(async () => {
  await gateway?.close();
  await harness?.close();
});

const db = () => harness.database.db;

async function openFile(creditorCivilId: string = people.creditor) {
  const file = await harness.world.openFileFor({ civilId: creditorCivilId }, { civilId: people.debtor });
  const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return { fileId: file.id, number: file.number, debtorPartyId: party.id };
}

/** Everything a batch could write, in one row. */
async function written() {
  const result = await sql<Record<string, string>>`SELECT
    (SELECT count(*) FROM actions)::text AS actions,
    (SELECT count(*) FROM procedures)::text AS procedures,
    (SELECT count(*) FROM agency_orders)::text AS orders,
    (SELECT count(*) FROM procedure_fees)::text AS fees,
    (SELECT count(*) FROM outbox)::text AS outbox,
    (SELECT count(*) FROM signing_requests)::text AS signing,
    (SELECT count(*) FROM signature_uses)::text AS uses,
    (SELECT count(*) FROM payments)::text AS payments`.execute(db());
  return result.rows[0]!;
}

const threeMeasures = (file: { fileId: string; debtorPartyId: string }) => [
  { fileId: file.fileId, request: { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "1500.000", banks: "all" } },
  { fileId: file.fileId, request: { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId } },
  {
    fileId: file.fileId,
    request: {
      kind: "travel_ban",
      debtorPartyId: file.debtorPartyId,
      evidence: { debtCertainAndDue: "Final judgment, served.", flightRisk: "Booked a one-way flight.", abilityToPay: "Salary of KD 2,000." },
    },
  },
];

/** Asks for the batch's one signature and approves it on the phone: the signing request's id. */
async function signBatch(client: Client, items: unknown[]): Promise<{ id: string; summary: { ar: string; en: string } }> {
  const created = await client.post("/api/v1/request-batches/signing-requests", { items });
  assert.equal(created.statusCode, 201, created.body);
  const { id, digest, summary, purpose } = created.json() as { id: string; digest: string; summary: { ar: string; en: string }; purpose: string };
  assert.equal(purpose, "procedure.request.batch");
  const onPhone = (await phoneRequests(harness, client.civilId)).filter((request) => request.digest === digest);
  assert.equal(onPhone.length, 1, "one request on the phone for the whole batch");
  assert.equal((await answerOnPhone(harness, client.civilId, onPhone[0]!.id, "approve")).statusCode, 200);
  return { id, summary };
}

test("the check runs every rule per row, says why a row fails in both languages, and writes nothing", async () => {
  const file = await openFile();
  const other = await openFile(people.otherCreditor);
  const items = [
    ...threeMeasures(file),
    { fileId: file.fileId, request: { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "999999.000", banks: "all" } },
    // The same measure twice: the second sees the first, as it would when submitted.
    { fileId: file.fileId, request: { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId } },
    { fileId: other.fileId, request: { kind: "vehicle_seizure", debtorPartyId: other.debtorPartyId } },
  ];
  const before = await written();
  const checked = await creditor.post("/api/v1/request-batches/check", { items });
  assert.equal(checked.statusCode, 200, checked.body);
  const body = checked.json() as { ok: boolean; totalFees: string; rows: { index: number; ok: boolean; outcome: string | null; fee: string | null; error: { code: string; message: { ar: string; en: string } } | null }[] };
  assert.deepEqual(await written(), before, "checking writes nothing");
  assert.equal(body.ok, false);
  assert.deepEqual(
    body.rows.map((row) => [row.index, row.ok, row.outcome, row.error?.code ?? null]),
    [
      [0, true, "approve", null],
      [1, true, "approve", null],
      [2, true, "refer", null],
      [3, false, null, "AMOUNT_EXCEEDS_OUTSTANDING"],
      [4, false, null, "PROCEDURE_ALREADY_ACTIVE"],
      // Another creditor's file: as for a single request, its existence is not revealed.
      [5, false, null, "FILE_NOT_FOUND"],
    ],
  );
  assert.equal(body.rows[0]!.fee, "10.000");
  assert.equal(body.totalFees, "30.000", "the fees of the rows that pass");
  assert.match(body.rows[3]!.error!.message.ar, /[\u0600-\u06FF]/);
  assert.match(body.rows[3]!.error!.message.en, /outstanding/i);

  // Asking to sign it is refused, naming the rows, and nothing reaches the phone.
  const refused = await creditor.post("/api/v1/request-batches/signing-requests", { items });
  assert.equal(refused.statusCode, 422, refused.body);
  const error = refused.json() as { code: string; details: { rows: { row: number; code: string }[] } };
  assert.equal(error.code, "BATCH_ROW_REFUSED");
  assert.deepEqual(error.details.rows.map((row) => [row.row, row.code]), [[3, "AMOUNT_EXCEEDS_OUTSTANDING"], [4, "PROCEDURE_ALREADY_ACTIVE"], [5, "FILE_NOT_FOUND"]]);
  assert.deepEqual(await written(), before, "a refused batch writes nothing");
});

test("a creditor asks for three measures on one file: one signature, three procedures, one payment for the three fees", async () => {
  const file = await openFile();
  const items = threeMeasures(file);
  const { id, summary } = await signBatch(creditor, items);
  assert.match(summary.en, /Submit 3 enforcement requests with one signature/);
  assert.match(summary.ar, /\u2066/, "identifiers in the Arabic summary are isolated left-to-right runs");

  const submitted = await creditor.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(submitted.statusCode, 201, submitted.body);
  const { batchId, procedures } = submitted.json() as { batchId: string; procedures: { id: string; kind: string; status: string; fee: string; fileId: string }[] };
  assert.deepEqual(procedures.map((procedure) => [procedure.kind, procedure.status]), [["bank_attachment", "ordered"], ["vehicle_seizure", "ordered"], ["travel_ban", "under_review"]]);

  // Each procedure carries the batch's signature; the batch's own action carries the phone's proof once.
  const requested = await db().selectFrom("actions").select(["procedure_id", "payload"]).where("action_kind", "=", "procedure.request").where("file_id", "=", file.fileId).execute();
  assert.equal(requested.length, 3);
  for (const action of requested) {
    const signature = (action.payload as { signature: { method: string; batchId: string } }).signature;
    assert.equal(signature.method, "request_batch");
    assert.equal(signature.batchId, batchId);
  }
  const batch = await db().selectFrom("actions").select("payload").where("action_kind", "=", "procedure.request.batch").execute();
  const recorded = batch.map((row) => row.payload as { batchId: string; signature: { method: string } }).find((payload) => payload.batchId === batchId);
  assert.equal(recorded?.signature.method, "mobile_id");

  // The same signed batch again (a retry after a lost answer): what it made, nothing more.
  const again = await creditor.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(again.statusCode, 201, again.body);
  const replayed = again.json() as { batchId: string; replayed: boolean; procedures: { id: string; fee: string }[] };
  assert.equal(replayed.replayed, true);
  assert.equal(replayed.batchId, batchId);
  assert.deepEqual(replayed.procedures.map((procedure) => [procedure.id, procedure.fee]), procedures.map((procedure) => [procedure.id, procedure.fee]));
  assert.equal((await db().selectFrom("procedures").select("id").where("file_id", "=", file.fileId).execute()).length, 3);

  // One payment for the three fees.
  const started = await creditor.post("/api/v1/fee-payments", { fees: procedures.map((procedure) => ({ fileId: procedure.fileId, procedureId: procedure.id })), returnTo: "app" });
  assert.equal(started.statusCode, 201, started.body);
  const payment = started.json() as { paymentId: string; purpose: string; amount: string; paymentPageUrl: string; fees: unknown[] };
  assert.equal(payment.purpose, "fees");
  assert.equal(payment.amount, "30.000");
  assert.equal(payment.fees.length, 3);
  const paid = await payOnHostedPage(payment.paymentPageUrl);
  assert.equal(paid.status, 303);

  const fees = await db().selectFrom("procedure_fees").select(["procedure_id", "status", "payment_id"]).where("file_id", "=", file.fileId).execute();
  assert.deepEqual(fees.map((fee) => [fee.status, fee.payment_id]), [["paid", payment.paymentId], ["paid", payment.paymentId], ["paid", payment.paymentId]]);
  const booked = await db().selectFrom("treasury_entries").select(["procedure_id", "amount", "reference"]).where("movement_kind", "=", "fee_received").where("file_id", "=", file.fileId).execute();
  assert.equal(booked.length, 3, "each fee booked in the treasury on its own");
  assert.deepEqual(new Set(booked.map((entry) => entry.procedure_id)), new Set(procedures.map((procedure) => procedure.id)));
  assert.ok(booked.every((entry) => entry.amount === 10_000n && entry.reference.startsWith(`fee-payment:${payment.paymentId}:`)));
  const feePaid = await db().selectFrom("actions").select("procedure_id").where("action_kind", "=", "fee.paid").where("file_id", "=", file.fileId).execute();
  assert.equal(feePaid.length, 3);
  // The orders that waited for their fee are queued to leave.
  const queued = await db().selectFrom("outbox").select("payload").where("topic", "=", "procedure.dispatch").execute();
  const dispatched = new Set(queued.map((row) => (row.payload as { procedureId: string }).procedureId));
  assert.ok(procedures.every((procedure) => dispatched.has(procedure.id)));

  // Two of them waived before anything was sent: each fee goes back on its own, from the one payment.
  const [attachment, seizure] = procedures;
  for (const procedure of [attachment!, seizure!]) {
    await waiveProcedure(harness.world.deps, await harness.world.as(people.creditor), { fileId: file.fileId, procedureId: procedure.id, reason: "Settled out of court." });
  }
  assert.equal(await refundUnusedFees(harness.world.deps, new Date(0)), 2);
  const refunds = await db().selectFrom("payment_refunds").select(["procedure_id", "amount", "reason"]).where("payment_id", "=", payment.paymentId).execute();
  assert.deepEqual(new Set(refunds.map((refund) => refund.procedure_id)), new Set([attachment!.id, seizure!.id]));
  assert.ok(refunds.every((refund) => refund.amount === 10_000n && refund.reason === "fee_unused"));
  assert.equal((await sendDueRefunds(harness.world.deps)).completed, 2);
  const refunded = await db().selectFrom("procedure_fees").select(["procedure_id", "status"]).where("file_id", "=", file.fileId).execute();
  assert.deepEqual(refunded.map((fee) => [fee.procedure_id, fee.status]).sort(), [[attachment!.id, "refunded"], [seizure!.id, "refunded"], [procedures[2]!.id, "paid"]].sort());
  const givenBack = await db().selectFrom("treasury_entries").select(["procedure_id", "amount"]).where("movement_kind", "=", "fee_refunded").where("file_id", "=", file.fileId).execute();
  assert.deepEqual(new Set(givenBack.map((entry) => entry.procedure_id)), new Set([attachment!.id, seizure!.id]));
});

test("a row that fails when submitted refuses the whole batch with its reason, and writes nothing", async () => {
  const file = await openFile();
  const items = threeMeasures(file);
  const { id } = await signBatch(creditor, items);
  // Meanwhile a vehicle seizure was asked on its own: the batch's second row would duplicate it.
  await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.fileId, debtorPartyId: file.debtorPartyId });
  const before = await written();
  const refused = await creditor.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(refused.statusCode, 409, refused.body);
  const error = refused.json() as { code: string; details: { row: number } };
  assert.equal(error.code, "PROCEDURE_ALREADY_ACTIVE");
  assert.equal(error.details.row, 1);
  const after = await written();
  // Reading the signing request's answer records it (an action); nothing else is written.
  assert.deepEqual({ ...after, actions: before.actions }, before);
  assert.equal((await db().selectFrom("procedures").select("id").where("file_id", "=", file.fileId).execute()).length, 1);
  assert.equal((await db().selectFrom("signature_uses").select("jti").execute()).length, Number(before.uses), "the signature was not used up");
});

test("a lawyer asks for a bank attachment on ten mandated files at once, signs once and pays the ten fees at once", async () => {
  const files = [];
  for (let n = 0; n < 10; n++) files.push(await openFile());
  const items = files.map((file) => ({ fileId: file.fileId, request: { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "500.000", banks: ["NBOK", "GULB"] } }));
  const checked = await lawyer.post("/api/v1/request-batches/check", { items });
  assert.equal(checked.statusCode, 200, checked.body);
  assert.equal((checked.json() as { ok: boolean }).ok, true, checked.body);
  const { id, summary } = await signBatch(lawyer, items);
  for (const file of files) assert.ok(summary.en.includes(file.number), "the phone names every file");
  const submitted = await lawyer.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(submitted.statusCode, 201, submitted.body);
  const { procedures } = submitted.json() as { procedures: { id: string; fileId: string; status: string }[] };
  assert.equal(procedures.length, 10);
  // The same signed batch again: bank attachments may repeat, but a signed batch is carried out once.
  const again = await lawyer.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(again.statusCode, 201, again.body);
  assert.equal((again.json() as { replayed: boolean }).replayed, true);
  // Another person presenting it gets nothing of it.
  const other = await (await harness.clientFor(people.creditor)).post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(other.statusCode, 403, other.body);
  assert.equal((other.json() as { code: string }).code, "SIGNATURE_INVALID");
  assert.equal((await db().selectFrom("procedures").select("id").where("file_id", "in", files.map((file) => file.fileId)).execute()).length, 10);
  assert.deepEqual(new Set(procedures.map((procedure) => procedure.fileId)), new Set(files.map((file) => file.fileId)));
  const actors = await db().selectFrom("actions").select(["actor", "actor_role"]).where("action_kind", "=", "procedure.request").where("procedure_id", "in", procedures.map((procedure) => procedure.id)).execute();
  assert.ok(actors.every((actor) => actor.actor === people.lawyer && actor.actor_role === "lawyer"), JSON.stringify(actors));

  const started = await lawyer.post("/api/v1/fee-payments", { fees: procedures.map((procedure) => ({ fileId: procedure.fileId, procedureId: procedure.id })), language: "en" });
  assert.equal(started.statusCode, 201, started.body);
  const payment = started.json() as { paymentId: string; amount: string; paymentPageUrl: string };
  assert.equal(payment.amount, "100.000");
  await payOnHostedPage(payment.paymentPageUrl);
  const fees = await db().selectFrom("procedure_fees").select(["status", "payment_id"]).where("procedure_id", "in", procedures.map((procedure) => procedure.id)).execute();
  assert.equal(fees.length, 10);
  assert.ok(fees.every((fee) => fee.status === "paid" && fee.payment_id === payment.paymentId));
  const items10 = await db().selectFrom("payment_fee_items").select("file_id").where("payment_id", "=", payment.paymentId).execute();
  assert.equal(new Set(items10.map((item) => item.file_id)).size, 10);
});

test("a company's representative asks on the company's files at once", async () => {
  const representative = await harness.clientFor(people.companyRep);
  const items = [];
  for (let n = 0; n < 3; n++) {
    const file = await harness.world.openFileFor({ crNumber: companyCr }, { civilId: people.debtor });
    const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    items.push({ fileId: file.id, request: { kind: "vehicle_seizure", debtorPartyId: party.id } });
  }
  const { id } = await signBatch(representative, items);
  const submitted = await representative.post("/api/v1/request-batches", { items, signingRequestId: id });
  assert.equal(submitted.statusCode, 201, submitted.body);
  assert.equal((submitted.json() as { procedures: unknown[] }).procedures.length, 3);
});

test("a lawyer is refused on a file no mandate covers: the row says so, and nothing is written", async () => {
  const mandated = await openFile();
  const foreign = await openFile(people.otherCreditor);
  const items = [
    { fileId: mandated.fileId, request: { kind: "vehicle_seizure", debtorPartyId: mandated.debtorPartyId } },
    { fileId: foreign.fileId, request: { kind: "vehicle_seizure", debtorPartyId: foreign.debtorPartyId } },
  ];
  const before = await written();
  const checked = await lawyer.post("/api/v1/request-batches/check", { items });
  const rows = (checked.json() as { rows: { ok: boolean; error: { code: string } | null }[] }).rows;
  assert.deepEqual(rows.map((row) => [row.ok, row.error?.code ?? null]), [[true, null], [false, "FILE_NOT_FOUND"]]);
  const signing = await lawyer.post("/api/v1/request-batches/signing-requests", { items });
  assert.equal(signing.statusCode, 422, signing.body);
  // Submitted anyway (unsigned): the foreign row is refused before the signature is looked at.
  const submitted = await lawyer.post("/api/v1/request-batches", { items });
  assert.equal(submitted.statusCode, 404, submitted.body);
  assert.equal((submitted.json() as { details: { row: number } }).details.row, 1);
  assert.deepEqual(await written(), before);

  // Nor may the lawyer pay a fee on it.
  const own = await requestProcedure(harness.world.deps, await harness.world.as(people.otherCreditor), { kind: "vehicle_seizure", fileId: foreign.fileId, debtorPartyId: foreign.debtorPartyId });
  const mine = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: mandated.fileId, debtorPartyId: mandated.debtorPartyId });
  const paying = await lawyer.post("/api/v1/fee-payments", { fees: [{ fileId: mandated.fileId, procedureId: mine.id }, { fileId: foreign.fileId, procedureId: own.id }] });
  assert.equal(paying.statusCode, 404, paying.body);
  assert.equal((await db().selectFrom("payments").select("id").where("file_id", "in", [mandated.fileId, foreign.fileId]).execute()).length, 0);
});

test("an unsigned batch is refused after its rows' checks, writing nothing; an empty or oversized one by the schema", async () => {
  const file = await openFile();
  const before = await written();
  const unsigned = await creditor.post("/api/v1/request-batches", { items: threeMeasures(file) });
  assert.equal(unsigned.statusCode, 428, unsigned.body);
  assert.equal((unsigned.json() as { code: string }).code, "SIGNATURE_REQUIRED");
  assert.deepEqual(await written(), before);
  assert.equal((await creditor.post("/api/v1/request-batches/check", { items: [] })).statusCode, 400);
  const many = Array.from({ length: 51 }, () => threeMeasures(file)[1]);
  assert.equal((await creditor.post("/api/v1/request-batches/check", { items: many })).statusCode, 400);
});
