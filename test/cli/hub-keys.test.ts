/**
 * The hub's agency-channel keys as an operator rotates them, each command its own process:
 * `rotate-hub-key` adds a key (both then published), `list-hub-keys` shows them,
 * `retire-hub-key --kid K` takes the old one out of the published set, never the last one.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadHubKeys } from "../../src/agencies/hub/hub-keys.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../support/database.ts";
import { runTanfeeth, tempDir } from "../support/child.ts";

let databaseEnv: Record<string, string>;
let testDatabase: TestDatabase | undefined;
let dataDir: string | undefined;

function tanfeeth(args: string[]) {
  return runTanfeeth(args, databaseEnv);
}

before(async () => {
  if (testDatabaseUrl) {
    testDatabase = await createTestDatabase();
    databaseEnv = { DATABASE_URL: testDatabase.url! };
  } else {
    dataDir = await tempDir("tanfeeth-hub-keys");
    databaseEnv = { TANFEETH_DATA_DIR: dataDir };
    const migrated = await tanfeeth(["migrate"]);
    assert.equal(migrated.code, 0, migrated.output);
  }
});

after(async () => {
  await testDatabase?.drop();
});

async function publishedKids(): Promise<string[]> {
  const database = testDatabase ?? (await openDatabase({ dataDir: dataDir! }));
  try {
    return (await loadHubKeys(database.db, new Date())).publicJwks.keys.map((key) => key.kid!).sort();
  } finally {
    if (!testDatabase) await database.close();
  }
}

test("rotate publishes a second key; retire removes the old one; the last key is never retired", async () => {
  const first = await tanfeeth(["rotate-hub-key"]);
  assert.equal(first.code, 0, first.output);
  const firstKid = /new hub signing key (\S+):/.exec(first.output)![1]!;
  const second = await tanfeeth(["rotate-hub-key"]);
  const secondKid = /new hub signing key (\S+):/.exec(second.output)![1]!;
  assert.notEqual(firstKid, secondKid);

  const listed = await tanfeeth(["list-hub-keys"]);
  assert.equal(listed.code, 0);
  assert.match(listed.output, new RegExp(`${firstKid}\\s+created \\S+\\s+published`));
  assert.match(listed.output, new RegExp(`${secondKid}\\s+created \\S+\\s+published`));
  assert.deepEqual(await publishedKids(), [firstKid, secondKid].sort());

  const retired = await tanfeeth(["retire-hub-key", "--kid", firstKid]);
  assert.equal(retired.code, 0, retired.output);
  assert.deepEqual(await publishedKids(), [secondKid]);

  const last = await tanfeeth(["retire-hub-key", "--kid", secondKid]);
  assert.equal(last.code, 1);
  assert.match(last.output, /the last signing key/);
  assert.deepEqual(await publishedKids(), [secondKid]);
});
