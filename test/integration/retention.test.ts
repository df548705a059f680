/**
 * Retention: operational rows past their time go, fresh ones and the enforcement record
 * stay. Sessions and sign-in failures are made the way the app makes them, then aged.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { retentionRules } from "../../src/domain/retention/policy.ts";
import { purgeExpired } from "../../src/storage/retention.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

const DAY = 86_400_000;

test("sessions and sign-in failures past retention are purged; recent ones, files and the action log are kept", async () => {
  const now = world.clock.now();
  const old = await createSession(database.db, people.creditor, new Date(now.getTime() - 200 * DAY));
  const recent = await createSession(database.db, people.debtor, new Date(now.getTime() - 2 * DAY));
  await database.db
    .insertInto("idp_sign_in_failures")
    .values([
      { civil_id: people.debtor, reason: "rejected", failed_at: new Date(now.getTime() - 40 * DAY) },
      { civil_id: people.debtor, reason: "rejected", failed_at: new Date(now.getTime() - 1 * DAY) },
    ])
    .execute();
  await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const actionsBefore = await database.db.selectFrom("actions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();

  const purged = await purgeExpired(database.db, now);
  assert.deepEqual(Object.keys(purged).sort(), retentionRules.map((rule) => rule.table).sort());
  assert.equal(purged.sessions, 1);
  assert.equal(purged.idp_sign_in_failures, 1);

  const sessions = await database.db.selectFrom("sessions").select("token_hash").execute();
  assert.equal(sessions.length, 1, "the recent session stays");
  assert.notEqual(old.token, recent.token);
  const failures = await database.db.selectFrom("idp_sign_in_failures").select("failed_at").execute();
  assert.equal(failures.length, 1);
  const actionsAfter = await database.db.selectFrom("actions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  assert.equal(actionsAfter.n, actionsBefore.n, "the action log is never purged");
  assert.equal((await database.db.selectFrom("enforcement_files").select("id").execute()).length, 1);

  assert.deepEqual(Object.values(await purgeExpired(database.db, now)).filter((count) => count > 0), [], "a second run has nothing to do");
});
