import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type AgencyOrderEvent,
  type AgencyOrderStatus,
  agencyOrderStatuses,
  canAgencyOrder,
  isAgencyOrderHolding,
  isAgencyOrderSent,
  isAgencyOrderSettled,
  nextAgencyOrderStatus,
} from "./agency-order-machine.ts";
import { orderEventsForProcedure, procedureEventForOrders, reconcileProcedure } from "./aggregate.ts";
import {
  type ProcedureEvent,
  type ProcedureKind,
  type ProcedureStatus,
  canProcedure,
  initialProcedureStatus,
  isTerminalProcedureStatus,
  nextProcedureStatus,
  procedureKinds,
  procedureStatusFromEvents,
  procedureStatuses,
} from "./procedure-machine.ts";

const runs = { numRuns: 500 };
const kindArb = fc.constantFrom(...procedureKinds);
const statusArb = fc.constantFrom(...procedureStatuses);
const ordersArb = fc.array(fc.constantFrom(...agencyOrderStatuses), { maxLength: 6 });

describe("procedureEventForOrders: examples", () => {
  it("dispatches as soon as one order has left the outbox", () => {
    assert.equal(procedureEventForOrders("bank_attachment", "ordered", ["pending", "pending"]), null);
    assert.equal(procedureEventForOrders("bank_attachment", "ordered", ["pending", "sent"]), "dispatch");
    assert.equal(procedureEventForOrders("travel_ban", "ordered", ["executed"]), "dispatch");
  });

  it("the first execution puts the procedure in force; later ones change nothing", () => {
    assert.equal(procedureEventForOrders("bank_attachment", "dispatched", ["sent", "executed", "rejected"]), "execute");
    assert.equal(procedureEventForOrders("vehicle_seizure", "dispatched", ["executed"]), "execute");
    assert.equal(procedureEventForOrders("bank_attachment", "in_force", ["executed", "executed"]), null);
  });

  it("every agency answering nothing fails a seizure or a ban, but not a bank attachment", () => {
    assert.equal(procedureEventForOrders("vehicle_seizure", "dispatched", ["nothing_found"]), "fail");
    assert.equal(procedureEventForOrders("travel_ban", "dispatched", ["rejected"]), "fail");
    assert.equal(procedureEventForOrders("bank_attachment", "dispatched", ["nothing_found", "rejected"]), null);
    assert.equal(procedureEventForOrders("vehicle_seizure", "dispatched", ["nothing_found", "sent"]), null);
    assert.equal(procedureEventForOrders("vehicle_seizure", "dispatched", []), null);
  });

  it("a lift is confirmed when every order is settled", () => {
    assert.equal(procedureEventForOrders("bank_attachment", "lifting", ["lifted", "cancelled", "rejected"]), "confirmLift");
    assert.equal(procedureEventForOrders("bank_attachment", "lifting", ["lifted", "lift_sent"]), null);
    assert.equal(procedureEventForOrders("bank_attachment", "lifting", ["lifted", "nothing_found"]), null);
    assert.equal(procedureEventForOrders("travel_ban", "lifting", ["executed"]), null);
  });

  it("statuses decided by people, deadlines, or terminal ones imply nothing", () => {
    for (const kind of procedureKinds) {
      for (const status of ["requested", "under_review", "lifted", "rejected", "waived", "expired"] as const) {
        assert.equal(procedureEventForOrders(kind, status, ["executed", "sent"]), null);
      }
    }
  });

  it("reconcileProcedure applies the implied events in order", () => {
    assert.deepEqual(reconcileProcedure("bank_attachment", "ordered", ["executed", "pending"]), {
      status: "in_force",
      events: ["dispatch", "execute"],
    });
    assert.deepEqual(reconcileProcedure("vehicle_seizure", "ordered", ["nothing_found"]), {
      status: "rejected",
      events: ["dispatch", "fail"],
    });
    assert.deepEqual(reconcileProcedure("travel_ban", "in_force", ["executed"]), { status: "in_force", events: [] });
  });
});

describe("orderEventsForProcedure: examples", () => {
  it("withdraws every open order once the procedure is lifting or ended, and nothing before", () => {
    const orders: AgencyOrderStatus[] = ["pending", "sent", "executed", "nothing_found", "rejected", "lift_sent", "lifted"];
    const withdrawals = ["cancel", "requestLift", "requestLift", "requestLift", null, null, null];
    assert.deepEqual(orderEventsForProcedure("lifting", orders), withdrawals);
    assert.deepEqual(orderEventsForProcedure("rejected", orders), withdrawals);
    assert.deepEqual(orderEventsForProcedure("waived", ["pending", "pending"]), ["cancel", "cancel"]);
    for (const status of ["ordered", "dispatched", "in_force"] as const) {
      assert.deepEqual(orderEventsForProcedure(status, orders), orders.map(() => null));
    }
  });
});

describe("aggregate: properties", () => {
  it("never returns an event the procedure machine refuses from that status", () => {
    fc.assert(
      fc.property(kindArb, statusArb, ordersArb, (kind, status, orders) => {
        const event = procedureEventForOrders(kind, status, orders);
        if (event !== null) assert.ok(canProcedure(kind, status, event), `${kind} ${status} ${event}`);
      }),
      runs,
    );
  });

  it("each event is justified by the orders", () => {
    fc.assert(
      fc.property(kindArb, statusArb, ordersArb, (kind, status, orders) => {
        const event = procedureEventForOrders(kind, status, orders);
        if (event === "dispatch") assert.ok(orders.some(isAgencyOrderSent));
        if (event === "execute") assert.ok(orders.some(isAgencyOrderHolding));
        if (event === "fail") {
          assert.notEqual(kind, "bank_attachment");
          assert.ok(orders.length > 0 && orders.every((s) => s === "rejected" || s === "nothing_found"));
        }
        if (event === "confirmLift") assert.ok(orders.every(isAgencyOrderSettled));
      }),
      runs,
    );
  });

  it("reconcileProcedure ends within three legal steps at a status that implies nothing more", () => {
    fc.assert(
      fc.property(kindArb, statusArb, ordersArb, (kind, status, orders) => {
        const result = reconcileProcedure(kind, status, orders);
        assert.ok(result.events.length <= 3);
        assert.equal(procedureEventForOrders(kind, result.status, orders), null);
        let replayed = status;
        for (const event of result.events) replayed = nextProcedureStatus(kind, replayed, event);
        assert.equal(replayed, result.status);
      }),
      runs,
    );
  });

  it("order withdrawals are always allowed by the order machine", () => {
    fc.assert(
      fc.property(statusArb, ordersArb, (status, orders) => {
        orderEventsForProcedure(status, orders).forEach((event, i) => {
          const order = orders[i];
          assert.ok(order !== undefined);
          if (event !== null) assert.ok(canAgencyOrder(order, event));
        });
      }),
      runs,
    );
  });
});

// A procedure and its orders driven together, the way the app will: people and deadlines
// act on the procedure, agencies and the outbox act on orders, and after every step the
// two rules above are applied until nothing changes.
type Step =
  | { on: "procedure"; event: ProcedureEvent }
  | { on: "order"; index: number; event: AgencyOrderEvent };

const humanEvents = ["refer", "approve", "reject", "waive", "lift", "expire"] as const;
const orderEvents = ["send", "acknowledge", "execute", "reportNothing", "reject", "sendLift", "confirmLift"] as const;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ on: fc.constant("procedure" as const), event: fc.constantFrom(...humanEvents) }),
  {
    arbitrary: fc.record({
      on: fc.constant("order" as const),
      index: fc.nat({ max: 2 }),
      event: fc.constantFrom(...orderEvents),
    }),
    weight: 4,
  },
);

type World = { kind: ProcedureKind; status: ProcedureStatus; history: ProcedureEvent[]; orders: AgencyOrderStatus[]; everSent: boolean };

function settle(world: World): void {
  for (let round = 0; round < 10; round++) {
    const withdrawals = orderEventsForProcedure(world.status, world.orders);
    world.orders = world.orders.map((order, i) => {
      const event = withdrawals[i];
      return event ? nextAgencyOrderStatus(order, event) : order;
    });
    const { status, events } = reconcileProcedure(world.kind, world.status, world.orders);
    world.status = status;
    world.history.push(...events);
    if (events.length === 0 && withdrawals.every((w) => w === null)) return;
  }
  assert.fail("procedure and orders did not settle");
}

function run(kind: ProcedureKind, bankCount: number, steps: readonly Step[], check: (world: World) => void): World {
  const world: World = { kind, status: initialProcedureStatus, history: [], orders: [], everSent: false };
  check(world);
  for (const step of steps) {
    if (step.on === "procedure") {
      if (!canProcedure(kind, world.status, step.event)) continue;
      world.status = nextProcedureStatus(kind, world.status, step.event);
      world.history.push(step.event);
      // Orders are created with the order to enforce: one per agency.
      if (step.event === "approve") world.orders = Array.from({ length: kind === "bank_attachment" ? bankCount : 1 }, () => "pending");
    } else {
      const order = world.orders[step.index];
      if (order === undefined || !canAgencyOrder(order, step.event)) continue;
      world.orders[step.index] = nextAgencyOrderStatus(order, step.event);
      if (step.event === "send") world.everSent = true;
    }
    settle(world);
    check(world);
  }
  return world;
}

describe("procedure and orders together: properties", () => {
  const worldArb = fc.tuple(kindArb, fc.integer({ min: 1, max: 3 }), fc.array(stepArb, { maxLength: 60, size: "max" }));

  it("the generator reaches every status of every kind (the properties are not vacuous)", () => {
    const seen = new Set<string>();
    for (const [kind, banks, steps] of fc.sample(worldArb, { numRuns: 2000, seed: 42 })) {
      run(kind, banks, steps, (world) => {
        seen.add(`${kind}: ${world.status}`);
        if (isTerminalProcedureStatus(world.status) && world.orders.some((o) => o === "lift_requested")) {
          seen.add(`${kind}: open order after ${world.status}`);
        }
      });
    }
    const expected = procedureKinds.flatMap((kind) => procedureStatuses.map((status) => `${kind}: ${status}`));
    assert.deepEqual(expected.filter((line) => !seen.has(line)), []);
    // An order still being lifted after the end: a late execution or a "nothing found" closed out.
    assert.ok(seen.has("vehicle_seizure: open order after rejected"));
  });

  it("the derived status always matches the accepted history", () => {
    fc.assert(
      fc.property(worldArb, ([kind, banks, steps]) => {
        run(kind, banks, steps, (world) => assert.equal(procedureStatusFromEvents(kind, world.history), world.status));
      }),
      runs,
    );
  });

  it("orders match the procedure's stage: none before the order, all pending while ordered", () => {
    fc.assert(
      fc.property(worldArb, ([kind, banks, steps]) => {
        run(kind, banks, steps, (world) => {
          if (world.status === "requested" || world.status === "under_review") assert.equal(world.orders.length, 0);
          if (world.status === "ordered") assert.ok(world.orders.every((o) => o === "pending"));
        });
      }),
      runs,
    );
  });

  it("a lifting or ended procedure leaves no order open: each is settled or its lift is under way", () => {
    fc.assert(
      fc.property(worldArb, ([kind, banks, steps]) => {
        run(kind, banks, steps, (world) => {
          if (world.status !== "lifting" && !isTerminalProcedureStatus(world.status)) return;
          for (const order of world.orders) {
            assert.ok(isAgencyOrderSettled(order) || order === "lift_requested" || order === "lift_sent", order);
          }
          if (world.status === "lifted") assert.ok(world.orders.every(isAgencyOrderSettled));
          if (world.status === "waived" || world.status === "expired") {
            assert.equal(world.everSent, false);
            assert.ok(world.orders.every((o) => o === "cancelled"));
          }
        });
      }),
      runs,
    );
  });

  it("a bank attachment never fails: banks holding nothing leave it standing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(stepArb, { maxLength: 60, size: "max" }), (banks, steps) => {
        const world = run("bank_attachment", banks, steps, () => {});
        assert.equal(world.history.includes("fail"), false);
      }),
      runs,
    );
  });

  it("from any state, lifting and letting every agency confirm ends in lifted or an earlier ending", () => {
    fc.assert(
      fc.property(worldArb, ([kind, banks, steps]) => {
        const world = run(kind, banks, steps, () => {});
        const drain: Step[] = [{ on: "procedure", event: "lift" }];
        for (let i = 0; i < world.orders.length; i++) {
          drain.push({ on: "order", index: i, event: "sendLift" }, { on: "order", index: i, event: "confirmLift" });
        }
        const before = world.status;
        const after = run(kind, banks, [...steps, ...drain], () => {});
        assert.ok(after.orders.every(isAgencyOrderSettled), after.orders.join());
        if (before === "ordered" || before === "dispatched" || before === "in_force" || before === "lifting") {
          assert.equal(after.status, "lifted");
        }
      }),
      runs,
    );
  });
});
