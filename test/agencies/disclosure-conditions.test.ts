/**
 * Art. 204 bis (Decree-Law 38/1980 as amended in 2025): "if a duly notified debtor does not
 * pay, at the creditor's request the director may ask banks, investment companies and the
 * clearing company for a statement of the debtor's present and future funds". So a
 * disclosure is ordered only on a creditor's petition recorded on the file, for a debtor
 * served with the title (past the waiting period) who still owes, by the director's delegate
 * (a judge; not a clerk), and asks for present and future funds. Every refusal has its
 * stable code and writes nothing. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { petitionDisclosure } from "../../src/app/agency-exchange/petition-disclosure.ts";
import { requestDisclosure } from "../../src/app/agency-exchange/request-disclosure.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import type { Db } from "../../src/storage/database.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
const day = 86_400_000;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

async function fileFor(debtor: string, principalKwd = 10_000n) {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, principalKwd);
  const parties = await database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { id: file.id, debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id };
}

async function counts(db: Db) {
  const tables = ["actions", "disclosure_petitions", "disclosure_requests", "agency_messages"] as const;
  const result: Record<string, string> = {};
  for (const table of tables) result[table] = String((await db.selectFrom(table).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return result;
}

async function refused(act: () => Promise<unknown>, code: string) {
  const before = await counts(database.db);
  await assert.rejects(act, (error: { code?: string }) => {
    assert.equal(error.code, code);
    return true;
  });
  assert.deepEqual(await counts(database.db), before, "a refused call wrote something");
}

const serve = async (file: { id: string; debtorPartyId: string }, servedAt: Date, reference: string) =>
  attestTitleService(world.deps, await world.as(people.clerk), { fileId: file.id, debtorPartyId: file.debtorPartyId, servedAt, reference });
const petition = async (file: { id: string; debtorPartyId: string }, who: string = people.creditor) =>
  (await petitionDisclosure(world.deps, await world.as(who), { fileId: file.id, debtorPartyId: file.debtorPartyId, grounds: "Served a week ago; nothing paid." })).petitionId;

describe("Art. 204 bis: the conditions of a disclosure", () => {
  test("Art. 204 bis: no creditor's petition recorded on the file → DISCLOSURE_PETITION_MISSING (before: a clerk or judge could order one on any file)", async () => {
    const file = await fileFor(people.debtor);
    await serve(file, new Date(world.clock.now().getTime() - 3 * day), "PS-204-1");
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId: "00000000-0000-4000-8000-000000000000" }), "DISCLOSURE_PETITION_MISSING");
    // Another file's petition does not count either.
    const other = await fileFor(people.otherDebtor);
    const otherPetition = await petition(other);
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId: otherPetition }), "DISCLOSURE_PETITION_MISSING");
  });

  test("Art. 204 bis: the petition is the creditor's — the debtor and a clerk may not file it", async () => {
    const file = await fileFor(people.debtor);
    await refused(() => petition(file, people.debtor), "FORBIDDEN");
    await refused(() => petition(file, people.clerk), "FORBIDDEN");
    // The creditor's lawyer with the request scope may.
    assert.match(await petition(file, people.lawyer), /^[0-9a-f-]{36}$/);
  });

  test("Art. 204 bis: a debtor not duly notified (no service recorded, or the waiting day not over) → DISCLOSURE_DEBTOR_NOT_NOTIFIED", async () => {
    const file = await fileFor(people.debtor);
    const petitionId = await petition(file);
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId }), "DISCLOSURE_DEBTOR_NOT_NOTIFIED");
    // Served an hour ago: the waiting day of the rules in force is not over.
    await serve(file, new Date(world.clock.now().getTime() - 3_600_000), "PS-204-2");
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId }), "DISCLOSURE_DEBTOR_NOT_NOTIFIED");
  });

  test("Art. 204 bis: a debtor who has paid → DISCLOSURE_DEBT_PAID", async () => {
    const file = await fileFor(people.debtor, 100n);
    await serve(file, new Date(world.clock.now().getTime() - 3 * day), "PS-204-3");
    const petitionId = await petition(file);
    // The claim is KD 100 + 150 costs + 10 fees: the debtor pays it all at the counter.
    await recordLedgerEntry(world.deps, await world.as(people.clerk), { fileId: file.id, kind: "payment", amount: 260_000n, source: "cash_at_department", reference: "COUNTER-204" });
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId }), "DISCLOSURE_DEBT_PAID");
  });

  test("Art. 204 bis: decided by the director's delegate (a judge), not a clerk; granted once; asks every bank and the clearing company for present and future funds", async () => {
    const file = await fileFor(people.debtor);
    await serve(file, new Date(world.clock.now().getTime() - 3 * day), "PS-204-4");
    const petitionId = await petition(file);
    await refused(async () => requestDisclosure(world.deps, await world.as(people.clerk), { fileId: file.id, petitionId }), "FORBIDDEN");
    const granted = await requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId });
    assert.equal(granted.funds, "present_and_future");
    assert.equal(granted.agencies.length, 11);
    assert.ok(granted.agencies.includes("clearing"));
    const messages = await database.db.selectFrom("agency_messages").select(["agency_key", "body"]).where("request_id", "=", granted.requestId).execute();
    assert.equal(messages.length, 11);
    for (const message of messages) assert.equal((message.body as { funds: string }).funds, "present_and_future");
    const stored = await database.db.selectFrom("disclosure_requests").select(["petition_id", "funds", "requested_by"]).where("id", "=", granted.requestId).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { petition_id: petitionId, funds: "present_and_future", requested_by: people.judge });
    const decided = await database.db.selectFrom("disclosure_petitions").select(["status", "decided_by"]).where("id", "=", petitionId).executeTakeFirstOrThrow();
    assert.deepEqual(decided, { status: "granted", decided_by: people.judge });
    // A petition is granted once.
    await refused(async () => requestDisclosure(world.deps, await world.as(people.judge), { fileId: file.id, petitionId }), "DISCLOSURE_PETITION_MISSING");
  });

  test("the audit chain and every projection still verify", async () => {
    const report = await verifyAudit(database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
