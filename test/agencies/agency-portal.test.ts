/**
 * The agency portal over HTTP, beside the machine exchange: KFHO answers by machine
 * (the stand-in bank), NBOK has no integration and its officer answers in the portal.
 * Portal answers go through the same code path as signed batches, so the cross-bank cap,
 * the order state machine and the logs treat them alike; an officer sees and answers
 * only their own agency's orders; bad input writes nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { grantStaffRole, registerPersons } from "../../src/app/registry.ts";
import { grantedDisclosure } from "../support/disclosure.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { makeCivilId, makeIban, type CivilId } from "../../src/domain/identifiers/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { assertError, assertWritesNothing } from "../http/helpers.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { sessionClient, type SessionClient } from "../support/session-client.ts";

const KD = 1000n;
const DAY = 86_400_000;
let exchange: Exchange;
let kfhoOfficer: CivilId;
/** Every answer the portal accepted: each must be in agency_messages and the action log. */
const portalMessageIds: string[] = [];

function freshCivilId(serial: number): CivilId {
  for (let day = 1; ; day++) {
    const id = makeCivilId({ year: 1985, month: 7, day }, serial);
    if (id) return id;
  }
}

before(async () => {
  exchange = await startExchange();
  // NBOK has no machine integration: its stand-in takes the orders but never answers them.
  exchange.simulators.setFaults("bank:NBOK", { holdReplies: true });
  kfhoOfficer = freshCivilId(701);
  const system = { subject: systemSubject, correlationId: "portal-test" };
  await registerPersons(exchange.world.deps, system, [{ civilId: kfhoOfficer, nameAr: "موظف بيت التمويل", nameEn: "KFH officer", nationality: "KWT", email: null, phone: null }]);
  await grantStaffRole(exchange.world.deps, system, { civilId: kfhoOfficer, role: "agency_officer", agencyKey: "bank:KFHO" });
});
after(() => exchange.close());

const db = () => exchange.database.db;
const as = (civilId: string): Promise<SessionClient> => sessionClient(exchange.api, db(), civilId, exchange.world.clock.now());
const nbokIban = makeIban("NBOK", "0000000000000000123456");
const secondNbokIban = makeIban("NBOK", "0000000000000000654321");

interface OrderBody {
  id: string;
  agencyKey: string;
  orderType: string;
  status: string;
  fileNumber: string;
  debtor: { kind: string; civilId: string | null; nameAr: string; nameEn: string };
  maxAmount: string | null;
  amountHeld: string;
  frozenDeclared: string;
  declarationSequence: number;
  sentAt: string;
  answerDueAt: string | null;
  awaitingAnswer: boolean;
  deadlineMissed: boolean;
}
interface AnswerBody {
  messageId: string;
  messageType: string;
  outcome: "applied" | "ignored";
  reason: string | null;
  order: OrderBody;
}

/** Posts an answer that must be applied, and remembers its message id. */
async function answer(client: SessionClient, url: string, payload?: unknown): Promise<AnswerBody> {
  const response = await client.post(url, payload);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as AnswerBody;
  assert.equal(body.outcome, "applied", response.body);
  portalMessageIds.push(body.messageId);
  return body;
}

async function openAttachment(debtor: string, principalKd: bigint, banks: string[], amountKd: bigint) {
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, principalKd);
  const debtorParty = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
    kind: "bank_attachment",
    fileId: file.id,
    debtorPartyId: debtorParty.id,
    amount: amountKd * KD,
    banks,
  });
  await exchange.settle();
  const orders = await db().selectFrom("agency_orders").select(["id", "agency_key"]).where("procedure_id", "=", procedure.id).execute();
  const orderOf = (key: string) => orders.find((order) => order.agency_key === key)!.id;
  return { fileId: file.id, fileNumber: file.number, debtorPartyId: debtorParty.id, procedureId: procedure.id, orderOf };
}

async function heldOnFile(fileId: string) {
  const orders = await db().selectFrom("agency_orders").select("amount_held").where("file_id", "=", fileId).execute();
  return orders.reduce((sum, order) => sum + order.amount_held, 0n);
}

async function messageCount() {
  return Number((await db().selectFrom("agency_messages").select(db().fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
}

/** A refused request: the status and code, the bilingual body, and nothing written anywhere (messages included). */
async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const messagesBefore = await messageCount();
  await assertWritesNothing(db(), async () => assertError(await send(), status, code));
  assert.equal(await messageCount(), messagesBefore, "a refused answer stored a message");
}

describe("a bank attachment answered by machine (KFHO) and in the portal (NBOK)", () => {
  let attachment: Awaited<ReturnType<typeof openAttachment>>;
  let nbokOrder: string;
  let kfhoOrder: string;

  test("the NBOK officer sees NBOK's order only, with what they need to act on it", async () => {
    exchange.simulators.setBalances(people.debtor, { NBOK: 6_000n * KD, KFHO: 7_000n * KD });
    attachment = await openAttachment(people.debtor, 10_000n, ["NBOK", "KFHO"], 10_000n);
    nbokOrder = attachment.orderOf("bank:NBOK");
    kfhoOrder = attachment.orderOf("bank:KFHO");
    // KFHO answered by machine and froze what it has.
    const kfho = await db().selectFrom("agency_orders").select(["status", "amount_held"]).where("id", "=", kfhoOrder).executeTakeFirstOrThrow();
    assert.deepEqual(kfho, { status: "executed", amount_held: 7_000n * KD });

    const officer = await as(people.bankOfficer);
    const response = await officer.get("/api/v1/agency/orders");
    assert.equal(response.statusCode, 200, response.body);
    const { orders } = response.json() as { orders: OrderBody[] };
    assert.deepEqual(orders.map((order) => order.id), [nbokOrder]);
    const [order] = orders;
    assert.equal(order!.agencyKey, "bank:NBOK");
    assert.equal(order!.orderType, "bank_attachment");
    assert.equal(order!.status, "sent");
    assert.equal(order!.fileNumber, attachment.fileNumber);
    assert.deepEqual({ kind: order!.debtor.kind, civilId: order!.debtor.civilId, nameEn: order!.debtor.nameEn }, { kind: "person", civilId: people.debtor, nameEn: "Test debtor" });
    assert.equal(order!.maxAmount, "10000.000");
    assert.equal(Date.parse(order!.answerDueAt!) - Date.parse(order!.sentAt), 10 * DAY);
    assert.equal(order!.awaitingAnswer, true);
    assert.equal(order!.deadlineMissed, false);

    const kfhoList = (await (await as(kfhoOfficer)).get("/api/v1/agency/orders")).json() as { orders: OrderBody[] };
    assert.deepEqual(kfhoList.orders.map((entry) => entry.id), [kfhoOrder]);

    const detail = await officer.get(`/api/v1/agency/orders/${nbokOrder}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const body = detail.json() as OrderBody & { messages: { direction: string; type: string; channel: string }[] };
    assert.deepEqual(body.messages.map((message) => [message.direction, message.type, message.channel]), [["out", "attachment.order", "hub"]]);
  });

  test("the officer acknowledges and declares; the cap holds across machine and portal answers", async () => {
    // The officer answers a little after KFHO's machine did: KFHO froze first, so it keeps first.
    exchange.world.clock.advance(60_000);
    const officer = await as(people.bankOfficer);
    const ack = await answer(officer, `/api/v1/agency/orders/${nbokOrder}/acknowledgement`);
    assert.equal(ack.messageType, "ack");
    assert.equal(ack.order.status, "acknowledged");

    const declared = await answer(officer, `/api/v1/agency/orders/${nbokOrder}/declaration`, {
      accounts: [
        { iban: nbokIban.replace(/(.{4})/g, "$1 ").trim(), frozen: "4,000.000" },
        { iban: secondNbokIban, frozen: "2000" },
      ],
    });
    assert.equal(declared.messageType, "attachment.declaration");
    assert.equal(declared.order.status, "executed");
    assert.equal(declared.order.declarationSequence, 1, "the hub numbers the portal's declarations");
    assert.equal(declared.order.frozenDeclared, "6000.000");
    // KFHO froze first and keeps its 7,000; NBOK may keep only the 3,000 left of the 10,000.
    assert.equal(declared.order.amountHeld, "3000.000");
    assert.equal(await heldOnFile(attachment.fileId), 10_000n * KD);
    const adjust = await db()
      .selectFrom("agency_messages")
      .select(["body"])
      .where("direction", "=", "out")
      .where("order_id", "=", nbokOrder)
      .where("message_type", "=", "hold.adjust")
      .executeTakeFirstOrThrow();
    assert.equal((adjust.body as { maxAmount: string }).maxAmount, (3_000n * KD).toString(), "NBOK is told to release the excess at once");

    // The bank released the excess: a new, absolute declaration, numbered next by the hub.
    const second = await answer(officer, `/api/v1/agency/orders/${nbokOrder}/declaration`, { accounts: [{ iban: nbokIban, frozen: "3000.000" }] });
    assert.equal(second.order.declarationSequence, 2);
    assert.equal(second.order.amountHeld, "3000.000");
    assert.equal(await heldOnFile(attachment.fileId), 10_000n * KD);

    const stored = await db()
      .selectFrom("agency_messages")
      .select(["direction", "agency_key", "status", "batch_id", "submitted_by", "order_id", "body"])
      .where("message_id", "=", declared.messageId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...stored, body: undefined },
      { direction: "in", agency_key: "bank:NBOK", status: "applied", batch_id: null, submitted_by: people.bankOfficer, order_id: nbokOrder, body: undefined },
    );
    const body = stored.body as { type: string; sequence: number; totalFrozen: string; accounts: { iban: string; frozen: string }[]; inReplyTo: string };
    assert.equal(body.type, "attachment.declaration");
    assert.equal(body.totalFrozen, (6_000n * KD).toString(), "amounts stored as the protocol's integer fils");
    assert.deepEqual(body.accounts.map((account) => account.iban), [nbokIban, secondNbokIban], "IBANs in their compact form");
    const orderMessage = await db().selectFrom("agency_messages").select("message_id").where("order_id", "=", nbokOrder).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow();
    assert.equal(body.inReplyTo, orderMessage.message_id);
  });

  test("bad input is refused with a stable code and writes nothing", async () => {
    const officer = await as(people.bankOfficer);
    const url = `/api/v1/agency/orders/${nbokOrder}/declaration`;
    const broken = nbokIban.slice(0, -1) + (nbokIban.endsWith("0") ? "1" : "0");
    await refused(() => officer.post(url, { accounts: [{ iban: broken, frozen: "10.000" }] }), 400, "IBAN_INVALID");
    await refused(() => officer.post(url, { accounts: [{ iban: makeIban("KFHO", "0000000000000000123456"), frozen: "10.000" }] }), 422, "IBAN_NOT_OF_AGENCY");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "-5.000" }] }), 400, "MONEY_NEGATIVE");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "1.0005" }] }), 400, "MONEY_SUB_FILS");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "abc" }] }), 400, "MONEY_INVALID");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "1.000" }], sequence: 9 }), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "1.000", currency: "USD" }] }), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(url, { accounts: [] }), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, frozen: "1.000" }, { iban: nbokIban, frozen: "2.000" }] }), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/acknowledgement`, { note: "hi" }), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(`/api/v1/agency/orders/not-a-uuid/acknowledgement`), 400, "VALIDATION_FAILED");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/rejection`, { code: "BECAUSE", reason: "x" }), 400, "VALIDATION_FAILED");
    // The wrong answer for this kind of order, or for this moment.
    await refused(
      () => officer.post(`/api/v1/agency/orders/${nbokOrder}/seizure-result`, { vehicles: [{ plate: "12/34567", vin: "JTMHV01J604123456", make: "Toyota", model: "Camry", year: 2020 }] }),
      422,
      "ANSWER_NOT_APPLICABLE",
    );
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/ban-registration`, { reference: "B-1" }), 422, "ANSWER_NOT_APPLICABLE");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/acknowledgement`), 409, "TRANSITION_NOT_ALLOWED");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/rejection`, { code: "UNKNOWN_PERSON", reason: "late refusal" }), 409, "TRANSITION_NOT_ALLOWED");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/lift-confirmation`), 409, "TRANSITION_NOT_ALLOWED");
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/transfer-confirmation`, { amount: "10.000", transferReference: "T-0" }), 422, "ANSWER_NOT_APPLICABLE");
  });

  test("an officer of another bank gets 404 on NBOK's order; staff, parties and strangers have no portal", async () => {
    const other = await as(kfhoOfficer);
    assertError(await other.get(`/api/v1/agency/orders/${nbokOrder}`), 404, "ORDER_NOT_FOUND");
    await refused(() => other.post(`/api/v1/agency/orders/${nbokOrder}/declaration`, { accounts: [{ iban: nbokIban, frozen: "1.000" }] }), 404, "ORDER_NOT_FOUND");
    await refused(() => other.post(`/api/v1/agency/orders/${nbokOrder}/lift-confirmation`), 404, "ORDER_NOT_FOUND");
    // A bad IBAN on someone else's order still says only "not found".
    await refused(() => other.post(`/api/v1/agency/orders/${nbokOrder}/declaration`, { accounts: [{ iban: "KW00XXXX", frozen: "1.000" }] }), 404, "ORDER_NOT_FOUND");
    const nbok = await as(people.bankOfficer);
    assertError(await nbok.get(`/api/v1/agency/orders/${kfhoOrder}`), 404, "ORDER_NOT_FOUND");
    assertError(await nbok.get(`/api/v1/agency/orders/${exchange.world.deps.newId()}`), 404, "ORDER_NOT_FOUND");

    for (const civilId of [people.clerk, people.judge, people.auditor, people.administrator, people.creditor, people.debtor, people.lawyer, people.stranger]) {
      const client = await as(civilId);
      assertError(await client.get("/api/v1/agency/orders"), 403, "FORBIDDEN");
      assertError(await client.get(`/api/v1/agency/orders/${nbokOrder}`), 403, "FORBIDDEN");
      assertError(await client.get("/api/v1/agency/disclosures"), 403, "FORBIDDEN");
      await refused(() => client.post(`/api/v1/agency/orders/${nbokOrder}/declaration`, { accounts: [{ iban: nbokIban, frozen: "1.000" }] }), 403, "FORBIDDEN");
    }
    const anonymous = await exchange.api.inject({ method: "GET", url: "/api/v1/agency/orders" });
    assertError(anonymous, 401, "UNAUTHENTICATED");
  });

  test("a waiver lifts both banks: KFHO confirms by machine, the NBOK officer in the portal", async () => {
    await waiveProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { fileId: attachment.fileId, procedureId: attachment.procedureId, reason: "settled privately" });
    await exchange.settle();
    const statusOf = async (id: string) => (await db().selectFrom("agency_orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    assert.equal(await statusOf(kfhoOrder), "lifted");
    assert.equal(await statusOf(nbokOrder), "lift_sent");

    const officer = await as(people.bankOfficer);
    const awaiting = (await officer.get("/api/v1/agency/orders?awaitingAnswer=true")).json() as { orders: OrderBody[] };
    assert.deepEqual(awaiting.orders.map((order) => [order.id, order.status]), [[nbokOrder, "lift_sent"]]);

    const confirmed = await answer(officer, `/api/v1/agency/orders/${nbokOrder}/lift-confirmation`);
    assert.equal(confirmed.messageType, "lift.confirmation");
    assert.equal(confirmed.order.status, "lifted");
    assert.equal(confirmed.order.amountHeld, "0.000");
    const procedure = await db().selectFrom("procedures").select("status").where("id", "=", attachment.procedureId).executeTakeFirstOrThrow();
    assert.equal(procedure.status, "lifted");
    assert.equal(await heldOnFile(attachment.fileId), 0n);
    const liftOrder = await db().selectFrom("agency_messages").select("message_id").where("order_id", "=", nbokOrder).where("message_type", "=", "lift.order").executeTakeFirstOrThrow();
    const stored = await db().selectFrom("agency_messages").select("body").where("message_id", "=", confirmed.messageId).executeTakeFirstOrThrow();
    assert.equal((stored.body as { inReplyTo: string }).inReplyTo, liftOrder.message_id);
    await refused(() => officer.post(`/api/v1/agency/orders/${nbokOrder}/lift-confirmation`), 409, "TRANSITION_NOT_ALLOWED");

    const history = (await officer.get(`/api/v1/agency/orders/${nbokOrder}`)).json() as { messages: { direction: string; type: string; channel: string }[] };
    assert.deepEqual(
      history.messages.filter((message) => message.direction === "in").map((message) => [message.type, message.channel]),
      [["ack", "portal"], ["attachment.declaration", "portal"], ["attachment.declaration", "portal"], ["lift.confirmation", "portal"]],
    );
    const lifted = (await officer.get("/api/v1/agency/orders?status=lifted")).json() as { orders: OrderBody[] };
    assert.deepEqual(lifted.orders.map((order) => order.id), [nbokOrder]);
  });
});

describe("transfers, disclosure, paging and deadlines in the portal", () => {
  test("a transfer ordered by the clerk is confirmed by the NBOK officer and credited to the file", async () => {
    const { fileId, orderOf } = await openAttachment(people.otherDebtor, 2_000n, ["NBOK"], 2_000n);
    const order = orderOf("bank:NBOK");
    const officer = await as(people.bankOfficer);
    await answer(officer, `/api/v1/agency/orders/${order}/declaration`, { accounts: [{ iban: nbokIban, frozen: "500.000" }], otherAttachments: 1 });
    assert.equal(await heldOnFile(fileId), 500n * KD);
    await orderTransfer(exchange.world.deps, await exchange.world.as(people.clerk), { fileId });
    await exchange.settle();
    const url = `/api/v1/agency/orders/${order}/transfer-confirmation`;
    await refused(() => officer.post(url, { amount: "500.001", transferReference: "TRF-1" }), 422, "AMOUNT_EXCEEDS_ORDER");
    const confirmed = await answer(officer, url, { amount: "500.000", transferReference: "TRF-1" });
    assert.equal(confirmed.messageType, "transfer.confirmation");
    const file = await db().selectFrom("enforcement_files").select("recovered_total").where("id", "=", fileId).executeTakeFirstOrThrow();
    assert.equal(file.recovered_total, 500n * KD);
    const ledger = await db().selectFrom("ledger_entries").select(["amount", "source", "reference"]).where("file_id", "=", fileId).execute();
    assert.deepEqual(ledger, [{ amount: 500n * KD, source: "frozen_funds_transfer", reference: "transfer:bank:NBOK:TRF-1" }]);
    await refused(() => officer.post(url, { amount: "500.000", transferReference: "TRF-2" }), 409, "ALREADY_ANSWERED");
  });

  test("a disclosure request: KFHO states by machine, the NBOK officer in the portal, once", async () => {
    const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 300n);
    const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    const { requestId } = await grantedDisclosure(exchange.world, { fileId: file.id, debtorPartyId: party.id });
    await exchange.settle();

    const officer = await as(people.bankOfficer);
    const openResponse = await officer.get("/api/v1/agency/disclosures?answered=false");
    assert.equal(openResponse.statusCode, 200, openResponse.body);
    const open = openResponse.json() as { requests: { requestId: string; agencyKey: string; fileNumber: string; debtor: { civilId: string } }[] };
    assert.deepEqual(open.requests.map((request) => [request.requestId, request.agencyKey, request.fileNumber, request.debtor.civilId]), [[requestId, "bank:NBOK", file.number, people.debtor]]);

    const url = `/api/v1/agency/disclosures/${requestId}/statement`;
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, balance: "6000.000" }], securities: [{ symbol: "NBK", quantity: 10, value: "9.000" }] }), 422, "ANSWER_NOT_APPLICABLE");
    await refused(() => officer.post(url, { accounts: [{ iban: nbokIban, balance: "-1" }] }), 400, "MONEY_NEGATIVE");
    const response = await officer.post(url, { accounts: [{ iban: nbokIban, balance: "6000.000" }] });
    assert.equal(response.statusCode, 200, response.body);
    const { messageId } = response.json() as { messageId: string };
    portalMessageIds.push(messageId);
    await refused(() => officer.post(url, { accounts: [] }), 409, "ALREADY_ANSWERED");
    // KFHO's machine already answered; its officer cannot answer again in the portal.
    await refused(async () => (await as(kfhoOfficer)).post(url, { accounts: [] }), 409, "ALREADY_ANSWERED");
    await refused(async () => (await as(people.clerk)).post(url, { accounts: [] }), 403, "FORBIDDEN");
    const answered = (await officer.get("/api/v1/agency/disclosures?answered=true")).json() as { requests: { requestId: string; answer: { type: string } | null }[] };
    assert.deepEqual(answered.requests.map((request) => [request.requestId, request.answer?.type]), [[requestId, "disclosure.statement"]]);
    const statement = await db().selectFrom("agency_messages").select(["request_id", "submitted_by", "status", "body"]).where("message_id", "=", messageId).executeTakeFirstOrThrow();
    assert.deepEqual([statement.request_id, statement.submitted_by, statement.status], [requestId, people.bankOfficer, "applied"]);
    assert.deepEqual((statement.body as { accounts: unknown }).accounts, [{ iban: nbokIban, balance: (6_000n * KD).toString() }]);
  });

  test("pages of orders follow the cursor; a missed deadline shows in the filter", async () => {
    // Left unanswered: its 10 days run out.
    const { orderOf } = await openAttachment(people.otherDebtor, 700n, ["NBOK"], 700n);
    const silent = orderOf("bank:NBOK");
    let officer = await as(people.bankOfficer);
    const all = ((await officer.get("/api/v1/agency/orders?limit=200")).json() as { orders: OrderBody[] }).orders;
    assert.equal(all.length, 3);
    assert.ok(all.every((order) => order.agencyKey === "bank:NBOK"));
    const seen: string[] = [];
    let url = "/api/v1/agency/orders?limit=1";
    for (let page = 0; page < 5; page++) {
      const body = (await officer.get(url)).json() as { orders: OrderBody[]; nextCursor: string | null };
      seen.push(...body.orders.map((order) => order.id));
      if (!body.nextCursor) break;
      url = `/api/v1/agency/orders?limit=1&cursor=${body.nextCursor}`;
    }
    assert.deepEqual(seen, all.map((order) => order.id));
    assertError(await officer.get("/api/v1/agency/orders?cursor=nonsense"), 400, "VALIDATION_FAILED");
    assertError(await officer.get("/api/v1/agency/orders?limit=0"), 400, "VALIDATION_FAILED");
    assertError(await officer.get("/api/v1/agency/orders?awaitingAnswer=yes"), 400, "VALIDATION_FAILED");
    assert.deepEqual(((await officer.get("/api/v1/agency/orders?deadlineMissed=true")).json() as { orders: OrderBody[] }).orders, []);

    exchange.world.clock.advance(11 * DAY);
    officer = await as(people.bankOfficer);
    const missed = ((await officer.get("/api/v1/agency/orders?deadlineMissed=true")).json() as { orders: OrderBody[] }).orders;
    assert.deepEqual(missed.map((order) => [order.id, order.deadlineMissed, order.awaitingAnswer]), [[silent, true, true]]);
    const onTime = ((await officer.get("/api/v1/agency/orders?deadlineMissed=false")).json() as { orders: OrderBody[] }).orders;
    assert.equal(onTime.length, 2);
    // Answering late is still taken, and the order stays marked as missed.
    await exchange.hub.worker.tick();
    const late = await answer(officer, `/api/v1/agency/orders/${silent}/nothing-held`);
    assert.equal(late.messageType, "attachment.declaration");
    assert.equal(late.order.status, "nothing_found");
    assert.equal(late.order.deadlineMissed, true);
  });
});

describe("traffic and ports answer in the portal too", () => {
  test("a traffic officer reports the vehicles; a ports officer registers the ban; each only on their own orders", async () => {
    exchange.simulators.setFaults("traffic", { holdReplies: true });
    exchange.simulators.setFaults("ports", { holdReplies: true });
    const system = { subject: systemSubject, correlationId: "portal-test" };
    const trafficOfficer = freshCivilId(702);
    const portsOfficer = freshCivilId(703);
    await registerPersons(exchange.world.deps, system, [
      { civilId: trafficOfficer, nameAr: "موظف المرور", nameEn: "Traffic officer", nationality: "KWT", email: null, phone: null },
      { civilId: portsOfficer, nameAr: "موظف المنافذ", nameEn: "Ports officer", nationality: "KWT", email: null, phone: null },
    ]);
    await grantStaffRole(exchange.world.deps, system, { civilId: trafficOfficer, role: "agency_officer", agencyKey: "traffic" });
    await grantStaffRole(exchange.world.deps, system, { civilId: portsOfficer, role: "agency_officer", agencyKey: "ports" });

    const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.otherDebtor }, 900n);
    const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    const seizure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: party.id });
    await exchange.settle();
    const [seizureOrder] = await db().selectFrom("agency_orders").select("id").where("procedure_id", "=", seizure.id).execute();
    const traffic = await as(trafficOfficer);
    const listed = (await traffic.get("/api/v1/agency/orders")).json() as { orders: OrderBody[] };
    assert.deepEqual(listed.orders.map((order) => [order.id, order.orderType, order.maxAmount]), [[seizureOrder!.id, "vehicle_seizure", null]]);
    const url = `/api/v1/agency/orders/${seizureOrder!.id}/seizure-result`;
    await refused(() => traffic.post(url, { vehicles: [{ plate: "12/34567", vin: "JTMHV01J60412345I", make: "Toyota", model: "Camry", year: 2020 }] }), 400, "VALIDATION_FAILED");
    await refused(() => traffic.post(url, { vehicles: [] }), 400, "VALIDATION_FAILED");
    await refused(() => traffic.post(`/api/v1/agency/orders/${seizureOrder!.id}/declaration`, { accounts: [{ iban: nbokIban, frozen: "1.000" }] }), 422, "ANSWER_NOT_APPLICABLE");
    const vehicles = [{ plate: "12/34567", vin: "JTMHV01J604123456", make: "Toyota", model: "Land Cruiser", year: 2021 }];
    const result = await answer(traffic, url, { vehicles });
    assert.equal(result.messageType, "seizure.result");
    assert.equal(result.order.status, "executed");
    const detail = (await traffic.get(`/api/v1/agency/orders/${seizureOrder!.id}`)).json() as { details: { vehicles: unknown[] } };
    assert.deepEqual(detail.details.vehicles, vehicles);
    assert.equal((await db().selectFrom("procedures").select("status").where("id", "=", seizure.id).executeTakeFirstOrThrow()).status, "in_force");
    assertError(await (await as(portsOfficer)).get(`/api/v1/agency/orders/${seizureOrder!.id}`), 404, "ORDER_NOT_FOUND");

    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
      kind: "travel_ban",
      fileId: file.id,
      debtorPartyId: party.id,
      evidence: { debtCertainAndDue: "حكم نهائي", flightRisk: "حجز تذكرة سفر", abilityToPay: "راتب" },
    });
    await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId: file.id, procedureId: ban.id, decision: "grant", reasons: "توافرت الشروط" });
    await exchange.settle();
    const [banOrder] = await db().selectFrom("agency_orders").select("id").where("procedure_id", "=", ban.id).execute();
    const ports = await as(portsOfficer);
    await refused(() => ports.post(`/api/v1/agency/orders/${banOrder!.id}/nothing-held`), 422, "ANSWER_NOT_APPLICABLE");
    const registered = await answer(ports, `/api/v1/agency/orders/${banOrder!.id}/ban-registration`, { reference: "PORTS-2026-0001" });
    assert.equal(registered.order.status, "executed");
    assert.equal((await db().selectFrom("procedures").select("status").where("id", "=", ban.id).executeTakeFirstOrThrow()).status, "in_force");
  });
});

test("every portal answer is stored as an inbound message and logged with the officer as actor", async () => {
  const stored = await db().selectFrom("agency_messages").select(["message_id", "direction", "batch_id", "submitted_by", "status"]).where("submitted_by", "is not", null).orderBy("id").execute();
  assert.deepEqual(stored.map((row) => row.message_id), portalMessageIds);
  for (const row of stored) {
    assert.equal(row.direction, "in");
    assert.equal(row.batch_id, null);
    assert.equal(row.status, "applied");
    const actions = await db().selectFrom("actions").select(["actor", "actor_role", "action_kind", "payload"]).where("correlation_id", "=", row.message_id).execute();
    assert.ok(actions.some((action) => action.actor === row.submitted_by), `no action names the officer for portal message ${row.message_id}`);
    for (const action of actions) {
      // The officer acted; what the procedure derives from its orders is the rules' doing, as for machine answers.
      const actor = `${action.actor}/${action.actor_role}`;
      assert.ok(actor === `${row.submitted_by}/agency` || actor === "system/rules", `${action.action_kind} by ${actor}`);
    }
    // Every move of an order, and every statement, says it was given in the portal.
    for (const action of actions.filter((entry) => /^order\.(acknowledge|execute|reportNothing|reject|confirmLift)$|^disclosure\./.test(entry.action_kind))) {
      assert.equal((action.payload as { channel?: string }).channel, "portal", `${action.action_kind} marked as given in the portal`);
    }
  }
  // Machine answers keep the agency as actor.
  const machineAnswers = await db().selectFrom("agency_messages").select(["message_id", "agency_key"]).where("direction", "=", "in").where("batch_id", "is not", null).execute();
  const agencyOf = new Map(machineAnswers.map((row) => [row.message_id, row.agency_key]));
  const machineActions = await db().selectFrom("actions").select(["actor", "actor_role", "correlation_id"]).where("correlation_id", "in", [...agencyOf.keys()]).execute();
  assert.ok(machineActions.length > 0);
  for (const action of machineActions.filter((entry) => entry.actor_role === "agency")) assert.equal(action.actor, agencyOf.get(action.correlation_id));
  const report = await verifyAudit(db());
  assert.deepEqual(report.chainProblems, []);
  assert.deepEqual(report.projectionProblems, []);
});
