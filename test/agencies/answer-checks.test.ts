/**
 * Every answer is checked before it is applied (docs/agency-protocol.md section 11, "Answer
 * checks"; src/domain/exchange/answer-checks.ts): a bank's signed answer that names an IBAN
 * failing mod 97 or of another bank, mis-sums its accounts, replies to a message the hub
 * never sent it (or to the wrong kind), reuses a declaration's number with another total,
 * or confirms a transfer above what was asked is rejected in its receipt with its code and
 * changes nothing. A declaration above the maximum the bank was told is applied as the cap
 * allows, answered at once with hold.adjust, and recorded as a breach shown on the monitor —
 * on the channel and in the agency portal alike.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { readAgencyMonitor } from "../../src/app/read-agency-monitor.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { generateSigningKeyPair, signingKeyFrom, signEnvelope, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { makeIban } from "../../src/domain/identifiers/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { eventually } from "../support/wait.ts";

const KD = 1000n;
let exchange: Exchange;
let nbokKey: KeyPairRecord;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
  // The stand-in bank receives its orders but acts on them only in an hour: this test answers for it.
  exchange.simulators.setFaults("bank:NBOK", { delayMs: 3_600_000 });
});
after(() => exchange.close());

const nbokIban = (account: string) => makeIban("NBOK", account.padStart(22, "0")) as string;
const kfhoIban = (account: string) => makeIban("KFHO", account.padStart(22, "0")) as string;

async function sentOrder(creditor: string, debtor: string, options: { principalKd: bigint; amount: bigint }) {
  const file = await exchange.world.openFileFor({ civilId: creditor }, { civilId: debtor }, options.principalKd);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: options.amount, banks: ["NBOK"] });
  const orderId = procedure.orders[0]!.id;
  let status = "";
  await eventually(
    "the order is sent",
    async () => {
      await exchange.hub.worker.tick();
      status = (await exchange.database.db.selectFrom("agency_orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status;
      return status === "sent";
    },
    { everyMs: 100, seen: () => status },
  );
  const sent = await exchange.database.db.selectFrom("agency_messages").select("message_id").where("direction", "=", "out").where("order_id", "=", orderId).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow();
  return { fileId: file.id, procedureId: procedure.id, orderId, orderMessageId: sent.message_id };
}

async function post(messages: unknown[]) {
  const jws = await signEnvelope({ iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: Math.floor(exchange.world.clock.now().getTime() / 1000), ver: "1", messages }, await signingKeyFrom(nbokKey));
  const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: jws });
  assert.equal(response.status, 200);
  return ((await response.json()) as { receipts: { messageId: string; status: string; code?: string }[] }).receipts;
}

const now = () => exchange.world.clock.now().toISOString();

function declaration(orderId: string, inReplyTo: string, sequence: number, accounts: { iban: string; frozen: bigint }[], totalFrozen?: bigint) {
  return {
    type: "attachment.declaration",
    messageId: randomUUID(),
    sentAt: now(),
    inReplyTo,
    orderId,
    sequence,
    accounts: accounts.map((account) => ({ iban: account.iban, frozen: account.frozen.toString() })),
    totalFrozen: (totalFrozen ?? accounts.reduce((sum, account) => sum + account.frozen, 0n)).toString(),
    otherAttachments: 0,
  };
}

const orderState = (orderId: string) =>
  exchange.database.db.selectFrom("agency_orders").select(["status", "frozen_declared", "declaration_sequence", "amount_held", "max_amount"]).where("id", "=", orderId).executeTakeFirstOrThrow();
const actionsOf = async (correlationId: string) => (await exchange.database.db.selectFrom("actions").select("action_kind").where("correlation_id", "=", correlationId).orderBy("id").execute()).map((row) => row.action_kind);

test("answers that break a rule are rejected with their code and change nothing", async () => {
  const a = await sentOrder(people.creditor, people.debtor, { principalKd: 5_000n, amount: 1_000n * KD });
  const b = await sentOrder(people.otherCreditor, people.debtor, { principalKd: 5_000n, amount: 1_000n * KD });
  const good = nbokIban("1001");
  const badChecksum = `KW${String((Number(good.slice(2, 4)) + 1) % 100).padStart(2, "0")}${good.slice(4)}`;
  // A valid first declaration, to see that refused ones leave it standing.
  const first = declaration(a.orderId, a.orderMessageId, 1, [{ iban: good, frozen: 400n * KD }]);
  assert.deepEqual((await post([first])).map((receipt) => receipt.status), ["accepted"]);
  const standing = await orderState(a.orderId);
  assert.deepEqual([standing.status, standing.frozen_declared, standing.declaration_sequence, standing.amount_held], ["executed", 400n * KD, 1, 400n * KD]);

  const cases: [string, Record<string, unknown>, string][] = [
    ["an IBAN failing mod 97", declaration(a.orderId, a.orderMessageId, 2, [{ iban: badChecksum, frozen: 500n * KD }]), "IBAN_INVALID"],
    ["another bank's IBAN", declaration(a.orderId, a.orderMessageId, 2, [{ iban: kfhoIban("1001"), frozen: 500n * KD }]), "IBAN_OF_OTHER_BANK"],
    ["the same account twice", declaration(a.orderId, a.orderMessageId, 2, [{ iban: good, frozen: 250n * KD }, { iban: good, frozen: 250n * KD }]), "ACCOUNT_REPEATED"],
    ["totalFrozen other than the sum of the accounts (0.999 KD against 1,000.000)", declaration(a.orderId, a.orderMessageId, 2, [{ iban: good, frozen: 1_000n * KD }], 999n), "TOTAL_MISMATCH"],
    ["a used sequence with another total", declaration(a.orderId, a.orderMessageId, 1, [{ iban: good, frozen: 600n * KD }]), "SEQUENCE_CONFLICT"],
    ["a declaration replying to a message the hub never sent", declaration(a.orderId, randomUUID(), 2, [{ iban: good, frozen: 500n * KD }]), "WRONG_REPLY"],
    ["a declaration replying to another order's message", declaration(a.orderId, b.orderMessageId, 2, [{ iban: good, frozen: 500n * KD }]), "WRONG_REPLY"],
    ["an ack with a random inReplyTo", { type: "ack", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), orderId: b.orderId }, "WRONG_REPLY"],
    ["a lift confirmation replying to the attachment order", { type: "lift.confirmation", messageId: randomUUID(), sentAt: now(), inReplyTo: a.orderMessageId, orderId: a.orderId }, "WRONG_REPLY"],
    ["a transfer confirmation replying to the attachment order", { type: "transfer.confirmation", messageId: randomUUID(), sentAt: now(), inReplyTo: a.orderMessageId, orderId: a.orderId, amount: "1", transferReference: "T-1" }, "WRONG_REPLY"],
  ];
  const receipts = await post(cases.map(([, message]) => message));
  const table = cases.map(([name, message], index) => ({ case: name, code: receipts[index]?.code ?? receipts[index]?.status, messageId: message.messageId as string }));
  console.log(table.map((row) => `${row.code?.padEnd(20)} ${row.case}`).join("\n"));
  assert.deepEqual(
    table.map((row) => row.code),
    cases.map(([, , code]) => code),
  );
  for (const row of table) assert.deepEqual(await actionsOf(row.messageId), [], `${row.case}: nothing applied`);
  assert.deepEqual(await orderState(a.orderId), standing, "the order is as the valid declaration left it");
  assert.equal((await orderState(b.orderId)).status, "sent");
  const stored = await exchange.database.db.selectFrom("agency_messages").select(["status", "last_error"]).where("direction", "=", "in").where("message_id", "in", table.map((row) => row.messageId)).execute();
  assert.deepEqual(new Set(stored.map((row) => row.status)), new Set(["invalid"]));

  // The same declaration again (same number, same total) is a repeat: accepted, ignored.
  const repeat = declaration(a.orderId, a.orderMessageId, 1, [{ iban: good, frozen: 400n * KD }]);
  assert.deepEqual((await post([repeat])).map((receipt) => receipt.status), ["accepted"]);

  // A transfer confirmed for more than the transfer order asked.
  await orderTransfer(exchange.world.deps, await exchange.world.as(people.clerk), { fileId: a.fileId });
  const transfer = await exchange.database.db.selectFrom("agency_messages").select(["message_id", "body"]).where("direction", "=", "out").where("order_id", "=", a.orderId).where("message_type", "=", "transfer.order").executeTakeFirstOrThrow();
  const asked = BigInt((typeof transfer.body === "string" ? JSON.parse(transfer.body) : transfer.body).amount as string);
  const tooMuch = { type: "transfer.confirmation", messageId: randomUUID(), sentAt: now(), inReplyTo: transfer.message_id, orderId: a.orderId, amount: (asked + 1n).toString(), transferReference: "NBOK-TRF-9" };
  assert.deepEqual((await post([tooMuch])).map((receipt) => receipt.code), ["AMOUNT_ABOVE_ORDER"]);
  assert.deepEqual(await actionsOf(tooMuch.messageId), []);
  const recovered = await exchange.database.db.selectFrom("enforcement_files").select("recovered_total").where("id", "=", a.fileId).executeTakeFirstOrThrow();
  assert.equal(recovered.recovered_total, 0n);

  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
});

test("a declaration above the maximum is counted as the cap allows, answered at once with hold.adjust, and recorded against the bank — on the channel and in the portal", async () => {
  // The case: 20,000 KD declared against an order of at most 18,875 KD.
  const order = await sentOrder(people.companyRep, people.debtor, { principalKd: 20_000n, amount: 18_875n * KD });
  const over = declaration(order.orderId, order.orderMessageId, 1, [{ iban: nbokIban("2001"), frozen: 20_000n * KD }]);
  assert.deepEqual((await post([over])).map((receipt) => receipt.status), ["accepted"]);
  const state = await orderState(order.orderId);
  assert.deepEqual([state.frozen_declared, state.amount_held, state.max_amount], [20_000n * KD, 18_875n * KD, 18_875n * KD]);
  const adjusts = await exchange.database.db.selectFrom("agency_messages").select(["body"]).where("direction", "=", "out").where("order_id", "=", order.orderId).where("message_type", "=", "hold.adjust").execute();
  assert.deepEqual(
    adjusts.map((row) => {
      const body = (typeof row.body === "string" ? JSON.parse(row.body) : row.body) as { maxAmount: string; reason: string };
      return [body.maxAmount, body.reason];
    }),
    [[(18_875n * KD).toString(), "cap"]],
  );
  // Executed, the breach recorded, and the cap's hold (with the released excess), under the declaration's id.
  assert.deepEqual(await actionsOf(over.messageId), ["order.execute", "order.over_declared", "procedure.execute", "order.hold"]);
  const breaches = await exchange.database.db.selectFrom("agency_breaches").select(["agency_key", "kind", "declared", "maximum"]).where("order_id", "=", order.orderId).execute();
  assert.deepEqual(breaches, [{ agency_key: "bank:NBOK", kind: "over_declaration", declared: 20_000n * KD, maximum: 18_875n * KD }]);

  // The same over-declaration in the agency portal, by the bank's officer, on another order.
  const portalOrder = await sentOrder(people.otherCreditor, people.companyRep, { principalKd: 20_000n, amount: 18_875n * KD });
  const officer = await exchange.world.as(people.bankOfficer);
  await answerAgencyOrder(exchange.world.deps, officer, portalOrder.orderId, { kind: "acknowledge" });
  const answered = await answerAgencyOrder(exchange.world.deps, officer, portalOrder.orderId, { kind: "declare", accounts: [{ iban: nbokIban("3001"), frozen: "20000.000" }], otherAttachments: 0 });
  assert.equal(answered.outcome.status, "applied");
  const portalState = await orderState(portalOrder.orderId);
  assert.deepEqual([portalState.frozen_declared, portalState.amount_held], [20_000n * KD, 18_875n * KD]);
  const portalAdjusts = await exchange.database.db.selectFrom("agency_messages").select("body").where("direction", "=", "out").where("order_id", "=", portalOrder.orderId).where("message_type", "=", "hold.adjust").execute();
  assert.equal(portalAdjusts.length, 1);
  assert.ok((await actionsOf(answered.messageId)).includes("order.over_declared"));

  // The monitor shows the bank's breaches.
  const monitor = await readAgencyMonitor(exchange.world.deps, await exchange.world.as(people.clerk));
  const nbok = monitor.agencies.find((agency) => agency.agencyKey === "bank:NBOK")!;
  assert.equal(nbok.answers.overDeclarations, 2);
  assert.ok(nbok.answers.lastOverDeclarationAt !== null);
  assert.ok(nbok.answers.refusedRecently >= 11, `refused: ${nbok.answers.refusedRecently}`);

  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
});
