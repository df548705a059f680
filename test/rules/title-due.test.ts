/**
 * Art. 190 (Decree-Law 38/1980): a title is enforceable only for a right that is certain,
 * fixed in amount and **due**. From rule version kw-2025.3 (9 December 2026) a request on a
 * title whose right falls due after the request (its `dueOn`) fails its title check; under
 * kw-2025.2 (the old behaviour) the due day was never looked at and the request passed.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ExecutoryTitle } from "../../src/domain/file/title.ts";
import { evaluateRequest, kuwaitRules, ruleVersionFor, type RequestFacts } from "../../src/domain/rules/index.ts";

const title: ExecutoryTitle = { type: "notarized_instrument", court: "إدارة التوثيق", caseNumber: "2026/77", issuedOn: "2026-11-01", isFinal: true, hasExecutoryFormula: true, grantsInterest: false, dueOn: "2027-01-15" };
const facts = (requestedAt: string, overrides: Partial<RequestFacts> = {}): RequestFacts => ({
  kind: "vehicle_seizure",
  requestedAt: new Date(requestedAt),
  titles: [title],
  outstanding: 5_000_000n,
  amount: null,
  titleServedAt: new Date("2026-11-20T08:00:00Z"),
  ...overrides,
});

const judged = (requestedAt: string, overrides: Partial<RequestFacts> = {}) => {
  const request = facts(requestedAt, overrides);
  return evaluateRequest(request, ruleVersionFor(kuwaitRules, request.requestedAt));
};
const titleCheck = (decision: ReturnType<typeof evaluateRequest>) => decision.checks.find((check) => check.id === "title_enforceable")!;

describe("Art. 190: the right must be due (rule kw-2025.3)", () => {
  test("a right falling due on 15 January 2027 is not enforced in December 2026; it passed under kw-2025.2", () => {
    const old = judged("2026-12-08T08:00:00Z");
    assert.equal(old.ruleVersion, "kw-2025.2");
    assert.equal(titleCheck(old).outcome, "pass", "before kw-2025.3 the due day was not checked");

    const now = judged("2026-12-09T08:00:00Z");
    assert.equal(now.ruleVersion, "kw-2025.3");
    assert.equal(now.outcome, "reject");
    const check = titleCheck(now);
    assert.equal(check.outcome, "fail");
    assert.deepEqual((check.details as { failures: string[] }).failures, ["not_due"]);
    assert.match(check.message.en, /not yet due \(Art\. 190\)/);
    assert.match(check.message.ar, /لم يحل أجله/);
    assert.equal(check.rule?.path, "titles.dueChecked");
    assert.equal(check.rule?.kind, "law");
  });

  test("on its due day, and for a title due on issue, the title check passes", () => {
    assert.equal(titleCheck(judged("2027-01-15T06:00:00Z")).outcome, "pass");
    assert.equal(titleCheck(judged("2026-12-09T08:00:00Z", { titles: [{ ...title, dueOn: null }] })).outcome, "pass");
    assert.equal(titleCheck(judged("2026-12-09T08:00:00Z", { titles: [{ ...title, dueOn: undefined }] })).outcome, "pass");
  });
});
