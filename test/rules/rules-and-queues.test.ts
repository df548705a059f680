/**
 * The rule set applied to real requests on a real database: the same request judged
 * differently before and after a new rule version, rejection with reasons the creditor
 * sees, the waiting period after service, referral to the right queue, and a judge's
 * grant in part with conditions. Every step keeps the audit chain whole.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { assignReview } from "../../src/app/assign-review-item.ts";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { readFile } from "../../src/app/read-files.ts";
import { readReviewQueue } from "../../src/app/read-review-queue.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { amendRules, kuwaitRules, kw2025 } from "../../src/domain/rules/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
const day = 86_400_000;
const evidence = { debtCertainAndDue: "Final judgment, unpaid.", flightRisk: "Sold his house last week.", abilityToPay: "Salary of KD 2,000." };

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

async function actionsOf(procedureId: string) {
  return database.db.selectFrom("actions").select(["action_kind", "payload", "reason", "actor_role"]).where("procedure_id", "=", procedureId).orderBy("seq").execute();
}

describe("rules applied to requests", () => {
  test("a travel ban is judged by the version in force when it was made: referred the day before, rejected the day after", async () => {
    // From 2 March 2026 (Kuwait) the minimum outstanding for a ban is KD 300.
    const raised = amendRules(kw2025, "test-raised-minimum", "2026-03-02", (values) => ({ ...values, travelBan: { ...values.travelBan, minimumOutstanding: 300_000n } }));
    world.deps.rules = [kw2025, raised];
    try {
      // Outstanding: KD 100 principal + 150 costs + 10 fees = KD 260.
      const first = await fileFor(people.debtor, 100n);
      const second = await fileFor(people.otherDebtor, 100n);
      const before = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "travel_ban", fileId: first.id, debtorPartyId: first.debtorPartyId, evidence });
      assert.equal(before.status, "under_review");
      world.clock.advance(day);
      const afterChange = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "travel_ban", fileId: second.id, debtorPartyId: second.debtorPartyId, evidence });
      assert.equal(afterChange.status, "rejected");
      assert.deepEqual(afterChange.orders, []);

      // The creditor sees why, in Arabic and English, with the rule version.
      const detail = await readFile(world.deps, await world.as(people.creditor), second.id);
      const checks = detail.checks.find((stored) => stored.procedureId === afterChange.id)!;
      assert.equal(checks.ruleVersion, "test-raised-minimum");
      assert.equal(checks.outcome, "reject");
      const failed = (checks.checks as { id: string; outcome: string; message: { ar: string; en: string } }[]).filter((check) => check.outcome === "fail");
      assert.deepEqual(failed.map((check) => check.id), ["travel_ban_minimum"]);
      assert.match(failed[0]!.message.en, /KD 260\.000\) is below the travel-ban minimum \(KD 300\.000\)/);
      assert.match(failed[0]!.message.ar, /أقل من الحد الأدنى لمنع السفر/);
      const earlier = (await readFile(world.deps, await world.as(people.creditor), first.id)).checks[0]!;
      assert.equal(earlier.ruleVersion, "kw-2025.1");

      // The rejection is an action by the rules, its failed checks in the payload, its reason in words.
      const actions = await actionsOf(afterChange.id);
      assert.deepEqual(actions.map((action) => action.action_kind), ["procedure.request", "procedure.reject"]);
      const request = actions[0]!.payload as { ruleVersion: string; checks: unknown[]; fee: string };
      assert.equal(request.ruleVersion, "test-raised-minimum");
      assert.equal(request.checks.length, 7);
      assert.equal(BigInt(request.fee), 10_000n);
      const rejection = actions[1]!;
      assert.equal(rejection.actor_role, "rules");
      assert.deepEqual((rejection.payload as { failedChecks: { id: string }[] }).failedChecks.map((check) => check.id), ["travel_ban_minimum"]);
      assert.match(rejection.reason!, /below the travel-ban minimum/);
    } finally {
      world.deps.rules = kuwaitRules;
    }
  });

  test("the waiting period after service: rejected the same day, approved once it has passed", async () => {
    const file = await fileFor(people.debtor);
    await database.db
      .insertInto("title_services")
      .values({ id: randomUUID(), file_id: file.id, debtor_party_id: file.debtorPartyId, served_at: world.clock.now(), channel: "app", reference: null, recorded_at: world.clock.now() })
      .execute();
    const early = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId });
    assert.equal(early.status, "rejected");
    const reason = (await actionsOf(early.id)).at(-1)!.reason!;
    assert.match(reason, /1-day waiting period/);
    world.clock.advance(day);
    const later = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId });
    assert.equal(later.status, "ordered");
    assert.deepEqual(later.orders.map((order) => order.agencyKey), ["traffic"]);
  });

  test("a bank attachment above the clerk threshold goes to the clerks' queue; a clerk grants it in part for less", async () => {
    world.deps.rules = [amendRules(kw2025, "test-clerk-review", "2025-01-01", (values) => ({ ...values, bankAttachment: { clerkReviewAbove: 500_000n } }))];
    try {
      const file = await fileFor(people.debtor);
      const small = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount: 500_000n, banks: ["NBOK"] });
      assert.equal(small.status, "ordered");
      const large = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount: 2_000_000n, banks: ["NBOK", "KFHO"] });
      assert.equal(large.status, "under_review");

      const clerkQueue = await readReviewQueue(world.deps, await world.as(people.clerk), { queue: "clerk" });
      const item = clerkQueue.find((candidate) => candidate.procedureId === large.id)!;
      assert.equal(item.procedureKind, "bank_attachment");
      assert.equal(item.slaWorkingDays, 2);
      assert.equal(item.assignedTo, null);
      const judgeQueue = await readReviewQueue(world.deps, await world.as(people.judge), { queue: "judge" });
      assert.ok(!judgeQueue.some((candidate) => candidate.procedureId === large.id));

      await assignReview(world.deps, await world.as(people.clerk), { queue: "clerk", procedureId: large.id });
      const mine = await readReviewQueue(world.deps, await world.as(people.clerk), { queue: "clerk", assigned: "me" });
      assert.deepEqual(mine.map((candidate) => candidate.procedureId), [large.id]);

      await assert.rejects(
        decideProcedure(world.deps, await world.as(people.clerk), { fileId: file.id, procedureId: large.id, decision: "grant_in_part", reasons: "x", amount: 2_000_000n }),
        { code: "PARTIAL_GRANT_INVALID" },
      );
      const decided = await decideProcedure(world.deps, await world.as(people.clerk), {
        fileId: file.id,
        procedureId: large.id,
        decision: "grant_in_part",
        reasons: "The debtor's declared balances justify KD 800 only.",
        amount: 800_000n,
      });
      assert.equal(decided.status, "ordered");
      const stored = await database.db.selectFrom("procedures").select("amount").where("id", "=", large.id).executeTakeFirstOrThrow();
      assert.equal(stored.amount, 800_000n);
      const approve = (await actionsOf(large.id)).find((action) => action.action_kind === "procedure.approve")!;
      assert.deepEqual(
        { ...(approve.payload as object), requestedAmount: String((approve.payload as { requestedAmount: unknown }).requestedAmount), grantedAmount: String((approve.payload as { grantedAmount: unknown }).grantedAmount) },
        { event: "approve", automatic: false, decision: "grant_in_part", requestedAmount: "2000000", grantedAmount: "800000" },
      );
      assert.equal(approve.reason, "The debtor's declared balances justify KD 800 only.");
      const after = await readReviewQueue(world.deps, await world.as(people.clerk), { queue: "clerk" });
      assert.ok(!after.some((candidate) => candidate.procedureId === large.id));
    } finally {
      world.deps.rules = kuwaitRules;
    }
  });

  test("a travel ban goes to the judges' queue and is granted with conditions; the orders go to the ports", async () => {
    const file = await fileFor(people.otherDebtor);
    const ban = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "travel_ban", fileId: file.id, debtorPartyId: file.debtorPartyId, evidence });
    assert.equal(ban.status, "under_review");
    const refer = (await actionsOf(ban.id)).find((action) => action.action_kind === "procedure.refer")!;
    assert.equal((refer.payload as { queue: string }).queue, "judge");
    await assert.rejects(readReviewQueue(world.deps, await world.as(people.clerk), { queue: "judge" }), { code: "FORBIDDEN" });
    await assert.rejects(assignReview(world.deps, await world.as(people.judge), { queue: "judge", procedureId: ban.id, to: people.clerk }), { code: "ASSIGNEE_NOT_STAFF" });
    await assignReview(world.deps, await world.as(people.judge), { queue: "judge", procedureId: ban.id });
    const queue = await readReviewQueue(world.deps, await world.as(people.judge), { queue: "judge", procedureKind: "travel_ban", assigned: "me" });
    assert.ok(queue.some((item) => item.procedureId === ban.id));
    const decided = await decideProcedure(world.deps, await world.as(people.judge), {
      fileId: file.id,
      procedureId: ban.id,
      decision: "grant_in_part",
      reasons: "The debt is certain and due; the sale of the house shows a risk of flight.",
      conditions: "The ban lapses if the debtor deposits a bank guarantee of KD 10,000.",
    });
    assert.equal(decided.status, "ordered");
    const orders = await database.db.selectFrom("agency_orders").select("agency_key").where("procedure_id", "=", ban.id).execute();
    assert.deepEqual(orders.map((order) => order.agency_key), ["ports"]);
    const parameters = (await database.db.selectFrom("procedures").select("parameters").where("id", "=", ban.id).executeTakeFirstOrThrow()).parameters as { conditions: string };
    assert.match(parameters.conditions, /bank guarantee/);
    const actions = (await actionsOf(ban.id)).map((action) => action.action_kind);
    assert.deepEqual(actions.slice(0, 5), ["procedure.request", "procedure.refer", "review.assign", "procedure.approve", "order.create"]);
  });

  test("the audit chain and every projection still verify", async () => {
    const report = await verifyAudit(database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
