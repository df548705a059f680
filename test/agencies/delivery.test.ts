/**
 * Delivery rules without the stand-ins: the backoff schedule, dead letters after the last
 * attempt and their re-drive, and agencies that answer in the portal (nothing is sent).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { backoffMs, deliverDueMessages, MAX_ATTEMPTS } from "../../src/agencies/hub/delivery.ts";
import { redriveDead } from "../../src/storage/exchange/repository.ts";
import { directoryFromEndpoints } from "../../src/agencies/hub/directory.ts";
import { loadHubKeys } from "../../src/agencies/hub/hub-keys.ts";
import { queueAgencyMessages } from "../../src/storage/exchange/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { TestClock } from "../support/fixtures.ts";

let database: TestDatabase;
const clock = new TestClock();
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

test("backoff: 5 s, doubling, at most 15 minutes", () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffMs), [5_000, 10_000, 20_000, 40_000]);
  assert.equal(backoffMs(30), 15 * 60_000);
});

async function queueLift(agencyKey: string) {
  const orderId = "00000000-0000-4000-8000-000000000001";
  await database.db.transaction().execute((tx) =>
    queueAgencyMessages(tx, [{ agencyKey, message: { type: "lift.order", orderId, fileNumber: "2026/0000001-4", reason: "test" } }], clock.now()),
  );
}

const statusOf = async (agencyKey: string) =>
  (await database.db.selectFrom("agency_messages").select(["id", "status", "attempts", "last_error"]).where("agency_key", "=", agencyKey).executeTakeFirstOrThrow());

test("an unreachable agency is retried with backoff, then dead; a re-drive queues it again", async () => {
  const keys = await loadHubKeys(database.db, clock.now());
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  const directory = directoryFromEndpoints([{ agencyKey: "bank:GULB", endpoint: "http://127.0.0.1:9/agencies/bank/GULB", jwksUrl: "http://127.0.0.1:9/jwks.json" }]);
  await queueLift("bank:GULB");
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const round = await deliverDueMessages({ db: database.db, directory, keys, now: () => clock.now() });
    const message = await statusOf("bank:GULB");
    assert.equal(message.attempts, attempt);
    if (attempt < MAX_ATTEMPTS) {
      assert.equal(round.retried, 1);
      assert.equal(message.status, "pending");
      // Not due again before its backoff.
      assert.equal((await deliverDueMessages({ db: database.db, directory, keys, now: () => clock.now() })).retried, 0);
      clock.advance(backoffMs(attempt));
    } else {
      assert.equal(round.dead, 1);
      assert.equal(message.status, "dead");
      assert.match(message.last_error ?? "", /unreachable/);
    }
  }
  const dead = await statusOf("bank:GULB");
  assert.equal(await redriveDead(database.db, [dead.id], clock.now()), 1);
  assert.deepEqual({ ...(await statusOf("bank:GULB")), id: 0n, last_error: null }, { id: 0n, status: "pending", attempts: 0, last_error: null });
});

test("a portal-only agency's messages are handed over without any request", async () => {
  const keys = await loadHubKeys(database.db, clock.now());
  const directory = directoryFromEndpoints([{ agencyKey: "bank:WRBA", endpoint: "http://127.0.0.1:9/never", jwksUrl: "http://127.0.0.1:9/never", portalOnly: true }]);
  await queueLift("bank:WRBA");
  const round = await deliverDueMessages({ db: database.db, directory, keys, now: () => clock.now() });
  assert.equal(round.delivered, 1);
  assert.equal((await statusOf("bank:WRBA")).status, "delivered");
});
