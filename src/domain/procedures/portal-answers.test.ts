import assert from "node:assert/strict";
import { test } from "node:test";
import { DomainError } from "../errors.ts";
import { agencyOrderStatuses } from "./agency-order-machine.ts";
import { procedureKinds } from "./procedure-machine.ts";
import { checkPortalAnswer, isAwaitingAnswer, portalAnswerKinds, portalAnswersByProcedure } from "./portal-answers.ts";

const codeOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.code;
  }
};

test("an answer for another kind of order is not applicable, whatever the status", () => {
  for (const kind of procedureKinds) {
    for (const answer of portalAnswerKinds) {
      if ((portalAnswersByProcedure[kind] as readonly string[]).includes(answer)) continue;
      for (const status of agencyOrderStatuses) assert.equal(codeOf(() => checkPortalAnswer(answer, kind, status)), "ANSWER_NOT_APPLICABLE", `${answer} on ${kind}`);
    }
  }
});

test("each answer is possible exactly where the order state machine allows its move", () => {
  const possible = (answer: (typeof portalAnswerKinds)[number], kind: (typeof procedureKinds)[number]) =>
    agencyOrderStatuses.filter((status) => codeOf(() => checkPortalAnswer(answer, kind, status)) === null);
  assert.deepEqual(possible("acknowledge", "bank_attachment"), ["sent"]);
  assert.deepEqual(possible("declare", "bank_attachment"), ["sent", "acknowledged", "executed", "nothing_found", "lift_requested", "lift_sent"]);
  assert.deepEqual(possible("nothing_held", "vehicle_seizure"), ["sent", "acknowledged"]);
  assert.deepEqual(possible("reject", "travel_ban"), ["sent"]);
  assert.deepEqual(possible("confirm_lift", "vehicle_seizure"), ["lift_sent"]);
  // A transfer moves no status: what it needs (a transfer order) is checked against the messages.
  assert.deepEqual(possible("confirm_transfer", "bank_attachment"), [...agencyOrderStatuses]);
  assert.equal(codeOf(() => checkPortalAnswer("confirm_lift", "bank_attachment", "executed")), "TRANSITION_NOT_ALLOWED");
});

test("awaiting an answer: to the order or to its lift", () => {
  assert.deepEqual(agencyOrderStatuses.filter(isAwaitingAnswer), ["sent", "acknowledged", "lift_requested", "lift_sent"]);
});
