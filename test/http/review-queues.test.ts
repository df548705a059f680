/**
 * The back office over HTTP: a travel-ban petition through the judges' queue (filters,
 * assignment, a decision with reasons), a rejection whose reasons the creditor reads on
 * the file page, who may see which queue, and the rules in force.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { signedRequest } from "../support/signing.ts";
import { assertError, travelBanEvidence } from "./helpers.ts";

let harness: HttpHarness;
before(async () => {
  harness = await startHttpHarness();
});
after(() => harness.close());

interface QueueItemBody {
  id: string;
  procedureId: string;
  procedureKind: string;
  fileNumber: string;
  ageWorkingDays: number;
  slaWorkingDays: number;
  dueAt: string;
  overdue: boolean;
  assignedTo: string | null;
}
interface CheckBody {
  id: string;
  outcome: string;
  message: { ar: string; en: string };
}

async function fileAgainst(debtor: string, principalKwd = 10_000n) {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, principalKwd);
  const parties = await harness.database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { id: file.id, debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id };
}

describe("review queues", () => {
  test("a travel ban: judge's queue with filters and service level, assignment, decision; the file page shows the checks", async () => {
    const creditor = await harness.clientFor(people.creditor);
    const judge = await harness.clientFor(people.judge);
    const file = await fileAgainst(people.debtor);
    const requested = await signedRequest(harness, creditor, file.id, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence });
    assert.equal(requested.statusCode, 201, requested.body);
    const ban = requested.json() as { id: string; status: string };
    assert.equal(ban.status, "under_review");

    const queue = await judge.get("/api/v1/queues/judge?procedureKind=travel_ban&assigned=unassigned");
    assert.equal(queue.statusCode, 200, queue.body);
    const item = (queue.json() as { items: QueueItemBody[] }).items.find((candidate) => candidate.procedureId === ban.id)!;
    assert.equal(item.procedureKind, "travel_ban");
    assert.equal(item.slaWorkingDays, 3);
    assert.equal(item.ageWorkingDays, 0);
    assert.equal(item.overdue, false);
    // Entered Sunday 1 March 2026: 3 working days → end of Wednesday 4 March in Kuwait.
    assert.equal(item.dueAt, "2026-03-04T20:59:59.999Z");
    const bankOnly = (await judge.get("/api/v1/queues/judge?procedureKind=bank_attachment")).json() as { items: QueueItemBody[] };
    assert.ok(!bankOnly.items.some((candidate) => candidate.procedureId === ban.id));
    const aged = (await judge.get("/api/v1/queues/judge?minAgeWorkingDays=1")).json() as { items: QueueItemBody[] };
    assert.ok(!aged.items.some((candidate) => candidate.procedureId === ban.id));

    const assigned = await judge.post(`/api/v1/queues/judge/procedures/${ban.id}/assign`, {});
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal((assigned.json() as { assignedTo: string }).assignedTo, people.judge);
    const mine = (await judge.get("/api/v1/queues/judge?assigned=me")).json() as { items: QueueItemBody[] };
    assert.deepEqual(mine.items.map((candidate) => candidate.procedureId), [ban.id]);
    const unassigned = (await judge.get("/api/v1/queues/judge?assigned=unassigned")).json() as { items: QueueItemBody[] };
    assert.ok(!unassigned.items.some((candidate) => candidate.procedureId === ban.id));

    // Four working days later (Thursday, the weekend, then Sunday to Tuesday) it is overdue.
    harness.world.clock.advance(9 * 86_400_000);
    // The sessions above have timed out meanwhile: sign in again.
    const judgeLater = await harness.clientFor(people.judge);
    const late = (await judgeLater.get("/api/v1/queues/judge?minAgeWorkingDays=4")).json() as { items: QueueItemBody[] };
    const lateItem = late.items.find((candidate) => candidate.procedureId === ban.id)!;
    assert.equal(lateItem.overdue, true);
    assert.ok(lateItem.ageWorkingDays >= 4);

    const decided = await judgeLater.post(`/api/v1/files/${file.id}/procedures/${ban.id}/decision`, {
      decision: "grant_in_part",
      reasons: "The debt is certain and due and the flight risk is shown.",
      conditions: "Lapses on deposit of the debt and its accessories.",
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal((decided.json() as { status: string }).status, "ordered");
    const emptied = (await judgeLater.get("/api/v1/queues/judge")).json() as { items: QueueItemBody[] };
    assert.ok(!emptied.items.some((candidate) => candidate.procedureId === ban.id));

    const page = (await (await harness.clientFor(people.creditor)).get(`/api/v1/files/${file.id}`)).json() as { procedures: { id: string; decision: { ruleVersion: string; outcome: string; queue: string; fee: string; checks: CheckBody[] } }[] };
    const decision = page.procedures.find((procedure) => procedure.id === ban.id)!.decision;
    assert.equal(decision.ruleVersion, "kw-2025.1");
    assert.equal(decision.outcome, "refer");
    assert.equal(decision.queue, "judge");
    assert.equal(decision.fee, "10.000");
    assert.ok(decision.checks.every((check) => check.message.ar.length > 0 && check.message.en.length > 0));
  });

  test("a travel ban below the minimum is rejected at once; the creditor reads why on the file page", async () => {
    const creditor = await harness.clientFor(people.creditor);
    // A file whose outstanding is KD 100 once KD 10,060 of it is paid.
    const file = await fileAgainst(people.otherDebtor, 10_000n);
    const clerk = await harness.clientFor(people.clerk);
    const paid = await clerk.post(`/api/v1/files/${file.id}/ledger-entries`, { kind: "payment", amount: "10060.000", source: "cash_at_department", reference: "R-1" });
    assert.equal(paid.statusCode, 201, paid.body);
    const requested = await signedRequest(harness, creditor, file.id, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence });
    assert.equal(requested.statusCode, 201, requested.body);
    const ban = requested.json() as { id: string; status: string };
    assert.equal(ban.status, "rejected");
    const page = (await creditor.get(`/api/v1/files/${file.id}`)).json() as {
      procedures: { id: string; decision: { outcome: string; checks: CheckBody[] } }[];
      timeline: { kind: string; procedureId: string | null; reason: string | null }[];
    };
    const decision = page.procedures.find((procedure) => procedure.id === ban.id)!.decision;
    assert.equal(decision.outcome, "reject");
    const failed = decision.checks.filter((check) => check.outcome === "fail");
    assert.deepEqual(failed.map((check) => check.id), ["travel_ban_minimum"]);
    assert.match(failed[0]!.message.ar, /أقل من الحد الأدنى لمنع السفر \(150\.000 د\.ك\)/);
    assert.match(failed[0]!.message.en, /KD 100\.000\) is below the travel-ban minimum \(KD 150\.000\)/);
    const rejection = page.timeline.find((entry) => entry.kind === "procedure.reject" && entry.procedureId === ban.id)!;
    assert.match(rejection.reason!, /below the travel-ban minimum/);
  });

  test("who may see which queue, and assignment only to staff of the queue", async () => {
    const clerk = await harness.clientFor(people.clerk);
    const creditor = await harness.clientFor(people.creditor);
    assert.equal((await clerk.get("/api/v1/queues/clerk")).statusCode, 200);
    assertError(await clerk.get("/api/v1/queues/judge"), 403, "FORBIDDEN");
    assertError(await creditor.get("/api/v1/queues/clerk"), 403, "FORBIDDEN");
    assertError(await harness.anonymous.get("/api/v1/queues/clerk"), 401, "UNAUTHENTICATED");
    assertError(await clerk.get("/api/v1/queues/nobody"), 400, "VALIDATION_FAILED");
    assertError(await clerk.post("/api/v1/queues/clerk/procedures/00000000-0000-4000-8000-000000000000/assign", {}), 404, "QUEUE_ITEM_NOT_FOUND");

    const file = await fileAgainst(people.debtor);
    const requested = await signedRequest(harness, creditor, file.id, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence });
    const ban = requested.json() as { id: string };
    const judge = await harness.clientFor(people.judge);
    assertError(await judge.post(`/api/v1/queues/judge/procedures/${ban.id}/assign`, { to: people.clerk }), 422, "ASSIGNEE_NOT_STAFF");
    assertError(await judge.post(`/api/v1/queues/clerk/procedures/${ban.id}/assign`, {}), 404, "QUEUE_ITEM_NOT_FOUND");
  });

  test("the rules in force, by date", async () => {
    const creditor = await harness.clientFor(people.creditor);
    const rules = await creditor.get("/api/v1/rules");
    assert.equal(rules.statusCode, 200, rules.body);
    const body = rules.json() as { id: string; values: { fees: Record<string, string>; travelBan: { minimumOutstanding: string }; sla: Record<string, number>; deadlines: { bankDeclarationDays: number } } };
    assert.equal(body.id, "kw-2025.1");
    assert.equal(body.values.fees.travel_ban, "10.000");
    assert.equal(body.values.fees.notice, "5.000");
    assert.equal(body.values.travelBan.minimumOutstanding, "150.000");
    assert.equal(body.values.sla.judge, 3);
    assert.equal(body.values.deadlines.bankDeclarationDays, 10);
    assertError(await creditor.get("/api/v1/rules?at=2024-12-31"), 422, "RULES_NOT_IN_FORCE");
  });

  test("the rules with their sources: every rule with its kind of source, confidence and effective date, and the counts by source", async () => {
    const clerk = await harness.clientFor(people.clerk);
    type Rule = { path: string; value: string; kind: string; reference: string | null; text: string; confidence: string; effectiveFrom: string; sinceVersion: string };
    const later = await clerk.get("/api/v1/rules?at=2026-12-08");
    assert.equal(later.statusCode, 200, later.body);
    const body = later.json() as { id: string; rules: Rule[]; countsBySource: { law: number; resolution: number; policy: number } };
    assert.equal(body.id, "kw-2025.2");
    assert.equal(body.rules.length, body.countsBySource.law + body.countsBySource.resolution + body.countsBySource.policy);
    const service = body.rules.find((rule) => rule.path === "service.whenUnrecorded")!;
    assert.deepEqual([service.value, service.kind, service.confidence, service.effectiveFrom, service.sinceVersion], ["fail", "law", "M", "2026-12-08", "kw-2025.2"]);
    const ban = body.rules.find((rule) => rule.path === "decidedBy.travel_ban")!;
    assert.deepEqual([ban.kind, ban.reference, ban.confidence, ban.effectiveFrom], ["law", "Decree-Law 38/1980, Art. 297", "H", "2025-01-01"]);
    const agencies = body.rules.find((rule) => rule.path === "deadlines.agencyAnswerDays")!;
    assert.deepEqual([agencies.kind, agencies.reference, agencies.confidence], ["policy", null, "U"]);
    const earlier = (await clerk.get("/api/v1/rules?at=2026-12-07")).json() as { id: string; rules: Rule[] };
    assert.equal(earlier.id, "kw-2025.1");
    assert.equal(earlier.rules.find((rule) => rule.path === "service.whenUnrecorded")!.value, "pass");
  });
});
