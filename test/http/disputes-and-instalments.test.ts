/**
 * Disputes and instalment plans over the HTTP API: the whole path as the portal and the
 * back office call it, and bad input refused with a stable code, the bilingual error
 * body, and nothing written.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { InjectOptions } from "fastify";
import type { Db } from "../../src/storage/database.ts";
import { addCalendarDays, kuwaitDate } from "../../src/domain/rules/index.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { assertRefused } from "./authorization-support.ts";
import { assertError } from "./helpers.ts";

let harness: HttpHarness;
let db: Db;

before(async () => {
  harness = await startHttpHarness();
  db = harness.database.db;
});
after(() => harness?.close());

const client = (civilId: string) => harness.clientFor(civilId);
const post = (url: string, payload: unknown): InjectOptions => ({ method: "POST", url, payload: payload as InjectOptions["payload"] });
const refused = async (who: Client, options: InjectOptions, status: number, code: string) => assertRefused(db, () => who.request(options), [status, code]);
const day = (offset: number) => addCalendarDays(kuwaitDate(harness.world.clock.now()), offset);

async function freshFile() {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const parties = await db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { id: file.id, debtor: parties.find((party) => party.party_role === "debtor")!.id, creditor: parties.find((party) => party.party_role === "creditor")!.id };
}

describe("a dispute over HTTP", () => {
  test("filed, bond declared and verified, suspension refusing a new measure with ENFORCEMENT_SUSPENDED, then dismissed", async () => {
    const file = await freshFile();
    const debtor = await client(people.debtor);
    const clerk = await client(people.clerk);
    const judge = await client(people.judge);
    const creditor = await client(people.creditor);
    const filed = await debtor.post(`/api/v1/files/${file.id}/disputes`, { debtorPartyId: file.debtor, grounds: "الحكم سُدّد جزئيًا قبل الإعلان.", bondDepositReference: "DEP-HTTP-1" });
    assert.equal(filed.statusCode, 201, filed.body);
    const { id, bondAmount, bondStatus } = filed.json() as { id: string; bondAmount: string; bondStatus: string };
    assert.deepEqual([bondAmount, bondStatus], ["1016.000", "declared"]);
    const base = `/api/v1/files/${file.id}/disputes/${id}`;
    assert.equal((await clerk.post(`${base}/bond-verification`, { outcome: "posted", reference: "DEP-HTTP-1", amount: "1,016.000" })).statusCode, 200);
    const suspended = await judge.post(`${base}/decision`, { decision: "suspend", reasons: "أسباب جدية والكفالة مودعة." });
    assert.equal(suspended.statusCode, 200, suspended.body);
    const body = await refused(creditor, post(`/api/v1/files/${file.id}/procedures`, { kind: "vehicle_seizure", debtorPartyId: file.debtor }), 409, "ENFORCEMENT_SUSPENDED");
    // Refused before the phone: no signing request is pushed or recorded for a new measure on a suspended file.
    const beforePhone = await refused(creditor, post("/api/v1/signing-requests", { purpose: "procedure.request", fileId: file.id, request: { kind: "vehicle_seizure", debtorPartyId: file.debtor } }), 409, "ENFORCEMENT_SUSPENDED");
    assert.equal(beforePhone.message.ar, body.message.ar);
    assert.equal(beforePhone.message.en, body.message.en);
    assert.match(body.message.ar, /موقوف/);
    assert.match(body.message.en, /earlier measures stay in force/);
    assert.equal(body.details.disputeId, id);
    const listed = (await creditor.get(`/api/v1/files/${file.id}/disputes`)).json() as { disputes: { status: string; bond: { status: string; deposited: string } }[] };
    assert.deepEqual(listed.disputes.map((dispute) => [dispute.status, dispute.bond.status, dispute.bond.deposited]), [["suspended", "posted", "1016.000"]]);
    const queue = (await judge.get("/api/v1/queues/judge?itemKind=dispute")).json() as { items: { subjectRef: string }[] };
    assert.ok(queue.items.some((item) => item.subjectRef === id));
    assert.equal((await judge.post(`${base}/decision`, { decision: "dismiss", reasons: "لا أساس للمنازعة." })).statusCode, 200);
  });
});

describe("a new measure on a file that cannot take one is refused before the phone", () => {
  test("an open file gets its signing request; the same file closed is refused with FILE_CLOSED and nothing is pushed or recorded", async () => {
    const file = await freshFile();
    const creditor = await client(people.creditor);
    const ask = post("/api/v1/signing-requests", { purpose: "procedure.request", fileId: file.id, request: { kind: "vehicle_seizure", debtorPartyId: file.debtor } });
    const opened = await creditor.request(ask);
    assert.equal(opened.statusCode, 201, opened.body);
    await db.updateTable("enforcement_files").set({ status: "closed" }).where("id", "=", file.id).execute();
    const body = await refused(creditor, ask, 409, "FILE_CLOSED");
    assert.match(body.message.ar, /مغلق/);
    assert.match(body.message.en, /closed/);
  });
});

describe("an instalment plan over HTTP", () => {
  test("proposed by the debtor, agreed by the creditor, in force; listed with its schedule", async () => {
    const file = await freshFile();
    const debtor = await client(people.debtor);
    const proposed = await debtor.post(`/api/v1/files/${file.id}/instalment-plans`, { debtorPartyId: file.debtor, instalments: [{ dueOn: day(10), amount: "2,000.000" }, { dueOn: day(40), amount: "2000" }], note: "الراتب يُصرف في العاشر." });
    assert.equal(proposed.statusCode, 201, proposed.body);
    const { id, total } = proposed.json() as { id: string; total: string };
    assert.equal(total, "4000.000");
    const answered = await (await client(people.creditor)).post(`/api/v1/files/${file.id}/instalment-plans/${id}/answer`, { answer: "agree" });
    assert.deepEqual(answered.json(), { id, status: "in_force", orderGrounds: [] });
    const listed = (await debtor.get(`/api/v1/files/${file.id}/instalment-plans`)).json() as { plans: { status: string; instalments: { dueOn: string; amount: string; paid: string }[]; consents: { answer: string }[] }[] };
    assert.deepEqual(listed.plans[0]!.status, "in_force");
    assert.deepEqual(listed.plans[0]!.instalments.map((i) => [i.dueOn, i.amount, i.paid]), [[day(10), "2000.000", "0.000"], [day(40), "2000.000", "0.000"]]);
    assert.deepEqual(listed.plans[0]!.consents.map((consent) => consent.answer), ["agreed"]);
  });
});

describe("bad input is refused with a stable code and writes nothing", () => {
  test("filing a dispute", async () => {
    const file = await freshFile();
    const debtor = await client(people.debtor);
    const url = `/api/v1/files/${file.id}/disputes`;
    await refused(debtor, post(url, { debtorPartyId: file.debtor }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { debtorPartyId: file.debtor, grounds: "   " }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { debtorPartyId: file.debtor, grounds: "x".repeat(4001) }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { debtorPartyId: "not-a-uuid", grounds: "x" }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { debtorPartyId: file.debtor, grounds: "x", suspend: true }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { debtorPartyId: file.creditor, grounds: "x" }), 422, "DEBTOR_NOT_ON_FILE");
    await refused(debtor, post(url, { debtorPartyId: file.debtor, grounds: "x", bondDepositReference: "" }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(`/api/v1/files/00000000-0000-4000-8000-000000000000/disputes`, { debtorPartyId: file.debtor, grounds: "x" }), 404, "FILE_NOT_FOUND");
  });

  test("the bond's verification and the judge's decision", async () => {
    const file = await freshFile();
    const debtor = await client(people.debtor);
    const clerk = await client(people.clerk);
    const judge = await client(people.judge);
    const { id } = (await debtor.post(`/api/v1/files/${file.id}/disputes`, { debtorPartyId: file.debtor, grounds: "Grounds." })).json() as { id: string };
    const base = `/api/v1/files/${file.id}/disputes/${id}`;
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "posted", reference: "R", amount: "abc" }), 400, "MONEY_INVALID");
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "posted", reference: "R", amount: "1016.0001" }), 400, "MONEY_SUB_FILS");
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "posted", reference: "R", amount: "-5" }), 400, "MONEY_NEGATIVE");
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "posted", amount: "1016" }), 400, "VALIDATION_FAILED");
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "lost", reasons: "x" }), 400, "VALIDATION_FAILED");
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "posted", reference: "R", amount: "1015.999" }), 422, "BOND_INSUFFICIENT");
    // Nothing was declared: there is no declaration to reject.
    await refused(clerk, post(`${base}/bond-verification`, { outcome: "rejected", reasons: "Not found." }), 409, "TRANSITION_NOT_ALLOWED");
    await refused(judge, post(`${base}/decision`, { decision: "suspend", reasons: "Grounds." }), 409, "BOND_NOT_POSTED");
    await refused(judge, post(`${base}/decision`, { decision: "pause", reasons: "Grounds." }), 400, "VALIDATION_FAILED");
    await refused(judge, post(`${base}/decision`, { decision: "uphold", reasons: "" }), 400, "VALIDATION_FAILED");
    await refused(judge, post(`${base}/decision`, { decision: "uphold", reasons: "x", liftProcedureIds: ["nope"] }), 400, "VALIDATION_FAILED");
    await refused(judge, post(`${base}/decision`, { decision: "suspend", reasons: "x", liftProcedureIds: [] }), 400, "VALIDATION_FAILED");
    await refused(judge, post(`/api/v1/files/${file.id}/disputes/00000000-0000-4000-8000-000000000002/decision`, { decision: "dismiss", reasons: "x" }), 404, "DISPUTE_NOT_FOUND");
    await refused(debtor, post(`${base}/bond-deposit`, { reference: "   " }), 400, "VALIDATION_FAILED");
  });

  test("proposing and answering a plan", async () => {
    const file = await freshFile();
    const debtor = await client(people.debtor);
    const url = `/api/v1/files/${file.id}/instalment-plans`;
    const ok = { debtorPartyId: file.debtor, instalments: [{ dueOn: day(10), amount: "100.000" }] };
    await refused(debtor, post(url, { ...ok, instalments: [] }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: "10/04/2026", amount: "100" }] }), 400, "VALIDATION_FAILED");
    // Not a calendar day: refused at the edge with its field code (issue 16), before the schedule rules.
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: "2026-02-30", amount: "100" }] }), 400, "VALIDATION_FAILED");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(10), amount: "0" }] }), 422, "INSTALMENT_SCHEDULE_INVALID");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(10), amount: "-1" }] }), 400, "MONEY_NEGATIVE");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(10), amount: "10160.001" }] }), 422, "INSTALMENT_SCHEDULE_INVALID");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(20), amount: "1" }, { dueOn: day(10), amount: "1" }] }), 422, "INSTALMENT_SCHEDULE_INVALID");
    await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(800), amount: "1" }] }), 422, "INSTALMENT_SCHEDULE_INVALID");
    await refused(debtor, post(url, { ...ok, liftProcedureIds: ["00000000-0000-4000-8000-000000000003"] }), 422, "PLAN_MEASURE_INVALID");
    const details = (await refused(debtor, post(url, { ...ok, instalments: [{ dueOn: day(-1), amount: "1" }] }), 422, "INSTALMENT_SCHEDULE_INVALID")).details;
    assert.equal(details.reason, "due_date_in_past");
    const { id } = (await debtor.post(url, ok)).json() as { id: string };
    const creditor = await client(people.creditor);
    await refused(creditor, post(`${url}/${id}/answer`, { answer: "maybe" }), 400, "VALIDATION_FAILED");
    await refused(creditor, post(`${url}/${id}/answer`, { answer: "refuse" }), 400, "VALIDATION_FAILED");
    await refused(creditor, post(`${url}/00000000-0000-4000-8000-000000000004/answer`, { answer: "agree" }), 404, "INSTALMENT_PLAN_NOT_FOUND");
    await refused(await client(people.judge), post(`${url}/${id}/decision`, { decision: "order", reasons: "x" }), 409, "TRANSITION_NOT_ALLOWED");
    await refused(debtor, post(url, ok), 409, "INSTALMENT_PLAN_ALREADY_OPEN");
    assertError(await harness.anonymous.post(url, ok), 401, "UNAUTHENTICATED");
  });
});
