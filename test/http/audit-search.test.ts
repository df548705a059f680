/**
 * The auditors' search of the action log (GET /api/v1/audit/actions): filters by file (id
 * or number), actor, kind (exact or prefix) and Kuwait dates; newest first; keyset pages
 * that neither repeat nor skip; each search recorded in the auditor's stream; bad input
 * refused with VALIDATION_FAILED, writing nothing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { assertError, assertWritesNothing } from "./helpers.ts";

let harness: HttpHarness;
let auditor: Client;
let first: { id: string; number: string };
let second: { id: string; number: string };

interface Found {
  actions: { id: string; kind: string; fileId: string | null; fileNumber: string | null; actor: string; actorRole: string; occurredAt: string; stream: string; seq: number; hash: string }[];
  nextCursor: string | null;
}

before(async () => {
  harness = await startHttpHarness();
  first = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  // A day later (Kuwait dates differ), a second file and a request on it.
  harness.world.clock.advance(86_400_000);
  second = await harness.world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor });
  const party = await harness.database.db.selectFrom("file_parties").select("id").where("file_id", "=", second.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  await requestProcedure(harness.world.deps, await harness.world.as(people.otherCreditor), { kind: "vehicle_seizure", fileId: second.id, debtorPartyId: party.id });
  // Signed in after the clock moved (a session idles out in a day).
  auditor = await harness.clientFor(people.auditor);
});
after(() => harness?.close());

const search = async (query: string): Promise<Found> => {
  const response = await auditor.get(`/api/v1/audit/actions?${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as Found;
};

test("by file number or id: that file's actions only, newest first, with the file's number", async () => {
  const byNumber = await search(`fileNumber=${encodeURIComponent(first.number)}`);
  assert.ok(byNumber.actions.length > 0);
  assert.ok(byNumber.actions.every((action) => action.fileId === first.id && action.fileNumber === first.number));
  assert.equal(byNumber.actions.at(-1)!.kind, "file.open", "the oldest last");
  const byId = await search(`fileId=${first.id}`);
  assert.deepEqual(byId.actions.map((action) => action.id), byNumber.actions.map((action) => action.id));
  const times = byId.actions.map((action) => action.occurredAt);
  assert.deepEqual(times, [...times].sort().reverse());
  assert.deepEqual((await search("fileNumber=0000-NOPE")).actions, [], "a number of no file finds nothing");
  assert.deepEqual((await search(`fileId=${first.id}&fileNumber=${encodeURIComponent(second.number)}`)).actions, [], "an id and a number that disagree find nothing");
});

test("by actor and by kind, exact or a prefix", async () => {
  const requests = await search(`actor=${people.otherCreditor}`);
  assert.ok(requests.actions.length > 0);
  assert.ok(requests.actions.every((action) => action.actor === people.otherCreditor));
  assert.ok(requests.actions.some((action) => action.kind === "procedure.request"));
  const opened = await search("kind=file.open");
  assert.deepEqual(new Set(opened.actions.map((action) => action.fileId)), new Set([first.id, second.id]));
  assert.ok(opened.actions.every((action) => action.kind === "file.open"));
  const procedures = await search(`kind=procedure.&fileId=${second.id}`);
  assert.ok(procedures.actions.length >= 1);
  assert.ok(procedures.actions.every((action) => action.kind.startsWith("procedure.")));
  assert.deepEqual((await search("kind=procedure")).actions, [], "without the dot, kind is exact");
});

test("by Kuwait dates, both included", async () => {
  const firstDay = new Date("2026-03-01T08:00:00.000Z").toISOString().slice(0, 10);
  const day = await search(`from=${firstDay}&to=${firstDay}&kind=file.open`);
  assert.deepEqual(day.actions.map((action) => action.fileId), [first.id]);
  const later = await search(`from=2026-03-02&kind=file.open`);
  assert.deepEqual(later.actions.map((action) => action.fileId), [second.id]);
});

test("pages follow each other without repeating or skipping", async () => {
  const all = await search("limit=200");
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Found = await search(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
    seen.push(...page.actions.map((action) => action.id));
    cursor = page.nextCursor;
  } while (cursor);
  // Each search adds its own record; compare the actions that existed before paging began.
  const before = new Set(all.actions.map((action) => action.id));
  assert.deepEqual(seen.filter((id) => before.has(id)), all.actions.map((action) => action.id));
  assert.equal(new Set(seen).size, seen.length);
});

test("each search is recorded in the auditor's own stream", async () => {
  await search(`fileNumber=${encodeURIComponent(second.number)}&kind=file.`);
  const logged = await search(`actor=${people.auditor}&kind=audit.search&limit=1`);
  const [last] = logged.actions;
  assert.equal(last?.stream, `subject:${people.auditor}`);
  assert.equal(last?.actorRole, "auditor");
  const row = await harness.database.db.selectFrom("actions").select("payload").where("id", "=", BigInt(last!.id)).executeTakeFirstOrThrow();
  // The newest record found is the search before this one (a search is recorded once it has read).
  assert.deepEqual((row.payload as { filters: unknown }).filters, { fileNumber: second.number, kind: "file." });
});

test("bad input is refused and writes nothing", async () => {
  const cursorOf = (text: string) => Buffer.from(text).toString("base64url");
  for (const query of [
    "from=2026-03-05&to=2026-03-01",
    "from=2026-13-45",
    "to=2026-02-30",
    "cursor=not-a-cursor",
    `cursor=${cursorOf("2026-03-01T08:00:00.000Z|99999999999999999999")}`,
    `cursor=${cursorOf("2026-03-01T08:00:00.000Z|9223372036854775808")}`,
    "kind=DROP%20TABLE",
    "from=01-03-2026",
    "fileId=42",
    "limit=500",
    "unknown=1",
  ]) {
    await assertWritesNothing(harness.database.db, async () => assertError(await auditor.get(`/api/v1/audit/actions?${query}`), 400, "VALIDATION_FAILED"));
  }
});
