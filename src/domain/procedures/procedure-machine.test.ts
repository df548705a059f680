import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import {
  type ProcedureEvent,
  type ProcedureKind,
  type ProcedureStatus,
  activeProcedureStatuses,
  canProcedure,
  initialProcedureStatus,
  isActiveProcedureStatus,
  isFeePayableStatus,
  isTerminalProcedureStatus,
  nextProcedureStatus,
  procedureEvents,
  procedureKinds,
  procedureMachines,
  procedureStatusFromEvents,
  procedureStatuses,
  terminalProcedureStatuses,
} from "./procedure-machine.ts";

// The complete list of allowed moves per kind, written out by hand: loosening or
// tightening a table fails this test.
const expectedTransitions: Record<ProcedureKind, string[]> = {
  bank_attachment: [
    "requested --refer--> under_review",
    "requested --approve--> ordered",
    "requested --reject--> rejected",
    "requested --waive--> waived",
    "requested --expire--> expired",
    "under_review --approve--> ordered",
    "under_review --reject--> rejected",
    "under_review --waive--> waived",
    "under_review --expire--> expired",
    "ordered --dispatch--> dispatched",
    "ordered --waive--> waived",
    "ordered --lift--> lifting",
    "ordered --expire--> expired",
    "dispatched --execute--> in_force",
    "dispatched --waive--> lifting",
    "dispatched --lift--> lifting",
    "in_force --execute--> in_force",
    "in_force --waive--> lifting",
    "in_force --lift--> lifting",
    "lifting --confirmLift--> lifted",
  ],
  vehicle_seizure: [
    "requested --refer--> under_review",
    "requested --approve--> ordered",
    "requested --reject--> rejected",
    "requested --waive--> waived",
    "requested --expire--> expired",
    "under_review --approve--> ordered",
    "under_review --reject--> rejected",
    "under_review --waive--> waived",
    "under_review --expire--> expired",
    "ordered --dispatch--> dispatched",
    "ordered --waive--> waived",
    "ordered --lift--> lifting",
    "ordered --expire--> expired",
    "dispatched --execute--> in_force",
    "dispatched --fail--> rejected",
    "dispatched --waive--> lifting",
    "dispatched --lift--> lifting",
    "in_force --execute--> in_force",
    "in_force --waive--> lifting",
    "in_force --lift--> lifting",
    "lifting --confirmLift--> lifted",
  ],
  travel_ban: [
    "requested --refer--> under_review",
    "requested --reject--> rejected",
    "requested --waive--> waived",
    "requested --expire--> expired",
    "under_review --approve--> ordered",
    "under_review --reject--> rejected",
    "under_review --waive--> waived",
    "under_review --expire--> expired",
    "ordered --dispatch--> dispatched",
    "ordered --waive--> waived",
    "ordered --lift--> lifting",
    "ordered --expire--> expired",
    "dispatched --execute--> in_force",
    "dispatched --fail--> rejected",
    "dispatched --waive--> lifting",
    "dispatched --lift--> lifting",
    "in_force --execute--> in_force",
    "in_force --waive--> lifting",
    "in_force --lift--> lifting",
    "lifting --confirmLift--> lifted",
  ],
};

function allowedByProbing(kind: ProcedureKind): string[] {
  const found: string[] = [];
  for (const status of procedureStatuses) {
    for (const event of procedureEvents) {
      if (canProcedure(kind, status, event)) {
        found.push(`${status} --${event}--> ${nextProcedureStatus(kind, status, event)}`);
      }
    }
  }
  return found;
}

function assertRefused(kind: ProcedureKind, status: ProcedureStatus, event: ProcedureEvent): void {
  assert.equal(canProcedure(kind, status, event), false, `${kind}: ${status} --${event}--> should be refused`);
  assert.throws(
    () => nextProcedureStatus(kind, status, event),
    (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, "TRANSITION_NOT_ALLOWED");
      assert.deepEqual(error.details, { kind, status, event });
      return true;
    },
  );
}

const runs = { numRuns: 500 };
const kindArb = fc.constantFrom(...procedureKinds);
// Uniform events mostly end a walk early (reject, waive, expire); the weighted mix favours
// progress so the properties also see dispatched, in_force and lifting.
const progressEvents = ["refer", "approve", "dispatch", "execute", "fail", "lift", "confirmLift"] as const;
const eventArb = fc.oneof(
  { arbitrary: fc.constantFrom(...procedureEvents), weight: 1 },
  { arbitrary: fc.constantFrom(...progressEvents), weight: 4 },
);
const eventsArb = fc.array(eventArb, { maxLength: 40, size: "max" });

/** Applies a random sequence, skipping what the machine refuses; returns the accepted path. */
function walk(kind: ProcedureKind, events: readonly ProcedureEvent[]) {
  let status: ProcedureStatus = initialProcedureStatus;
  const accepted: ProcedureEvent[] = [];
  const visited: ProcedureStatus[] = [status];
  for (const event of events) {
    if (!canProcedure(kind, status, event)) continue;
    status = nextProcedureStatus(kind, status, event);
    accepted.push(event);
    visited.push(status);
  }
  return { status, accepted, visited };
}

describe("procedure machine: tables", () => {
  for (const kind of procedureKinds) {
    it(`${kind}: allowed moves are exactly the expected list`, () => {
      assert.deepEqual(allowedByProbing(kind).sort(), [...expectedTransitions[kind]].sort());
    });

    it(`${kind}: every move in the table is accepted`, () => {
      const table: Record<string, Record<string, string>> = procedureMachines[kind];
      let count = 0;
      for (const [status, row] of Object.entries(table)) {
        for (const [event, target] of Object.entries(row)) {
          assert.equal(
            nextProcedureStatus(kind, status as ProcedureStatus, event as ProcedureEvent),
            target,
          );
          count++;
        }
      }
      assert.equal(count, expectedTransitions[kind].length);
    });

    it(`${kind}: every move not in the expected list is refused with TRANSITION_NOT_ALLOWED`, () => {
      const allowedPairs = new Set(expectedTransitions[kind].map((line) => line.replace(/> .*$/, "")));
      let refused = 0;
      for (const status of procedureStatuses) {
        for (const event of procedureEvents) {
          if (allowedPairs.has(`${status} --${event}--`)) continue;
          assertRefused(kind, status, event);
          refused++;
        }
      }
      assert.equal(refused, procedureStatuses.length * procedureEvents.length - expectedTransitions[kind].length);
    });

    it(`${kind}: terminal statuses have no way out, and every other status has one`, () => {
      for (const status of procedureStatuses) {
        const hasExit = procedureEvents.some((event) => canProcedure(kind, status, event));
        assert.equal(hasExit, !isTerminalProcedureStatus(status), `${kind}: ${status}`);
      }
    });
  }

  it("refuses the named forbidden moves", () => {
    assertRefused("travel_ban", "requested", "approve");
    assertRefused("bank_attachment", "dispatched", "fail");
    assertRefused("bank_attachment", "in_force", "fail");
    for (const kind of procedureKinds) {
      for (const event of procedureEvents) {
        assertRefused(kind, "lifted", event);
        assertRefused(kind, "rejected", event);
        assertRefused(kind, "waived", event);
        assertRefused(kind, "expired", event);
      }
      assertRefused(kind, "waived", "lift");
      // Nothing ends silently once sent: a lapse after dispatch is a lift.
      assertRefused(kind, "dispatched", "expire");
      assertRefused(kind, "in_force", "expire");
      assertRefused(kind, "in_force", "fail");
      assertRefused(kind, "requested", "dispatch");
      assertRefused(kind, "ordered", "execute");
      assertRefused(kind, "lifting", "execute");
      assertRefused(kind, "lifting", "waive");
      assertRefused(kind, "requested", "lift");
      assertRefused(kind, "under_review", "refer");
    }
  });

  it("a travel ban reaches `ordered` only from `under_review` (a judge decides)", () => {
    const table: Record<string, Record<string, string>> = procedureMachines.travel_ban;
    const into = Object.entries(table).flatMap(([from, row]) =>
      Object.entries(row)
        .filter(([, to]) => to === "ordered")
        .map(([event]) => `${from} --${event}-->`),
    );
    assert.deepEqual(into, ["under_review --approve-->"]);
  });

  it("bank attachments and vehicle seizures may be approved automatically", () => {
    assert.equal(nextProcedureStatus("bank_attachment", "requested", "approve"), "ordered");
    assert.equal(nextProcedureStatus("vehicle_seizure", "requested", "approve"), "ordered");
  });

  it("refuses values that are not statuses or events, including Object.prototype names", () => {
    const bad = (value: string) => value as never;
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "nope"]) {
      assert.equal(canProcedure("bank_attachment", "requested", bad(name)), false);
      assert.equal(canProcedure("bank_attachment", bad(name), "approve"), false);
      assert.equal(canProcedure(bad(name), "requested", "approve"), false);
      assert.throws(() => nextProcedureStatus("travel_ban", bad(name), bad(name)), DomainError);
    }
  });
});

describe("procedure machine: predicates and fold", () => {
  it("terminal and active statuses are the declared ones and do not overlap", () => {
    assert.deepEqual(
      procedureStatuses.filter(isTerminalProcedureStatus),
      ["lifted", "rejected", "waived", "expired"],
    );
    assert.deepEqual(
      procedureStatuses.filter(isActiveProcedureStatus),
      ["ordered", "dispatched", "in_force", "lifting"],
    );
    for (const status of terminalProcedureStatuses) assert.equal(isActiveProcedureStatus(status), false);
    for (const status of activeProcedureStatuses) assert.equal(isTerminalProcedureStatus(status), false);
    assert.equal(initialProcedureStatus, "requested");
  });

  it("folds a typical history of each kind", () => {
    assert.equal(procedureStatusFromEvents("bank_attachment", []), "requested");
    assert.equal(
      procedureStatusFromEvents("bank_attachment", ["approve", "dispatch", "execute", "execute", "lift", "confirmLift"]),
      "lifted",
    );
    assert.equal(procedureStatusFromEvents("vehicle_seizure", ["refer", "approve", "dispatch", "fail"]), "rejected");
    assert.equal(procedureStatusFromEvents("travel_ban", ["refer", "approve", "dispatch", "execute"]), "in_force");
    assert.equal(procedureStatusFromEvents("travel_ban", ["refer", "waive"]), "waived");
    assert.equal(procedureStatusFromEvents("travel_ban", ["refer", "approve", "dispatch", "waive"]), "lifting");
    assert.equal(procedureStatusFromEvents("bank_attachment", ["approve", "expire"]), "expired");
  });

  it("refuses a corrupt history, naming the position of the bad event", () => {
    assert.throws(
      () => procedureStatusFromEvents("travel_ban", ["approve"]),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === "TRANSITION_NOT_ALLOWED" &&
        error.details["index"] === 0 &&
        error.details["status"] === "requested",
    );
    assert.throws(
      () => procedureStatusFromEvents("bank_attachment", ["approve", "dispatch", "lift", "confirmLift", "execute"]),
      (error: unknown) =>
        error instanceof DomainError && error.details["index"] === 4 && error.details["status"] === "lifted",
    );
  });
});

describe("procedure machine: properties", () => {
  it("the generator exercises every transition of every table (the properties are not vacuous)", () => {
    const seen = new Set<string>();
    for (const [kind, events] of fc.sample(fc.tuple(kindArb, eventsArb), { numRuns: 5000, seed: 42 })) {
      let status: ProcedureStatus = initialProcedureStatus;
      for (const event of events) {
        if (!canProcedure(kind, status, event)) continue;
        const next = nextProcedureStatus(kind, status, event);
        seen.add(`${kind}: ${status} --${event}--> ${next}`);
        status = next;
      }
    }
    const all = procedureKinds.flatMap((kind) => expectedTransitions[kind].map((line) => `${kind}: ${line}`));
    assert.deepEqual(all.filter((line) => !seen.has(line)), []);
  });

  it("random walks stay inside the declared statuses", () => {
    fc.assert(
      fc.property(kindArb, eventsArb, (kind, events) => {
        const { visited } = walk(kind, events);
        for (const status of visited) assert.ok((procedureStatuses as readonly string[]).includes(status));
      }),
      runs,
    );
  });

  it("a terminal status is never left", () => {
    fc.assert(
      fc.property(kindArb, eventsArb, (kind, events) => {
        const { visited } = walk(kind, events);
        const firstTerminal = visited.findIndex((status) => isTerminalProcedureStatus(status));
        if (firstTerminal >= 0) assert.equal(firstTerminal, visited.length - 1);
      }),
      runs,
    );
  });

  it("the fold of the accepted events equals step-by-step application", () => {
    fc.assert(
      fc.property(kindArb, eventsArb, (kind, events) => {
        const { status, accepted } = walk(kind, events);
        assert.equal(procedureStatusFromEvents(kind, accepted), status);
      }),
      runs,
    );
  });

  it("once dispatched, the only endings are lifted (after lifting) or rejected by fail", () => {
    fc.assert(
      fc.property(kindArb, eventsArb, (kind, events) => {
        const { status, accepted, visited } = walk(kind, events);
        if (!accepted.includes("dispatch") || !isTerminalProcedureStatus(status)) return;
        assert.ok(status === "lifted" || (status === "rejected" && accepted.at(-1) === "fail"), status);
        if (status === "lifted") assert.equal(visited.at(-2), "lifting");
      }),
      runs,
    );
  });

  it("waived and expired are reached only if nothing was ever dispatched", () => {
    fc.assert(
      fc.property(kindArb, eventsArb, (kind, events) => {
        const { status, accepted } = walk(kind, events);
        if (status === "waived" || status === "expired") assert.equal(accepted.includes("dispatch"), false);
      }),
      runs,
    );
  });

  it("a travel ban is ordered only right after under_review", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { visited } = walk("travel_ban", events);
        visited.forEach((status, i) => {
          if (status === "ordered") assert.equal(visited[i - 1], "under_review");
        });
      }),
      runs,
    );
  });

  it("a bank attachment never fails and never reaches rejected after dispatch", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { accepted } = walk("bank_attachment", events);
        assert.equal(accepted.includes("fail"), false);
        const dispatchedAt = accepted.indexOf("dispatch");
        if (dispatchedAt >= 0) assert.equal(accepted.slice(dispatchedAt).includes("reject"), false);
      }),
      runs,
    );
  });
});

describe("a request's fee", () => {
  it("is not paid on a request waived, rejected or lapsed; it may be on any other", () => {
    assert.deepEqual(
      procedureStatuses.filter((status) => !isFeePayableStatus(status)),
      ["rejected", "waived", "expired"],
    );
    // A request that ended with nothing done never becomes payable again by a later event.
    for (const kind of procedureKinds) {
      for (const status of ["rejected", "waived", "expired"] as const) {
        for (const event of procedureEvents) assert.equal(canProcedure(kind, status, event), false);
      }
    }
  });
});
