import assert from "node:assert/strict";
import { test } from "node:test";
import { canPlan, isOpenPlan, nextPlanStatus, planEvents, planStatusFromEvents, planStatuses } from "./plan-machine.ts";

test("instalment plan: exactly these transitions are allowed", () => {
  const moves: string[] = [];
  for (const status of planStatuses) {
    for (const event of planEvents) {
      if (canPlan(status, event)) moves.push(`${status} -${event}-> ${nextPlanStatus(status, event)}`);
      else assert.throws(() => nextPlanStatus(status, event), { code: "TRANSITION_NOT_ALLOWED" });
    }
  }
  assert.deepEqual(
    moves.sort(),
    [
      "proposed -consent-> agreed",
      "proposed -refuse-> refused",
      "proposed -lapse-> lapsed",
      "agreed -start-> in_force",
      "agreed -order-> in_force",
      "agreed -decline-> declined",
      "agreed -lapse-> lapsed",
      "in_force -complete-> completed",
      "in_force -default-> defaulted",
    ].sort(),
  );
});

test("a plan in force is not refused or lapsed; ended plans are final", () => {
  assert.throws(() => nextPlanStatus("in_force", "refuse"), { code: "TRANSITION_NOT_ALLOWED" });
  assert.throws(() => nextPlanStatus("in_force", "lapse"), { code: "TRANSITION_NOT_ALLOWED" });
  assert.throws(() => nextPlanStatus("proposed", "order"), { code: "TRANSITION_NOT_ALLOWED" }, "no judge's order before the creditor consents");
  for (const ended of ["completed", "defaulted", "refused", "declined", "lapsed"] as const) {
    assert.equal(isOpenPlan(ended), false);
    for (const event of planEvents) assert.equal(canPlan(ended, event), false);
  }
  assert.equal(planStatusFromEvents(["consent", "order", "default"]), "defaulted");
  assert.equal(planStatusFromEvents([]), "proposed");
  assert.throws(() => planStatusFromEvents(["start"]), { code: "TRANSITION_NOT_ALLOWED" });
});
