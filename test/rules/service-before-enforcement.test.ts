/**
 * Service of the title before enforcement (Decree-Law 38/1980, Book 3; LEGAL.md, M:
 * enforcement before service is void), from rule version kw-2025.2 (8 December 2026): a
 * request whose debtor has no service recorded is rejected with its reason; once a clerk
 * attests the process server's report (or an electronic notice's legal effect records the
 * service, test/back-office/title-service.test.ts) the request passes after the waiting day.
 * A request made the day before the version, under kw-2025.1, keeps its decision. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openFile } from "../../src/app/open-file.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { amendRules, kuwaitRules } from "../../src/domain/rules/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, titleInput, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
const day = 86_400_000;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

async function fileFor(debtor: string) {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  const parties = await database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { id: file.id, debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id };
}

const seizure = async (file: { id: string; debtorPartyId: string }) =>
  requestProcedure(world.deps, await world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId });

describe("no enforcement without recorded service (Decree-Law 38/1980, service of the title; rule kw-2025.2)", () => {
  test("unserved: passed under kw-2025.1 the day before; rejected under kw-2025.2; passes once a clerk attests service", async () => {
    // 7 December 2026, 23:00 in Kuwait: the last hour of kw-2025.1.
    world.clock.advance(Date.parse("2026-12-07T20:00:00Z") - world.clock.now().getTime());
    const earlier = await fileFor(people.otherDebtor);
    const underOld = await seizure(earlier);
    assert.equal(underOld.status, "ordered");

    world.clock.advance(2 * 3_600_000); // 8 December, 01:00 in Kuwait
    const file = await fileFor(people.debtor);
    const refused = await seizure(file);
    assert.equal(refused.status, "rejected");
    assert.deepEqual(refused.orders, []);
    const detail = await readFile(world.deps, await world.as(people.creditor), file.id);
    const checks = detail.checks.find((stored) => stored.procedureId === refused.id)!;
    assert.equal(checks.ruleVersion, "kw-2025.2");
    const service = (checks.checks as { id: string; outcome: string; message: { ar: string; en: string } }[]).find((check) => check.id === "title_served")!;
    assert.equal(service.outcome, "fail");
    assert.match(service.message.en, /has not been served on the debtor; enforcement before service is void/);
    assert.match(service.message.ar, /التنفيذ قبل الإعلان باطل/);
    // The earlier request keeps the version that decided it.
    const earlierDetail = await readFile(world.deps, await world.as(people.creditor), earlier.id);
    assert.equal(earlierDetail.checks.find((stored) => stored.procedureId === underOld.id)!.ruleVersion, "kw-2025.1");

    // The process server served the title on 6 December; the clerk attests it from the report.
    await attestTitleService(world.deps, await world.as(people.clerk), { fileId: file.id, debtorPartyId: file.debtorPartyId, servedAt: new Date("2026-12-06T07:00:00Z"), reference: "PS-2026-0001" });
    world.clock.advance(day);
    const allowed = await seizure(file);
    assert.equal(allowed.status, "ordered");
    assert.equal(allowed.orders.length, 1);
    const report = await verifyAudit(database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });

  test("Art. 190: the kinds of title are the rules' — a file is not opened on a kind the version in force does not list", async () => {
    const latest = kuwaitRules.at(-1)!;
    const narrower = amendRules(latest, "test-titles", "2026-12-01", (values) => ({ ...values, titles: { ...values.titles, enforceable: values.titles.enforceable.filter((kind) => kind !== "notarized_instrument") } }));
    world.deps.rules = [...kuwaitRules.filter((version) => version.effectiveFrom < "2026-12-01"), narrower];
    try {
      const input = { title: titleInput({ type: "notarized_instrument" }), creditors: [{ civilId: people.creditor }], debtors: [{ civilId: people.debtor }], claim: { principal: 1_000_000n, costs: 0n, fees: 0n, interest: 0n } };
      await assert.rejects(openFile(world.deps, await world.as(people.clerk), input), (error: { code?: string; details?: { failures?: string[] } }) => {
        assert.equal(error.code, "FILE_NOT_ENFORCEABLE");
        assert.deepEqual(error.details?.failures, ["type_not_enforceable"]);
        return true;
      });
      world.deps.rules = kuwaitRules;
      const opened = await openFile(world.deps, await world.as(people.clerk), input);
      assert.match(opened.number, /\//);
    } finally {
      world.deps.rules = kuwaitRules;
    }
  });
});
