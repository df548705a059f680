import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import {
  type AgencyOrderEvent,
  type AgencyOrderStatus,
  agencyOrderEvents,
  agencyOrderMachine,
  agencyOrderStatusFromEvents,
  agencyOrderStatuses,
  canAgencyOrder,
  initialAgencyOrderStatus,
  isAgencyOrderHolding,
  isAgencyOrderSent,
  isAgencyOrderSettled,
  liftEventForAgencyOrder,
  nextAgencyOrderStatus,
} from "./agency-order-machine.ts";

// Written out by hand: loosening or tightening the table fails this test.
const expectedTransitions = [
  "pending --send--> sent",
  "pending --cancel--> cancelled",
  "sent --acknowledge--> acknowledged",
  "sent --execute--> executed",
  "sent --reportNothing--> nothing_found",
  "sent --reject--> rejected",
  "sent --requestLift--> lift_requested",
  "acknowledged --execute--> executed",
  "acknowledged --reportNothing--> nothing_found",
  "acknowledged --requestLift--> lift_requested",
  "executed --execute--> executed",
  "executed --requestLift--> lift_requested",
  "nothing_found --execute--> executed",
  "nothing_found --requestLift--> lift_requested",
  "lift_requested --sendLift--> lift_sent",
  "lift_requested --execute--> lift_requested",
  "lift_sent --confirmLift--> lifted",
  "lift_sent --execute--> lift_sent",
];

function assertRefused(status: AgencyOrderStatus, event: AgencyOrderEvent): void {
  assert.equal(canAgencyOrder(status, event), false, `${status} --${event}--> should be refused`);
  assert.throws(
    () => nextAgencyOrderStatus(status, event),
    (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, "TRANSITION_NOT_ALLOWED");
      assert.deepEqual(error.details, { status, event });
      return true;
    },
  );
}

const runs = { numRuns: 500 };
const eventsArb = fc.array(fc.constantFrom(...agencyOrderEvents), { maxLength: 40, size: "max" });

function walk(events: readonly AgencyOrderEvent[]) {
  let status: AgencyOrderStatus = initialAgencyOrderStatus;
  const accepted: AgencyOrderEvent[] = [];
  const visited: AgencyOrderStatus[] = [status];
  for (const event of events) {
    if (!canAgencyOrder(status, event)) continue;
    status = nextAgencyOrderStatus(status, event);
    accepted.push(event);
    visited.push(status);
  }
  return { status, accepted, visited };
}

describe("agency order machine: table", () => {
  it("allowed moves are exactly the expected list", () => {
    const found: string[] = [];
    for (const status of agencyOrderStatuses) {
      for (const event of agencyOrderEvents) {
        if (canAgencyOrder(status, event)) found.push(`${status} --${event}--> ${nextAgencyOrderStatus(status, event)}`);
      }
    }
    assert.deepEqual(found.sort(), [...expectedTransitions].sort());
  });

  it("every move in the table is accepted", () => {
    const table: Record<string, Record<string, string>> = agencyOrderMachine;
    let count = 0;
    for (const [status, row] of Object.entries(table)) {
      for (const [event, target] of Object.entries(row)) {
        assert.equal(nextAgencyOrderStatus(status as AgencyOrderStatus, event as AgencyOrderEvent), target);
        count++;
      }
    }
    assert.equal(count, expectedTransitions.length);
  });

  it("every other move is refused with TRANSITION_NOT_ALLOWED", () => {
    const allowedPairs = new Set(expectedTransitions.map((line) => line.replace(/> .*$/, "")));
    let refused = 0;
    for (const status of agencyOrderStatuses) {
      for (const event of agencyOrderEvents) {
        if (allowedPairs.has(`${status} --${event}--`)) continue;
        assertRefused(status, event);
        refused++;
      }
    }
    assert.equal(refused, agencyOrderStatuses.length * agencyOrderEvents.length - expectedTransitions.length);
  });

  it("refuses the named forbidden moves", () => {
    for (const event of agencyOrderEvents) {
      assertRefused("lifted", event);
      assertRefused("cancelled", event);
      assertRefused("rejected", event);
    }
    assertRefused("sent", "cancel"); // once sent, only a lift order withdraws it
    assertRefused("pending", "requestLift");
    assertRefused("pending", "execute");
    assertRefused("acknowledged", "reject");
    assertRefused("executed", "reportNothing");
    assertRefused("lift_requested", "confirmLift");
  });

  it("settled statuses are exactly those with no way out", () => {
    for (const status of agencyOrderStatuses) {
      const hasExit = agencyOrderEvents.some((event) => canAgencyOrder(status, event));
      assert.equal(hasExit, !isAgencyOrderSettled(status), status);
    }
    assert.deepEqual(agencyOrderStatuses.filter(isAgencyOrderSettled), ["rejected", "lifted", "cancelled"]);
    assert.deepEqual(agencyOrderStatuses.filter(isAgencyOrderHolding), ["executed"]);
    assert.deepEqual(agencyOrderStatuses.filter((s) => !isAgencyOrderSent(s)), ["pending", "cancelled"]);
  });

  it("a bank that found nothing can still execute later (future credits)", () => {
    assert.equal(agencyOrderStatusFromEvents(["send", "acknowledge", "reportNothing", "execute"]), "executed");
    assert.equal(agencyOrderStatusFromEvents(["send", "execute", "execute", "execute"]), "executed");
  });

  it("an execution crossing a lift is recorded and the lift stays pending", () => {
    assert.equal(agencyOrderStatusFromEvents(["send", "requestLift", "execute"]), "lift_requested");
    assert.equal(
      agencyOrderStatusFromEvents(["send", "requestLift", "sendLift", "execute", "confirmLift"]),
      "lifted",
    );
  });

  it("liftEventForAgencyOrder: cancel in the outbox, lift order once sent, nothing when settled or lifting", () => {
    assert.deepEqual(
      Object.fromEntries(agencyOrderStatuses.map((status) => [status, liftEventForAgencyOrder(status)])),
      {
        pending: "cancel",
        sent: "requestLift",
        acknowledged: "requestLift",
        executed: "requestLift",
        nothing_found: "requestLift",
        rejected: null,
        lift_requested: null,
        lift_sent: null,
        lifted: null,
        cancelled: null,
      },
    );
  });

  it("refuses a corrupt history, naming the position of the bad event", () => {
    assert.throws(
      () => agencyOrderStatusFromEvents(["send", "cancel"]),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === "TRANSITION_NOT_ALLOWED" &&
        error.details["index"] === 1 &&
        error.details["status"] === "sent",
    );
  });

  it("refuses values that are not statuses or events, including Object.prototype names", () => {
    for (const name of ["constructor", "toString", "__proto__", "nope"]) {
      assert.equal(canAgencyOrder("pending", name as never), false);
      assert.equal(canAgencyOrder(name as never, "send"), false);
    }
  });
});

describe("agency order machine: properties", () => {
  it("the generator exercises every transition (the properties are not vacuous)", () => {
    const seen = new Set<string>();
    for (const events of fc.sample(eventsArb, { numRuns: 2000, seed: 42 })) {
      let status: AgencyOrderStatus = initialAgencyOrderStatus;
      for (const event of events) {
        if (!canAgencyOrder(status, event)) continue;
        const next = nextAgencyOrderStatus(status, event);
        seen.add(`${status} --${event}--> ${next}`);
        status = next;
      }
    }
    assert.deepEqual(expectedTransitions.filter((line) => !seen.has(line)), []);
  });

  it("random walks stay inside the declared statuses", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        for (const status of walk(events).visited) {
          assert.ok((agencyOrderStatuses as readonly string[]).includes(status));
        }
      }),
      runs,
    );
  });

  it("a settled status is never left", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { visited } = walk(events);
        const firstSettled = visited.findIndex((status) => isAgencyOrderSettled(status));
        if (firstSettled >= 0) assert.equal(firstSettled, visited.length - 1);
      }),
      runs,
    );
  });

  it("the fold of the accepted events equals step-by-step application", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { status, accepted } = walk(events);
        assert.equal(agencyOrderStatusFromEvents(accepted), status);
      }),
      runs,
    );
  });

  it("once sent an order never counts as unsent again; cancelled means never sent", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { status, accepted, visited } = walk(events);
        const firstSent = visited.findIndex(isAgencyOrderSent);
        if (firstSent >= 0) assert.ok(visited.slice(firstSent).every(isAgencyOrderSent));
        if (status === "cancelled") assert.equal(accepted.includes("send"), false);
      }),
      runs,
    );
  });

  it("a lifted order went through a sent lift order; after a lift request only the lift path remains", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { status, visited } = walk(events);
        if (status === "lifted") assert.equal(visited.at(-2), "lift_sent");
        const liftAt = visited.indexOf("lift_requested");
        if (liftAt >= 0) {
          for (const later of visited.slice(liftAt)) {
            assert.ok(["lift_requested", "lift_sent", "lifted"].includes(later), later);
          }
        }
      }),
      runs,
    );
  });

  it("the lift event for any reachable status is allowed, and following it through ends settled", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        let { status } = walk(events);
        const lift = liftEventForAgencyOrder(status);
        if (lift === null) {
          assert.ok(isAgencyOrderSettled(status) || status === "lift_requested" || status === "lift_sent");
          return;
        }
        status = nextAgencyOrderStatus(status, lift);
        if (lift === "requestLift") status = nextAgencyOrderStatus(nextAgencyOrderStatus(status, "sendLift"), "confirmLift");
        assert.ok(isAgencyOrderSettled(status));
      }),
      runs,
    );
  });
});
