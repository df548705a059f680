/**
 * Reconciliation (docs/agency-protocol.md section 10.5): a bank accepts an order (its
 * receipt says so) and then loses its answers — as a stand-in that crashed after its
 * receipts (fault `dropReplies`) — or loses the order itself (reset). The order would wait
 * until its 10-day deadline; instead, once it has been silent for the configured time, the
 * hub asks `order.status` and the bank answers from its state: ack and a declaration with
 * the next sequence — or, if it never had the order, a rejection, and the hub sends the
 * order again. The cap holds; the audit chain verifies.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const KD = 1000n;
const STATUS_QUERY_SECONDS = 10;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange({}, { statusQuerySeconds: STATUS_QUERY_SECONDS });
});
after(() => exchange.close());

async function attachAtNbok(creditor: string, debtor: string) {
  const file = await exchange.world.openFileFor({ civilId: creditor }, { civilId: debtor }, 5_000n);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 1_000n * KD, banks: ["NBOK"] });
  return procedure.orders[0]!.id;
}

const order = (id: string) => exchange.database.db.selectFrom("agency_orders").select(["status", "amount_held", "declaration_sequence", "status_asked_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const outbound = (id: string, type: string) =>
  exchange.database.db.selectFrom("agency_messages").select(["message_id", "status"]).where("direction", "=", "out").where("order_id", "=", id).where("message_type", "=", type).orderBy("id").execute();
const inbound = (id: string) =>
  exchange.database.db.selectFrom("agency_messages").select(["message_type", "status", "body"]).where("direction", "=", "in").where("order_id", "=", id).orderBy("id").execute();

test("a bank that lost its answers is asked where the order stands, and answers from its state", async () => {
  exchange.simulators.setBalances(people.debtor, { NBOK: 700n * KD });
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: true });
  const orderId = await attachAtNbok(people.creditor, people.debtor);
  await exchange.settle();
  // Delivered and accepted; the bank froze the money, but its ack and declaration were lost.
  assert.deepEqual((await outbound(orderId, "attachment.order")).map((row) => row.status), ["delivered"]);
  assert.equal(exchange.simulators.totalFrozen(people.debtor), 700n * KD);
  assert.deepEqual([(await order(orderId)).status, (await order(orderId)).amount_held], ["sent", 0n]);
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: false });

  // Not yet silent long enough: nothing asked.
  exchange.world.clock.advance((STATUS_QUERY_SECONDS - 1) * 1000);
  await exchange.settle();
  assert.equal((await outbound(orderId, "order.status")).length, 0);

  // The sweep runs every half interval: by then the order has been silent long enough.
  exchange.world.clock.advance((STATUS_QUERY_SECONDS / 2 + 1) * 1000);
  await exchange.settle();
  const asked = await outbound(orderId, "order.status");
  assert.equal(asked.length, 1, "asked once");
  const after = await order(orderId);
  assert.deepEqual([after.status, after.amount_held, after.declaration_sequence], ["executed", 700n * KD, 2], "answered from the bank's state: the next sequence");
  const answers = await inbound(orderId);
  assert.deepEqual(
    answers.map((row) => [row.message_type, row.status, ((typeof row.body === "string" ? JSON.parse(row.body) : row.body) as { inReplyTo: string }).inReplyTo]),
    [
      ["ack", "applied", asked[0]!.message_id],
      ["attachment.declaration", "applied", asked[0]!.message_id],
      // Art. 234(2): the cause and documents of what it holds follow the declaration.
      ["declaration.particulars", "applied", asked[0]!.message_id],
    ],
  );
  // Answered: not asked again, however long after.
  exchange.world.clock.advance(10 * STATUS_QUERY_SECONDS * 1000);
  await exchange.settle();
  assert.equal((await outbound(orderId, "order.status")).length, 1);
});

test("a bank that lost the order itself says so, and the hub sends the order again", async () => {
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: true });
  const orderId = await attachAtNbok(people.otherCreditor, people.companyRep);
  await exchange.settle();
  assert.equal((await order(orderId)).status, "sent");
  // The bank restores an old backup: every order forgotten.
  exchange.simulators.reset();
  exchange.simulators.setBalances(people.companyRep, { NBOK: 300n * KD });
  exchange.world.clock.advance((STATUS_QUERY_SECONDS + 1) * 1000);
  await exchange.settle();
  const answers = await inbound(orderId);
  assert.deepEqual(answers[0] && [answers[0].message_type, answers[0].status], ["rejection", "ignored"], "the refusal of the status query does not reject the order");
  assert.equal((await outbound(orderId, "attachment.order")).length, 2, "the order was sent again");
  const after = await order(orderId);
  assert.deepEqual([after.status, after.amount_held], ["executed", 300n * KD]);
  const kinds = await exchange.database.db.selectFrom("actions").select("action_kind").where("order_id", "=", orderId).execute();
  assert.ok(kinds.some((row) => row.action_kind === "order.resent"));

  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
});

test("after the hub's own restart every order in flight is asked at once; staff ask one bank from the agency monitor", async () => {
  const { askStatusOfOrdersInFlight, requestStatusQueries } = await import("../../src/app/agency-exchange/ask-order-status.ts");
  exchange.simulators.setBalances(people.debtor, { NBOK: 300n * KD });
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: true });
  const first = await attachAtNbok(people.creditor, people.debtor);
  const second = await attachAtNbok(people.creditor, people.debtor);
  await exchange.settle();
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: false });
  assert.deepEqual([(await order(first)).status, (await order(second)).status], ["sent", "sent"]);

  // What the worker's first round does after a start: no waiting for the silence interval.
  const asked = await askStatusOfOrdersInFlight(exchange.database.db, { now: exchange.world.clock.now() });
  assert.equal(asked, 2);
  // Asked, and the query on its way or answered: not asked twice by the same sweep or a staff request.
  await exchange.settle();
  // The first froze the 300 KD; the second finds nothing more: both answered.
  assert.deepEqual([(await order(first)).status, (await order(second)).status], ["executed", "nothing_found"]);
  assert.equal((await outbound(first, "order.status")).length, 1);

  // A staff request: a clerk asks NBOK; nothing is in flight any more (answered), so nothing is asked.
  const clerk = await exchange.world.as(people.clerk);
  assert.deepEqual(await requestStatusQueries(exchange.world.deps, clerk, { agencyKey: "bank:NBOK" }), { asked: 0 });
  await assert.rejects(requestStatusQueries(exchange.world.deps, clerk, { agencyKey: "traffic" }), { code: "STATUS_QUERY_NOT_A_BANK" });
  await assert.rejects(requestStatusQueries(exchange.world.deps, clerk, { orderIds: [first] }), { code: "STATUS_QUERY_NOT_IN_FLIGHT" });
  // One more order left silent: the clerk's request asks about it at once.
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: true });
  const third = await attachAtNbok(people.creditor, people.debtor);
  await exchange.settle();
  exchange.simulators.setFaults("bank:NBOK", { dropReplies: false });
  assert.deepEqual(await requestStatusQueries(exchange.world.deps, clerk, { orderIds: [third] }), { asked: 1 });
  await exchange.settle();
  assert.notEqual((await order(third)).status, "sent");
  await assert.rejects(requestStatusQueries(exchange.world.deps, await exchange.world.as(people.creditor), { agencyKey: "bank:NBOK" }), { code: "FORBIDDEN" });
  const audit = await verifyAudit(exchange.database.db);
  assert.deepEqual([audit.chainProblems, audit.projectionProblems], [[], []]);
});
