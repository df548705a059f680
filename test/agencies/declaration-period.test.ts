/**
 * Art. 230(e) (Decree-Law 38/1980): the bank declares what it holds within 10 days of
 * service of the attachment on it. The period counts from service — the order's delivery to
 * the bank, confirmed by its acknowledgement — not from the hub queueing the order: a bank
 * reached three days late still has its ten days. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { dispatchNow, KD, partiesOf } from "../disputes/support.ts";

let database: TestDatabase;
let world: World;
const DAY = 86_400_000;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database?.drop());

const dueOf = async (orderId: string) => (await database.db.selectFrom("agency_orders").select("answer_due_at").where("id", "=", orderId).executeTakeFirstOrThrow()).answer_due_at;

async function sentAttachment(debtor: string) {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  const { debtor: debtorPartyId } = await partiesOf(database.db, file.id);
  const attachment = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 100n * KD, banks: ["NBOK"] });
  await dispatchNow(world, database.db, attachment.id);
  const order = await database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", attachment.id).executeTakeFirstOrThrow();
  return order.id;
}

test("Art. 230(e): the 10 days run from service on the bank (its delivery), not from sending", async () => {
  const queuedAt = world.clock.now();
  const orderId = await sentAttachment(people.debtor);
  assert.equal((await dueOf(orderId))?.toISOString(), new Date(queuedAt.getTime() + 10 * DAY).toISOString(), "provisional: from sending");
  // The bank's endpoint was down: the order reached it three days later (the delivery loop's receipt).
  const deliveredAt = new Date(queuedAt.getTime() + 3 * DAY);
  await database.db.updateTable("agency_messages").set({ status: "delivered", updated_at: deliveredAt }).where("order_id", "=", orderId).where("direction", "=", "out").execute();
  world.clock.advance(4 * DAY);
  await answerAgencyOrder(world.deps, await world.as(people.bankOfficer), orderId, { kind: "acknowledge" });
  // Before: still queuedAt + 10 days, so the bank would be "late" on day 10 with only 7 days since service.
  assert.equal((await dueOf(orderId))?.toISOString(), new Date(deliveredAt.getTime() + 10 * DAY).toISOString());
});

test("Art. 230(e): with no delivery recorded, the bank's acknowledgement is the service the 10 days run from", async () => {
  const orderId = await sentAttachment(people.otherDebtor);
  world.clock.advance(2 * DAY);
  const acknowledgedAt = world.clock.now();
  await answerAgencyOrder(world.deps, await world.as(people.bankOfficer), orderId, { kind: "acknowledge" });
  assert.equal((await dueOf(orderId))?.toISOString(), new Date(acknowledgedAt.getTime() + 10 * DAY).toISOString());
});
