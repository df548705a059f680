/**
 * A bank's batch is applied in groups (one transaction for many answers, src/agencies/hub/
 * inbound.ts `receiveGroup`): each answer must still count once, move its own order in
 * batch order, carry its own message id as correlation id, and leave the log verifiable.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { generateSigningKeyPair, signingKeyFrom, signEnvelope, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { eventually } from "../support/wait.ts";

let exchange: Exchange;
let nbokKey: KeyPairRecord;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
  // The stand-in bank receives its orders but acts on them only in an hour: the orders stay
  // sent, and this test answers for it.
  exchange.simulators.setFaults("bank:NBOK", { delayMs: 3_600_000 });
});
after(() => exchange.close());

async function sentOrder(debtor: string) {
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 1_000_000n, banks: ["NBOK"] });
  // The civil-information stand-in confirms the debtor, then the order leaves (the bank's receipt comes at once; it acts in an hour).
  let status = "";
  await eventually(
    "the order is sent",
    async () => {
      await exchange.hub.worker.tick();
      status = (await exchange.database.db.selectFrom("agency_orders").select("status").where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow()).status;
      return status === "sent";
    },
    { everyMs: 100, seen: () => status },
  );
  const orderId = procedure.orders[0]!.id;
  // What the bank's answers reply to (the hub checks inReplyTo, docs/agency-protocol.md section 11).
  const sent = await exchange.database.db.selectFrom("agency_messages").select("message_id").where("direction", "=", "out").where("order_id", "=", orderId).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow();
  return { fileId: file.id, procedureId: procedure.id, orderId, orderMessageId: sent.message_id };
}

test("one batch: acks and a declaration on two files, a repeated message and an unknown order", async () => {
  const a = await sentOrder(people.debtor);
  const b = await sentOrder(people.otherCreditor);
  const db = exchange.database.db;
  const statusOf = async (orderId: string) => (await db.selectFrom("agency_orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status;
  assert.deepEqual([await statusOf(a.orderId), await statusOf(b.orderId)], ["sent", "sent"]);

  const now = exchange.world.clock.now().toISOString();
  const ackA = { messageId: randomUUID(), sentAt: now, inReplyTo: a.orderMessageId, type: "ack", orderId: a.orderId };
  const declarationA = {
    messageId: randomUUID(),
    sentAt: now,
    inReplyTo: a.orderMessageId,
    type: "attachment.declaration",
    orderId: a.orderId,
    sequence: 1,
    accounts: [{ iban: "KW16NBOK0000000000001234560101", frozen: "400000" }],
    totalFrozen: "400000",
    otherAttachments: 0,
  };
  const ackB = { messageId: randomUUID(), sentAt: now, inReplyTo: b.orderMessageId, type: "ack", orderId: b.orderId };
  const unknown = { messageId: randomUUID(), sentAt: now, inReplyTo: randomUUID(), type: "ack", orderId: randomUUID() };
  const jws = await signEnvelope(
    { iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: Math.floor(exchange.world.clock.now().getTime() / 1000), ver: "1", messages: [ackA, ackA, declarationA, ackB, unknown] },
    await signingKeyFrom(nbokKey),
  );
  const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: jws });
  assert.equal(response.status, 200);
  const { receipts } = (await response.json()) as { receipts: { messageId: string; status: string; code?: string }[] };
  assert.deepEqual(
    receipts.map((receipt) => [receipt.messageId, receipt.status, receipt.code ?? null]),
    [
      [ackA.messageId, "accepted", null],
      [ackA.messageId, "duplicate", null],
      [declarationA.messageId, "accepted", null],
      [ackB.messageId, "accepted", null],
      [unknown.messageId, "rejected", "UNKNOWN_ORDER"],
    ],
  );

  // A moved sent → acknowledged → executed (written once), B acknowledged; the cap counted A's holding.
  assert.deepEqual([await statusOf(a.orderId), await statusOf(b.orderId)], ["executed", "acknowledged"]);
  const orderA = await db.selectFrom("agency_orders").select(["amount_held", "frozen_declared", "declaration_sequence"]).where("id", "=", a.orderId).executeTakeFirstOrThrow();
  assert.deepEqual(orderA, { amount_held: 400_000n, frozen_declared: 400_000n, declaration_sequence: 1 });
  const procedureA = await db.selectFrom("procedures").select("status").where("id", "=", a.procedureId).executeTakeFirstOrThrow();
  assert.equal(procedureA.status, "in_force");

  // Each answer's actions carry its own message id; the repeated ack was applied once.
  const kinds = async (correlationId: string) => (await db.selectFrom("actions").select("action_kind").where("correlation_id", "=", correlationId).orderBy("id").execute()).map((row) => row.action_kind);
  assert.deepEqual(await kinds(ackA.messageId), ["order.acknowledge"]);
  // The cap ran once for the file, after the group's answers to it: its hold comes last.
  assert.deepEqual(await kinds(declarationA.messageId), ["order.execute", "procedure.execute", "order.hold"]);
  assert.deepEqual(await kinds(ackB.messageId), ["order.acknowledge"]);
  assert.deepEqual(await kinds(unknown.messageId), []);
  const stored = await db.selectFrom("agency_messages").select(["message_id", "status", "order_id"]).where("direction", "=", "in").where("message_id", "in", [ackA.messageId, declarationA.messageId, ackB.messageId, unknown.messageId]).execute();
  assert.deepEqual(
    Object.fromEntries(stored.map((row) => [row.message_id, [row.status, row.order_id]])),
    { [ackA.messageId]: ["applied", a.orderId], [declarationA.messageId]: ["applied", a.orderId], [ackB.messageId]: ["applied", b.orderId], [unknown.messageId]: ["invalid", null] },
  );

  const report = await verifyAudit(db);
  assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
});
