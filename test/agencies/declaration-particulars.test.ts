/**
 * Art. 234(2) (Decree-Law 38/1980, M; with Art. 230(e)): the garnishee's declaration states the
 * amount and the cause of the debt, the other attachments and the supporting documents. A bank
 * states the cause and documents per account in `declaration.particulars` (a new message type,
 * compatible within protocol version 1). From rule version kw-2025.4 (10 December 2026) the hub
 * refuses particulars that leave out an account the declaration holds money on
 * (`PARTICULARS_INCOMPLETE`) and shows a bank's missing particulars to the creditor and the
 * clerk; under kw-2025.3 (the old behaviour) the same particulars are accepted — nothing was
 * required. Over the real exchange (signed batches), on both engines.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { generateSigningKeyPair, signingKeyFrom, signEnvelope, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { makeIban } from "../../src/domain/identifiers/index.ts";
import { SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { eventually } from "../support/wait.ts";

const KD = 1000n;
let exchange: Exchange;
let nbokKey: KeyPairRecord;
let serial = 0;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
  // The stand-in bank receives its orders but acts on them only in an hour: this test answers for it.
  exchange.simulators.setFaults("bank:NBOK", { delayMs: 3_600_000 });
});
after(() => exchange.close());

const db = () => exchange.database.db;
const nbokIban = (account: string) => makeIban("NBOK", account.padStart(22, "0")) as string;
const now = () => exchange.world.clock.now().toISOString();

/** A bank attachment at NBOK requested at `at` (title served two days before), its order sent. */
async function sentOrderAt(at: string, debtor: string) {
  exchange.world.clock.advance(Date.parse(at) - exchange.world.clock.now().getTime());
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, 5_000n);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  await attestTitleService(exchange.world.deps, await exchange.world.as(people.clerk), { fileId: file.id, debtorPartyId, servedAt: new Date(Date.parse(at) - 2 * 86_400_000), reference: `PS-PART-${++serial}` });
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 1_000n * KD, banks: ["NBOK"] });
  const orderId = procedure.orders[0]!.id;
  await eventually("the order is sent", async () => {
    await exchange.hub.worker.tick();
    return (await db().selectFrom("agency_orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status === "sent";
  });
  const sent = await db().selectFrom("agency_messages").select("message_id").where("direction", "=", "out").where("order_id", "=", orderId).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow();
  return { fileId: file.id, orderId, orderMessageId: sent.message_id };
}

async function post(messages: unknown[]) {
  const jws = await signEnvelope({ iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: Math.floor(exchange.world.clock.now().getTime() / 1000), ver: "1", messages }, await signingKeyFrom(nbokKey));
  const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: jws });
  assert.equal(response.status, 200);
  return ((await response.json()) as { receipts: { messageId: string; status: string; code?: string }[] }).receipts;
}

const declaration = (order: { orderId: string; orderMessageId: string }, accounts: { iban: string; frozen: bigint }[]) => ({
  type: "attachment.declaration",
  messageId: randomUUID(),
  sentAt: now(),
  inReplyTo: order.orderMessageId,
  orderId: order.orderId,
  sequence: 1,
  accounts: accounts.map((account) => ({ iban: account.iban, frozen: account.frozen.toString() })),
  totalFrozen: accounts.reduce((total, account) => total + account.frozen, 0n).toString(),
  otherAttachments: 0,
});

const particulars = (order: { orderId: string; orderMessageId: string }, ibans: string[]) => ({
  type: "declaration.particulars",
  messageId: randomUUID(),
  sentAt: now(),
  inReplyTo: order.orderMessageId,
  orderId: order.orderId,
  sequence: 1,
  accounts: ibans.map((iban) => ({
    iban,
    cause: "current_account",
    causeText: "Balance of a current account opened 4 March 2019",
    documents: [
      { kind: "account_statement", reference: `STMT-${iban.slice(-6)}`, issuedOn: "2026-12-10" },
      { kind: "account_agreement", reference: `AGR-${iban.slice(-6)}`, issuedOn: "2019-03-04" },
    ],
  })),
});

/** The order as the creditor's file page shows it (GET /api/v1/files/:id). */
async function orderOnFilePage(fileId: string, orderId: string) {
  const session = await createSession(db(), people.creditor, exchange.world.clock.now());
  const response = await exchange.api.inject({ method: "GET", url: `/api/v1/files/${fileId}`, headers: { cookie: `${SESSION_COOKIE}=${session.token}` } });
  assert.equal(response.statusCode, 200, response.body);
  const file = response.json() as { procedures: { orders: { id: string; particulars: { iban: string; cause: string; documents: unknown[] }[]; particularsMissing: boolean }[] }[] };
  return file.procedures.flatMap((procedure) => procedure.orders).find((order) => order.id === orderId)!;
}

describe("the cause and documents of a bank's declaration (Art. 234(2); rule declarations.causeAndDocumentsRequired, kw-2025.4)", () => {
  const held = [nbokIban("7001"), nbokIban("7002")];

  test("kw-2025.3 (the old behaviour): particulars naming one of two holding accounts are accepted; nothing is shown missing", async () => {
    const order = await sentOrderAt("2026-12-09T06:00:00Z", people.otherDebtor);
    const receipts = await post([declaration(order, [{ iban: held[0]!, frozen: 300n * KD }, { iban: held[1]!, frozen: 200n * KD }]), particulars(order, [held[0]!])]);
    assert.deepEqual(receipts.map((receipt) => receipt.status), ["accepted", "accepted"]);
    const shown = await orderOnFilePage(order.fileId, order.orderId);
    assert.equal(shown.particularsMissing, false);
  });

  test("kw-2025.4: a declaration without particulars is shown missing; incomplete particulars are refused (PARTICULARS_INCOMPLETE); complete ones are kept and shown", async () => {
    const order = await sentOrderAt("2026-12-10T06:00:00Z", people.debtor);
    assert.deepEqual((await post([declaration(order, [{ iban: held[0]!, frozen: 300n * KD }, { iban: held[1]!, frozen: 200n * KD }])])).map((receipt) => receipt.status), ["accepted"]);
    assert.equal((await orderOnFilePage(order.fileId, order.orderId)).particularsMissing, true, "the creditor and the clerk see the bank has not stated them");

    const incomplete = particulars(order, [held[0]!]);
    assert.deepEqual((await post([incomplete])).map((receipt) => receipt.code), ["PARTICULARS_INCOMPLETE"]);
    const stored = await db().selectFrom("agency_orders").select(["particulars_sequence"]).where("id", "=", order.orderId).executeTakeFirstOrThrow();
    assert.equal(stored.particulars_sequence, 0, "nothing stored from a refused message");

    const complete = particulars(order, held);
    assert.deepEqual((await post([complete])).map((receipt) => receipt.status), ["accepted"]);
    const shown = await orderOnFilePage(order.fileId, order.orderId);
    assert.equal(shown.particularsMissing, false);
    assert.deepEqual(shown.particulars.map((account) => [account.cause, account.documents.length]), [["current_account", 2], ["current_account", 2]]);
    assert.ok(shown.particulars.every((account) => account.iban.includes("••••")), "account numbers by their last digits");
    const actions = await db().selectFrom("actions").select("payload").where("order_id", "=", order.orderId).where("action_kind", "=", "order.particulars").execute();
    assert.deepEqual(actions.map((action) => action.payload), [{ sequence: 1, accounts: 2, documents: 4 }]);
    const report = await verifyAudit(db());
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
  });

  test("kw-2025.4 in the agency portal: the officer's declaration without the cause and documents is refused with the same code; with them it is applied and kept", async () => {
    const order = await sentOrderAt("2026-12-10T08:00:00Z", people.companyRep);
    const officer = await exchange.world.as(people.bankOfficer);
    await answerAgencyOrder(exchange.world.deps, officer, order.orderId, { kind: "acknowledge" });
    const iban = nbokIban("7101");
    await assert.rejects(
      answerAgencyOrder(exchange.world.deps, officer, order.orderId, { kind: "declare", accounts: [{ iban, frozen: "250.000" }], otherAttachments: 0 }),
      (error: { code?: string; details?: { code?: string } }) => error.code === "ANSWER_NOT_APPLICABLE" && error.details?.code === "PARTICULARS_INCOMPLETE",
    );
    assert.equal((await db().selectFrom("agency_orders").select("declaration_sequence").where("id", "=", order.orderId).executeTakeFirstOrThrow()).declaration_sequence, 0, "the refused answer wrote nothing");
    const answered = await answerAgencyOrder(exchange.world.deps, officer, order.orderId, {
      kind: "declare",
      accounts: [{ iban, frozen: "250.000", cause: "savings_account", causeText: "Savings account balance", documents: [{ kind: "account_statement", reference: "ST-7101", issuedOn: "2026-12-10" }] }],
      otherAttachments: 0,
    });
    assert.equal(answered.outcome.status, "applied");
    const shown = await orderOnFilePage(order.fileId, order.orderId);
    assert.equal(shown.particularsMissing, false);
    assert.deepEqual(shown.particulars.map((account) => account.cause), ["savings_account"]);
  });
});
