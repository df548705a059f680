import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { canProcedure, procedureKinds } from "../procedures/index.ts";
import type { ExecutoryTitle } from "../file/title.ts";
import {
  agencyAnswerDueAt,
  creditorReportTiming,
  amendRules,
  evaluateRequest,
  failureReasons,
  kuwaitRules,
  kw2025,
  missingTravelBanEvidence,
  ruleVersionAt,
  ruleVersionFor,
  serviceLevel,
  type RequestFacts,
} from "./index.ts";

const title: ExecutoryTitle = { type: "final_judgment", court: "c", caseNumber: "1", issuedOn: "2025-11-02", isFinal: true, hasExecutoryFormula: true, grantsInterest: false };
const evidence = { debtCertainAndDue: "final judgment", flightRisk: "one-way ticket", abilityToPay: "salary" };
const kd = (n: number) => BigInt(n) * 1000n;
const facts = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
  kind: "travel_ban",
  requestedAt: new Date("2026-03-01T08:00:00Z"),
  titles: [title],
  outstanding: kd(1000),
  amount: null,
  titleServedAt: null,
  evidence,
  ...overrides,
});

// A later version raising the travel-ban minimum to KD 300 from 2026-04-01, and the waiting period to 3 days.
const kw2026 = amendRules(kw2025, "test-2026.1", "2026-04-01", (values) => ({
  ...values,
  travelBan: { ...values.travelBan, minimumOutstanding: kd(300) },
  service: { ...values.service, waitingDays: 3 },
  fees: { ...values.fees, travel_ban: kd(15) },
}));
const rules = [kw2025, kw2026];

describe("rule versions", () => {
  test("the version in force is chosen by the Kuwait date of the request", () => {
    assert.equal(ruleVersionAt(rules, "2026-03-31").id, "kw-2025.1");
    assert.equal(ruleVersionAt(rules, "2026-04-01").id, "test-2026.1");
    assert.throws(() => ruleVersionAt(rules, "2024-12-31"), { code: "RULES_NOT_IN_FORCE" });
    assert.equal(ruleVersionAt(kuwaitRules, "2026-03-01").id, "kw-2025.1");
  });

  test("a travel ban over KD 200 made the day before the new version passes; the day after it fails", () => {
    const before = new Date("2026-03-31T20:00:00Z"); // 23:00 in Kuwait, 31 March
    const after = new Date("2026-03-31T21:00:00Z"); // 00:00 in Kuwait, 1 April
    const judge = (at: Date) => evaluateRequest(facts({ requestedAt: at, outstanding: kd(200) }), ruleVersionFor(rules, at));
    const old = judge(before);
    assert.equal(old.ruleVersion, "kw-2025.1");
    assert.equal(old.outcome, "refer");
    assert.equal(old.queue, "judge");
    assert.equal(old.fee, kd(10));
    const later = judge(after);
    assert.equal(later.ruleVersion, "test-2026.1");
    assert.equal(later.outcome, "reject");
    assert.equal(later.fee, kd(15));
    const minimum = later.checks.find((check) => check.id === "travel_ban_minimum")!;
    assert.equal(minimum.outcome, "fail");
    assert.match(minimum.message.en, /below the travel-ban minimum \(KD 300\.000\)/);
    assert.match(minimum.message.ar, /أقل من الحد الأدنى/);
    assert.match(failureReasons(later).en, /KD 200\.000/);
  });

  test("the waiting period after service: 1 day under the first version, 3 under the next", () => {
    const servedAt = new Date("2026-04-05T06:00:00Z");
    const requestedAt = new Date("2026-04-06T08:00:00Z");
    const oldRules = evaluateRequest(facts({ kind: "vehicle_seizure", titleServedAt: servedAt, requestedAt }), kw2025);
    assert.equal(oldRules.outcome, "approve");
    const newRules = evaluateRequest(facts({ kind: "vehicle_seizure", titleServedAt: servedAt, requestedAt }), kw2026);
    assert.equal(newRules.outcome, "reject");
    const service = newRules.checks.find((check) => check.id === "title_served")!;
    assert.deepEqual(service.details, { servedOn: "2026-04-05", mayStartOn: "2026-04-08", waitingDays: 3 });
  });

  test("an unrecorded service follows the version's setting", () => {
    const refer = amendRules(kw2025, "t-refer", "2026-01-01", (values) => ({ ...values, service: { ...values.service, whenUnrecorded: "refer" } }));
    const decision = evaluateRequest(facts({ kind: "bank_attachment", amount: kd(100) }), refer);
    assert.equal(decision.outcome, "refer");
    assert.equal(decision.queue, "clerk");
    const fail = amendRules(kw2025, "t-fail", "2026-01-01", (values) => ({ ...values, service: { ...values.service, whenUnrecorded: "fail" } }));
    assert.equal(evaluateRequest(facts({ kind: "bank_attachment", amount: kd(100) }), fail).outcome, "reject");
  });

  test("Decree-Law 38/1980 (service of the title before enforcement, void otherwise): from kw-2025.2 no request passes on an unrecorded service", () => {
    // Made on 8 December 2026 (Kuwait), the first day of kw-2025.2, with no service of the title recorded.
    const requestedAt = new Date("2026-12-07T21:00:00Z");
    const version = ruleVersionFor(kuwaitRules, requestedAt);
    assert.equal(version.id, "kw-2025.2");
    assert.equal(version.sources["service.whenUnrecorded"].kind, "law");
    for (const kind of ["bank_attachment", "vehicle_seizure", "travel_ban"] as const) {
      const decision = evaluateRequest(facts({ kind, requestedAt, amount: kind === "bank_attachment" ? kd(100) : null }), version);
      assert.equal(decision.outcome, "reject", kind);
      const service = decision.checks.find((check) => check.id === "title_served")!;
      assert.equal(service.outcome, "fail");
      assert.match(service.message.en, /enforcement before service is void/);
      assert.match(failureReasons(decision).ar, /لم يُعلَن السند/);
    }
    // A recorded service (a clerk's attestation or a notice's proof: both are a service date) passes after the waiting day.
    const served = evaluateRequest(facts({ kind: "vehicle_seizure", requestedAt, titleServedAt: new Date("2026-12-01T06:00:00Z") }), version);
    assert.equal(served.outcome, "approve");
    // The old version keeps deciding what was asked under it: the day before, the same request was judged by kw-2025.1.
    const dayBefore = new Date("2026-12-07T20:59:59Z");
    const old = ruleVersionFor(kuwaitRules, dayBefore);
    assert.equal(old.id, "kw-2025.1");
    assert.equal(evaluateRequest(facts({ kind: "vehicle_seizure", requestedAt: dayBefore }), old).outcome, "approve");
  });

  test("each check names the rule it applied and the rule's source: the law (Art. 297) or department policy", () => {
    const decision = evaluateRequest(facts(), kw2025);
    const rules = Object.fromEntries(decision.checks.map((check) => [check.id, [check.rule?.path, check.rule?.kind, check.rule?.reference.en]]));
    assert.deepEqual(rules.decided_by, ["decidedBy.travel_ban", "law", "Decree-Law 38/1980, Art. 297"]);
    assert.deepEqual(rules.evidence_flight_risk, ["decidedBy.travel_ban", "law", "Decree-Law 38/1980, Art. 297"]);
    assert.deepEqual(rules.travel_ban_minimum, ["travelBan.minimumOutstanding", "policy", "Department policy"]);
    assert.deepEqual(rules.title_served, ["service.whenUnrecorded", "policy", "Department policy"]);
    assert.equal(decision.checks.find((check) => check.id === "travel_ban_minimum")!.rule!.reference.ar, "سياسة الإدارة");
    const later = evaluateRequest(facts({ requestedAt: new Date("2026-12-08T08:00:00Z") }), ruleVersionFor(kuwaitRules, new Date("2026-12-08T08:00:00Z")));
    assert.deepEqual(later.checks.find((check) => check.id === "title_served")!.rule, {
      path: "service.whenUnrecorded",
      kind: "law",
      reference: { ar: "Decree-Law 38/1980, Book 3 (service of the executory title before enforcement)", en: "Decree-Law 38/1980, Book 3 (service of the executory title before enforcement)" },
    });
  });

  test("every check is recorded with its outcome and text in both languages", () => {
    const decision = evaluateRequest(facts(), kw2025);
    assert.deepEqual(
      decision.checks.map((check) => [check.id, check.outcome]),
      [
        ["title_enforceable", "pass"],
        ["title_served", "pass"],
        ["evidence_debt_certain", "pass"],
        ["evidence_flight_risk", "pass"],
        ["evidence_ability_to_pay", "pass"],
        ["travel_ban_minimum", "pass"],
        ["decided_by", "refer"],
      ],
    );
    for (const check of decision.checks) assert.ok(check.message.ar.length > 0 && check.message.en.length > 0);
  });

  test("enforceability reuses the title's rule, with the version's list of provisionally enforceable titles", () => {
    const notFinal = { ...title, type: "payment_order" as const, isFinal: false };
    assert.equal(evaluateRequest(facts({ kind: "vehicle_seizure", titles: [notFinal] }), kw2025).outcome, "approve");
    const strict = amendRules(kw2025, "t-strict", "2026-01-01", (values) => ({ ...values, titles: { ...values.titles, enforceableBeforeFinal: ["provisional_judgment"] } }));
    const decision = evaluateRequest(facts({ kind: "vehicle_seizure", titles: [notFinal] }), strict);
    assert.equal(decision.outcome, "reject");
    assert.deepEqual(decision.checks[0]!.details, { failures: ["not_final"] });
    assert.equal(evaluateRequest(facts({ kind: "vehicle_seizure", titles: [{ ...title, hasExecutoryFormula: false }] }), kw2025).outcome, "reject");
  });

  test("Art. 190: the kinds of executory title are a rule value: a kind the version does not list fails title_enforceable", () => {
    const notarized = { ...title, type: "notarized_instrument" as const };
    assert.equal(evaluateRequest(facts({ kind: "vehicle_seizure", titles: [notarized] }), kw2025).outcome, "approve");
    assert.ok(kw2025.values.titles.enforceable.includes("notarized_instrument"));
    assert.equal(kw2025.sources["titles.enforceable"].kind, "law");
    const narrower = amendRules(kw2025, "t-titles", "2026-01-01", (values) => ({ ...values, titles: { ...values.titles, enforceable: ["final_judgment", "provisional_judgment", "payment_order", "ratified_settlement"] } }));
    const decision = evaluateRequest(facts({ kind: "vehicle_seizure", titles: [notarized] }), narrower);
    assert.equal(decision.outcome, "reject");
    assert.deepEqual(decision.checks[0]!.details, { failures: ["type_not_enforceable"] });
    assert.match(decision.checks[0]!.message.en, /not an executory title under the rules in force \(Art\. 190\)/);
    assert.deepEqual([decision.checks[0]!.rule?.path, decision.checks[0]!.rule?.reference.en], ["titles.enforceable", "Decree-Law 38/1980, Art. 190"]);
  });

  test("missing evidence fails its own check", () => {
    const decision = evaluateRequest(facts({ evidence: { ...evidence, flightRisk: "  " } }), kw2025);
    assert.equal(decision.outcome, "reject");
    assert.deepEqual(decision.checks.filter((c) => c.outcome === "fail").map((c) => c.id), ["evidence_flight_risk"]);
    assert.deepEqual(missingTravelBanEvidence({ ...evidence, abilityToPay: "" }), ["abilityToPay"]);
  });

  test("a bank attachment above a configured threshold goes to a clerk", () => {
    const review = amendRules(kw2025, "t-review", "2026-01-01", (values) => ({ ...values, bankAttachment: { clerkReviewAbove: kd(5000) } }));
    assert.equal(evaluateRequest(facts({ kind: "bank_attachment", amount: kd(5000) }), review).outcome, "approve");
    const big = evaluateRequest(facts({ kind: "bank_attachment", amount: kd(5001) }), review);
    assert.deepEqual([big.outcome, big.queue], ["refer", "clerk"]);
  });

  test("every shipped version agrees with the state machines on who may approve", () => {
    for (const version of kuwaitRules) {
      for (const kind of procedureKinds) {
        if (version.values.decidedBy[kind] === "automatic") assert.ok(canProcedure(kind, "requested", "approve"), `${version.id}: ${kind}`);
      }
      assert.equal(version.values.decidedBy.travel_ban, "judge");
    }
    // A version that wrongly approved bans automatically is still referred to a judge.
    const wrong = amendRules(kw2025, "t-wrong", "2026-01-01", (values) => ({ ...values, decidedBy: { ...values.decidedBy, travel_ban: "automatic" } }));
    const decision = evaluateRequest(facts(), wrong);
    assert.deepEqual([decision.outcome, decision.queue], ["refer", "judge"]);
  });

  test("salary caps and unseizable categories are data", () => {
    assert.ok(kw2025.values.salary.caps.every((cap) => cap.maxShareBps <= kw2025.values.salary.legalMaximumBps));
    assert.ok(kw2025.values.salary.unseizable.some((category) => category.id === "social_assistance"));
  });

  test("service levels count working days; agency deadlines come from the rules", () => {
    // Entered Tuesday 24 Feb 2026; 25–26 Feb are holidays, 27–28 the weekend: 3 working days → Tuesday 3 March.
    const level = serviceLevel("judge", new Date("2026-02-24T07:00:00Z"), new Date("2026-03-02T07:00:00Z"), kw2025);
    assert.equal(level.dueAt.toISOString(), "2026-03-03T20:59:59.999Z");
    assert.equal(level.ageWorkingDays, 2);
    assert.equal(level.overdue, false);
    assert.equal(serviceLevel("judge", new Date("2026-02-24T07:00:00Z"), new Date("2026-03-04T07:00:00Z"), kw2025).overdue, true);
    const sent = new Date("2026-03-01T00:00:00Z");
    assert.equal(agencyAnswerDueAt("bank:NBOK", sent, kw2025).toISOString(), "2026-03-11T00:00:00.000Z");
    assert.equal(agencyAnswerDueAt("traffic", sent, kw2025).toISOString(), "2026-03-02T00:00:00.000Z");
  });
});

describe("kw-2025.4 (10 December 2026): the notice fee and the Art. 298(b) week", () => {
  test("LEGAL.md fees (notices KD 5): a request owes the order's KD 10 and, from kw-2025.4, the notice's KD 5; kw-2025.3 keeps KD 10", () => {
    const seizure = (at: string) => evaluateRequest(facts({ kind: "vehicle_seizure", requestedAt: new Date(at), titleServedAt: new Date("2026-12-01T08:00:00Z") }), ruleVersionFor(kuwaitRules, new Date(at)));
    const before = seizure("2026-12-09T08:00:00Z");
    assert.equal(before.ruleVersion, "kw-2025.3");
    assert.equal(before.fee, kd(10));
    assert.deepEqual(before.feeItems, [{ item: "order", amount: kd(10) }]);
    const after = seizure("2026-12-10T08:00:00Z");
    assert.equal(after.ruleVersion, "kw-2025.4");
    assert.equal(after.fee, kd(15));
    assert.deepEqual(after.feeItems, [
      { item: "order", amount: kd(10) },
      { item: "notice", amount: kd(5) },
    ]);
    assert.equal(ruleVersionAt(kuwaitRules, "2026-12-10").sources["feeCollection.noticeWithRequest"].kind, "policy");
  });

  test("Art. 298(b): the creditor's week counts from the day received; kw-2025.3 reads it nowhere", () => {
    const v3 = ruleVersionAt(kuwaitRules, "2026-12-09");
    const v4 = ruleVersionAt(kuwaitRules, "2026-12-10");
    assert.equal(creditorReportTiming(v3, "2026-11-01", "2026-12-09"), null);
    assert.deepEqual(creditorReportTiming(v4, "2026-12-03", "2026-12-10"), { reportBy: "2026-12-10", daysLate: 0 });
    assert.deepEqual(creditorReportTiming(v4, "2026-12-02", "2026-12-10"), { reportBy: "2026-12-09", daysLate: 1 });
    assert.throws(() => creditorReportTiming(v4, null, "2026-12-10"), /VALIDATION_FAILED|receivedOn/);
  });
});
