/**
 * Results on each measure's card and the money's path (issue 18, items 3 and 4), through
 * GET /api/v1/files/{fileId} and …/treasury, with the stand-in agencies over HTTP:
 * vehicles with plate and make; a seizure that found no vehicle is "nothing found", not a
 * refusal; the judge's reasons and conditions and the ports' reference of a ban; bank by
 * bank what is held, what was released and why (the cap, a payment) and the total held
 * against what is owed; a notice to the creditor for each payment and each payout (one per
 * event); a receipt PDF for each part payment by the debtor.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { issuePaymentDocuments } from "../../src/app/payments/issue-payment-documents.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../src/app/treasury/mark-payout-paid.ts";
import { diskDocumentServices } from "../../src/documents/index.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { openSharedFile } from "../treasury/support.ts";

const KD = 1000n;
const DAY = 86_400_000;
let exchange: Exchange;
let file: { id: string };
let emptyFile: { id: string };
const ids: Record<string, string> = {};

const get = async (civilId: string, url: string) => {
  const session = await createSession(exchange.database.db, civilId, exchange.world.clock.now());
  const response = await exchange.api.inject({ method: "GET", url, headers: { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
};

interface Results {
  outcome: string | null;
  decision: { decision: string; reasons: string | null; conditions: string | null } | null;
  vehicles: { plate: string; make: string | null; model: string | null }[];
  portsReference: string | null;
  banks: { agencyKey: string; frozenDeclared: string; held: string; released: { amount: string; reason: string }[]; transferred: string }[];
  totalHeld: string;
}
const resultsOf = async (fileId: string, procedureId: string, as = people.creditor): Promise<{ status: string; results: Results }> => {
  const detail = (await get(as, `/api/v1/files/${fileId}`)) as { procedures: { id: string; status: string; results: Results }[] };
  return detail.procedures.find((procedure) => procedure.id === procedureId)!;
};

before(async () => {
  exchange = await startExchange();
  const { world, simulators } = exchange;
  simulators.setBalances(people.debtor, { NBOK: 3_000n * KD, KFHO: 4_000n * KD });
  simulators.traffic.setVehicles(people.debtor, [{ plate: "45/12345", vin: "JTMHV01J604123457", make: "Nissan", model: "Patrol", year: 2022 }]);
  simulators.traffic.setVehicles(people.otherDebtor, []);
  const shared = await openSharedFile(world, people.debtor, 1, 5_000n * KD);
  file = shared;
  emptyFile = await world.openFileFor({ civilId: people.creditor }, { civilId: people.otherDebtor }, 2_000n);
  await exchange.settle();
  world.clock.advance(2 * DAY);
  const debtorParty = async (fileId: string) => (await exchange.database.db.selectFrom("file_parties").select("id").where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow()).id;
  const creditor = await world.as(people.creditor);
  ids.attachment = (await requestProcedure(world.deps, creditor, { kind: "bank_attachment", fileId: file.id, debtorPartyId: await debtorParty(file.id), amount: 5_000n * KD, banks: ["NBOK", "KFHO"] })).id;
  ids.seizure = (await requestProcedure(world.deps, creditor, { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: await debtorParty(file.id) })).id;
  ids.ban = (
    await requestProcedure(world.deps, creditor, {
      kind: "travel_ban",
      fileId: file.id,
      debtorPartyId: await debtorParty(file.id),
      evidence: { debtCertainAndDue: "حكم نهائي مذيّل بالصيغة التنفيذية.", flightRisk: "سفرات متكررة.", abilityToPay: "حسابات ومركبات." },
    })
  ).id;
  ids.emptySeizure = (await requestProcedure(world.deps, creditor, { kind: "vehicle_seizure", fileId: emptyFile.id, debtorPartyId: await debtorParty(emptyFile.id) })).id;
  await decideProcedure(world.deps, await world.as(people.judge), { fileId: file.id, procedureId: ids.ban, decision: "grant_in_part", reasons: "الشروط الثلاثة للمادة 297 ثابتة.", conditions: "يُرفع المنع فور تقديم كفالة مصرفية." });
  await exchange.settle();
});
after(() => exchange?.close());

test("a vehicle seizure shows the vehicles with plate and make; one that found none is 'nothing found', not rejected", async () => {
  const seizure = await resultsOf(file.id, ids.seizure!);
  assert.deepEqual(
    seizure.results.vehicles.map((vehicle) => [vehicle.plate, vehicle.make, vehicle.model]),
    [["45/12345", "Nissan", "Patrol"]],
  );
  assert.equal(seizure.results.outcome, null);
  const empty = await resultsOf(emptyFile.id, ids.emptySeizure!);
  assert.equal(empty.status, "rejected", "the state machine's status is unchanged");
  assert.equal(empty.results.outcome, "nothing_found", "shown as nothing found");
  assert.deepEqual(empty.results.vehicles, []);
});

test("a travel ban shows the judge's decision, reasons and conditions, and the ports' reference", async () => {
  const ban = await resultsOf(file.id, ids.ban!);
  assert.equal(ban.results.decision?.decision, "grant_in_part");
  assert.equal(ban.results.decision?.reasons, "الشروط الثلاثة للمادة 297 ثابتة.");
  assert.equal(ban.results.decision?.conditions, "يُرفع المنع فور تقديم كفالة مصرفية.");
  assert.ok(ban.results.portsReference && ban.results.portsReference.length > 0, `the ports' reference: ${JSON.stringify(ban.results)}`);
  // The debtor sees the same on their side.
  assert.equal((await resultsOf(file.id, ids.ban!, people.debtor)).results.portsReference, ban.results.portsReference);
});

test("bank by bank: held within the cap, the excess released for the cap, the total held against what is owed", async () => {
  const attachment = await resultsOf(file.id, ids.attachment!);
  const { banks, totalHeld } = attachment.results;
  assert.equal(banks.length, 2);
  // NBOK froze 3,000 and KFHO 4,000: 7,000 against 5,000 owed.
  assert.equal(totalHeld, "5000.000", "held no more than is owed (the cap)");
  const capped = banks.flatMap((bank) => bank.released).filter((release) => release.reason === "cap");
  assert.equal(capped.reduce((sum, release) => sum + Number(release.amount), 0), 2_000, `2,000 KD released above what is owed, for the cap: ${JSON.stringify(banks)}`);
});

test("a part payment: a release for the payment, one notice to the creditor, a receipt PDF for the debtor; a payout: one notice", async () => {
  const { world } = exchange;
  const clerk = await world.as(people.clerk);
  await recordLedgerEntry(world.deps, clerk, { fileId: file.id, kind: "payment", amount: 1_250_500n, source: "cash_at_department", reference: "CASH-0042" });
  await exchange.settle();
  const attachment = await resultsOf(file.id, ids.attachment!);
  assert.equal(attachment.results.totalHeld, "3749.500", "held follows what is still owed");
  assert.ok(
    attachment.results.banks.flatMap((bank) => bank.released).some((release) => release.reason === "payment"),
    `a release after the payment: ${JSON.stringify(attachment.results.banks)}`,
  );
  const notices = () => exchange.database.db.selectFrom("notices").select(["kind", "recipient_civil_id", "subject", "dedupe_key"]).where("file_id", "=", file.id).where("kind", "=", "money_moved").orderBy("created_at").execute();
  const afterPayment = await notices();
  assert.equal(afterPayment.length, 1, "one notice for the payment");
  assert.equal(afterPayment[0]!.recipient_civil_id, people.creditor);
  assert.match(afterPayment[0]!.subject, /سداد/);

  // The receipt: issued by the worker's money pass, once.
  const documents = diskDocumentServices({});
  const first = await issuePaymentDocuments(world.deps, documents, exchange.hubUrl);
  assert.equal(first.paymentReceipts, 1);
  assert.equal((await issuePaymentDocuments(world.deps, documents, exchange.hubUrl)).paymentReceipts, 0, "issued once");
  const listed = (await get(people.debtor, `/api/v1/files/${file.id}/documents`)) as { documents: { kind: string }[] };
  assert.equal(listed.documents.filter((document) => document.kind === "payment_receipt").length, 1, "the debtor sees the receipt");

  // A payout to the creditor's IBAN, executed: one notice more, with the bank's reference.
  const payouts = await instructPayouts(world.deps, clerk, { fileId: file.id });
  await markPayoutPaid(world.deps, clerk, { payoutId: payouts.payouts[0]!.payoutId, bankReference: "CBK-PO-77" });
  await markPayoutPaid(world.deps, clerk, { payoutId: payouts.payouts[0]!.payoutId, bankReference: "CBK-PO-77" });
  await exchange.settle();
  const afterPayout = await notices();
  assert.equal(afterPayout.length, 2, "one notice for the payout, none for the replay");
  assert.match(afterPayout[1]!.subject, /صرف/);
  const treasury = (await get(people.creditor, `/api/v1/files/${file.id}/treasury`)) as { paidOut: string; payouts: { status: string; bankReference: string | null }[] };
  assert.equal(treasury.paidOut, "1250.500");
  assert.deepEqual(treasury.payouts.map((payout) => [payout.status, payout.bankReference]), [["paid", "CBK-PO-77"]]);
});
