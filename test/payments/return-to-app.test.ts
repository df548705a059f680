/**
 * A payment started from the web application (`returnTo: "app"`) brings the payer's
 * browser back to the application's page for it (/app/payments/<id>), after the hub has
 * read the result; without it, the plain return page as before.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { attachStandInGateway, payOnHostedPage, type AttachedGateway } from "./support.ts";

let harness: HttpHarness;
let gateway: AttachedGateway;

before(async () => {
  harness = await startHttpHarness();
  gateway = await attachStandInGateway(harness.world, { publicUrl: harness.baseUrl });
});
after(async () => {
  await gateway?.close();
  await harness?.close();
});

test("the debtor pays from the web application and comes back to it", async () => {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const debtor = await harness.clientFor(people.debtor);
  const started = await debtor.post(`/api/v1/files/${file.id}/payments`, { amount: "250.000", language: "en", returnTo: "app" });
  assert.equal(started.statusCode, 201, started.body);
  const { paymentId, paymentPageUrl } = started.json() as { paymentId: string; paymentPageUrl: string };
  const paid = await payOnHostedPage(paymentPageUrl);
  assert.equal(paid.status, 303);
  assert.equal(paid.location, `${harness.baseUrl}/payments/return/${paymentId}?to=app&reference=${paymentId}`);
  const back = await fetch(paid.location!, { redirect: "manual" });
  assert.equal(back.status, 303);
  assert.equal(back.headers.get("location"), `/app/payments/${paymentId}`);
  const payment = await debtor.get(`/api/v1/payments/${paymentId}`);
  assert.equal((payment.json() as { status: string }).status, "captured", "the result was recorded before the browser came back");
});

test("the creditor's fee too; without returnTo, the plain return page", async () => {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const party = await harness.database.db.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  const creditor = await harness.clientFor(people.creditor);
  const procedure = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: party.id });
  const started = await creditor.post(`/api/v1/files/${file.id}/procedures/${procedure.id}/fee-payment`, { returnTo: "app" });
  assert.equal(started.statusCode, 201, started.body);
  const fee = started.json() as { paymentId: string; paymentPageUrl: string };
  const paid = await payOnHostedPage(fee.paymentPageUrl);
  const back = await fetch(paid.location!, { redirect: "manual" });
  assert.equal(back.headers.get("location"), `/app/payments/${fee.paymentId}`);

  const plain = await (await harness.clientFor(people.debtor)).post(`/api/v1/files/${file.id}/payments`, { amount: "10.000" });
  const plainPaid = await payOnHostedPage((plain.json() as { paymentPageUrl: string }).paymentPageUrl);
  assert.doesNotMatch(plainPaid.location!, /to=app/);
  const page = await fetch(plainPaid.location!, { redirect: "manual" });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /data-status="captured"/);
});

test("anything else is refused by the schema, writing nothing", async () => {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const debtor = await harness.clientFor(people.debtor);
  const refused = await debtor.post(`/api/v1/files/${file.id}/payments`, { amount: "1.000", returnTo: "https://elsewhere.example/" });
  assert.equal(refused.statusCode, 400);
  const rows = await harness.database.db.selectFrom("payments").select("id").where("file_id", "=", file.id).execute();
  assert.deepEqual(rows, []);
});

test("the fee of a request waived before it went anywhere is not paid: FEE_NOT_DUE, nothing written", async () => {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const party = await harness.database.db.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  const procedure = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: party.id });
  await waiveProcedure(harness.world.deps, await harness.world.as(people.creditor), { fileId: file.id, procedureId: procedure.id, reason: "settled out of court" });
  const state = await harness.database.db.selectFrom("procedures").select("status").where("id", "=", procedure.id).executeTakeFirstOrThrow();
  assert.equal(state.status, "waived");
  // The fee row still reads "due": it is the request's end that refuses the payment.
  const fee = await harness.database.db.selectFrom("procedure_fees").select("status").where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow();
  assert.equal(fee.status, "due");
  const creditor = await harness.clientFor(people.creditor);
  const refused = await creditor.post(`/api/v1/files/${file.id}/procedures/${procedure.id}/fee-payment`, { returnTo: "app" });
  assert.equal(refused.statusCode, 409, refused.body);
  assert.equal((refused.json() as { code: string }).code, "FEE_NOT_DUE");
  const rows = await harness.database.db.selectFrom("payments").select("id").where("file_id", "=", file.id).execute();
  assert.deepEqual(rows, []);
});
