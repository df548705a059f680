import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bondEvents,
  bondStatusFromEvents,
  bondStatuses,
  disputeEvents,
  disputeStatusFromEvents,
  disputeStatuses,
  isOpenDispute,
  nextBondStatus,
  nextDisputeStatus,
  suspendDispute,
  type BondStatus,
  type DisputeStatus,
} from "./dispute-machine.ts";

/** Every (status, event) → next the machine allows, and nothing else. */
function allowed<S extends string, E extends string>(statuses: readonly S[], events: readonly E[], next: (s: S, e: E) => S): string[] {
  const moves: string[] = [];
  for (const status of statuses) {
    for (const event of events) {
      try {
        moves.push(`${status} -${event}-> ${next(status, event)}`);
      } catch (error) {
        assert.equal((error as { code?: string }).code, "TRANSITION_NOT_ALLOWED");
      }
    }
  }
  return moves.sort();
}

describe("dispute state machine", () => {
  test("exactly these transitions are allowed", () => {
    assert.deepEqual(
      allowed(disputeStatuses, disputeEvents, nextDisputeStatus),
      [
        "filed -dismiss-> dismissed",
        "filed -refuseSuspension-> not_suspended",
        "filed -suspend-> suspended",
        "filed -uphold-> upheld",
        "not_suspended -dismiss-> dismissed",
        "not_suspended -suspend-> suspended",
        "not_suspended -uphold-> upheld",
        "suspended -dismiss-> dismissed",
        "suspended -uphold-> upheld",
      ].sort(),
    );
  });

  test("a ruling is final; a suspension is not refused afterwards", () => {
    for (const terminal of ["upheld", "dismissed"] as DisputeStatus[]) {
      for (const event of disputeEvents) assert.throws(() => nextDisputeStatus(terminal, event), { code: "TRANSITION_NOT_ALLOWED" });
      assert.equal(isOpenDispute(terminal), false);
    }
    assert.throws(() => nextDisputeStatus("suspended", "refuseSuspension"), { code: "TRANSITION_NOT_ALLOWED" });
    assert.throws(() => nextDisputeStatus("suspended", "suspend"), { code: "TRANSITION_NOT_ALLOWED" });
    assert.equal(isOpenDispute("not_suspended"), true);
  });

  test("status is the fold of the events; an illegal history is refused", () => {
    assert.equal(disputeStatusFromEvents([]), "filed");
    assert.equal(disputeStatusFromEvents(["refuseSuspension", "suspend", "dismiss"]), "dismissed");
    assert.throws(() => disputeStatusFromEvents(["uphold", "suspend"]), { code: "TRANSITION_NOT_ALLOWED" });
    assert.throws(() => nextDisputeStatus("constructor" as DisputeStatus, "suspend"), { code: "TRANSITION_NOT_ALLOWED" });
  });
});

describe("bond state machine", () => {
  test("exactly these transitions are allowed", () => {
    assert.deepEqual(
      allowed(bondStatuses, bondEvents, nextBondStatus),
      ["declared -post-> posted", "declared -reject-> required", "required -declare-> declared", "required -post-> posted"].sort(),
    );
    assert.equal(bondStatusFromEvents(["declare", "reject", "declare", "post"]), "posted");
    assert.throws(() => bondStatusFromEvents(["post", "reject"]), { code: "TRANSITION_NOT_ALLOWED" });
  });
});

describe("suspension needs the bond posted (where the rules say so)", () => {
  test("without a posted bond: BOND_NOT_POSTED; with it: suspended", () => {
    for (const bond of ["required", "declared"] as BondStatus[]) {
      assert.throws(() => suspendDispute("filed", bond, true), { code: "BOND_NOT_POSTED" });
    }
    assert.equal(suspendDispute("filed", "posted", true), "suspended");
    assert.equal(suspendDispute("not_suspended", "posted", true), "suspended");
    // A version without the condition lets the judge suspend on the grounds alone.
    assert.equal(suspendDispute("filed", "required", false), "suspended");
    // The machine still has the last word.
    assert.throws(() => suspendDispute("dismissed", "posted", true), { code: "TRANSITION_NOT_ALLOWED" });
  });
});
