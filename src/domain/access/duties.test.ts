import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DomainError } from "../errors.ts";
import { amendRules, kw2025 } from "../rules/rule-set.ts";
import { conflictOnFile, isDecidingRole, refuseOwnProposalDecision, refuseRoleCombination, refuseSelfRoleChange } from "./duties.ts";
import type { Subject } from "./subject.ts";

const person = (civilId: string, extra: Partial<Subject> = {}): Subject => ({ civilId, staffRoles: [{ role: "judge", agencyKey: null }], companies: [], mandates: [], ...extra });
const code = (act: () => void) => {
  try {
    act();
  } catch (error) {
    return error instanceof DomainError ? error.code : "other";
  }
  return "allowed";
};

describe("separation of duties (pure rules)", () => {
  test("the deciding roles are judge, clerk, administrator and auditor; an agency officer's is not", () => {
    assert.deepEqual((["judge", "clerk", "administrator", "auditor", "agency_officer"] as const).map(isDecidingRole), [true, true, true, true, false]);
  });

  test("nobody changes their own roles; the proposer and the person named do not decide a proposal", () => {
    assert.equal(code(() => refuseSelfRoleChange(person("1"), "1")), "SELF_ROLE_CHANGE");
    assert.equal(code(() => refuseSelfRoleChange(person("1"), "2")), "allowed");
    const proposal = { id: "p", proposedBy: "1", civilId: "2" };
    assert.equal(code(() => refuseOwnProposalDecision(person("1"), proposal)), "ROLE_PROPOSAL_OWN");
    assert.equal(code(() => refuseOwnProposalDecision(person("2"), proposal)), "ROLE_PROPOSAL_OWN");
    assert.equal(code(() => refuseOwnProposalDecision(person("3"), proposal)), "allowed");
  });

  test("an administrator holds no deciding role unless the rules in force allow that one", () => {
    const none = kw2025.values.duties.administratorMayAlsoHold;
    assert.equal(code(() => refuseRoleCombination(["administrator"], "judge", none)), "ROLE_COMBINATION_NOT_ALLOWED");
    assert.equal(code(() => refuseRoleCombination(["auditor"], "administrator", none)), "ROLE_COMBINATION_NOT_ALLOWED");
    assert.equal(code(() => refuseRoleCombination(["administrator"], "agency_officer", none)), "allowed");
    assert.equal(code(() => refuseRoleCombination(["judge"], "clerk", none)), "allowed");
    const lenient = amendRules(kw2025, "t-duties", "2027-01-01", (values) => ({ ...values, duties: { administratorMayAlsoHold: ["auditor"] } }));
    assert.equal(code(() => refuseRoleCombination(["administrator"], "auditor", lenient.values.duties.administratorMayAlsoHold)), "allowed");
    assert.equal(code(() => refuseRoleCombination(["administrator", "auditor"], "judge", lenient.values.duties.administratorMayAlsoHold)), "ROLE_COMBINATION_NOT_ALLOWED");
    assert.equal(kw2025.sources["duties.administratorMayAlsoHold"].kind, "policy");
  });

  test("conflicts on a file: a party in person or for a company, a party's lawyer (any mandate not revoked), a recorded conflict", () => {
    const parties = [
      { civilId: "100", crNumber: null },
      { civilId: null, crNumber: "555" },
    ];
    assert.equal(conflictOnFile(person("100"), "f", parties), "party");
    assert.equal(conflictOnFile(person("9", { companies: ["555"] }), "f", parties), "party");
    const mandate = { id: "m", principalCivilId: "100", principalCrNumber: null, fileId: null, scopes: ["view" as const], validFrom: new Date(0), validUntil: new Date(1), verified: false };
    assert.equal(conflictOnFile(person("9", { mandates: [mandate] }), "f", parties), "lawyer");
    assert.equal(conflictOnFile(person("9", { mandates: [{ ...mandate, fileId: "other" }] }), "f", parties), null);
    assert.equal(conflictOnFile(person("9", { conflicts: [{ fileId: "f", civilId: null, crNumber: null }] }), "f", parties), "recorded");
    assert.equal(conflictOnFile(person("9", { conflicts: [{ fileId: null, civilId: null, crNumber: "555" }] }), "f", parties), "recorded");
    assert.equal(conflictOnFile(person("9", { conflicts: [{ fileId: "g", civilId: "101", crNumber: null }] }), "f", parties), null);
  });
});
