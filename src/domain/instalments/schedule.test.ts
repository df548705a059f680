import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { WorkingCalendar } from "../rules/calendar.ts";
import { kw2025 } from "../rules/rule-set.ts";
import { allocateCredit, checkSchedule, firstMissedInstalment, instalmentDeadline, isFullyPaid, type InstalmentStanding } from "./schedule.ts";

const rules = kw2025.values.instalments;
const kd = (n: number) => BigInt(n) * 1000n;
const standing = (rows: [string, bigint][]): InstalmentStanding[] => rows.map(([dueOn, amount], i) => ({ number: i + 1, dueOn, amount, paid: 0n, paidAt: null }));

describe("checking a proposed schedule", () => {
  const on = "2026-03-01";
  test("a valid schedule is numbered in order; it may cover part of the debt", () => {
    const schedule = checkSchedule([{ dueOn: "2026-04-01", amount: kd(100) }, { dueOn: "2026-05-01", amount: kd(150) }], kd(1000), on, rules);
    assert.deepEqual(schedule.map((i) => [i.number, i.dueOn, i.amount]), [[1, "2026-04-01", kd(100)], [2, "2026-05-01", kd(150)]]);
  });

  const reasons: [string, Parameters<typeof checkSchedule>[0], bigint][] = [
    ["no_instalments", [], kd(1000)],
    ["amount_not_positive", [{ dueOn: "2026-04-01", amount: 0n }], kd(1000)],
    ["due_date_invalid", [{ dueOn: "2026-02-30", amount: kd(1) }], kd(1000)],
    ["due_date_invalid", [{ dueOn: "1 April", amount: kd(1) }], kd(1000)],
    ["due_date_in_past", [{ dueOn: "2026-02-28", amount: kd(1) }], kd(1000)],
    ["due_date_too_late", [{ dueOn: "2028-03-02", amount: kd(1) }], kd(1000)],
    ["due_dates_not_increasing", [{ dueOn: "2026-04-01", amount: kd(1) }, { dueOn: "2026-04-01", amount: kd(1) }], kd(1000)],
    ["total_exceeds_outstanding", [{ dueOn: "2026-04-01", amount: kd(600) }, { dueOn: "2026-05-01", amount: kd(401) }], kd(1000)],
    ["too_many_instalments", Array.from({ length: 25 }, (_, i) => ({ dueOn: `2026-${String(4 + Math.floor(i / 28)).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`, amount: 1n })), kd(1000)],
  ];
  for (const [reason, proposed, owed] of reasons) {
    test(`refused: ${reason}`, () => {
      assert.throws(() => checkSchedule(proposed, owed, on, rules), (error: { code?: string; details?: { reason?: string } }) => error.code === "INSTALMENT_SCHEDULE_INVALID" && error.details?.reason === reason);
    });
  }
});

describe("allocating credits to instalments", () => {
  test("earliest first; a partial payment settles nothing until complete; the surplus is unapplied", () => {
    const at1 = new Date("2026-04-01T09:00:00Z");
    const at2 = new Date("2026-04-02T09:00:00Z");
    let plan = standing([["2026-04-01", kd(100)], ["2026-05-01", kd(100)]]);
    const first = allocateCredit(plan, kd(60), at1);
    assert.deepEqual(first.applied, [{ number: 1, amount: kd(60), settled: false }]);
    plan = first.instalments;
    assert.equal(plan[0]!.paidAt, null);
    const second = allocateCredit(plan, kd(190), at2);
    assert.deepEqual(second.applied, [{ number: 1, amount: kd(40), settled: true }, { number: 2, amount: kd(100), settled: true }]);
    assert.equal(second.unapplied, kd(50));
    assert.equal(second.instalments[0]!.paidAt, at2);
    assert.equal(isFullyPaid(second.instalments), true);
  });

  test("no fils lost or created: applied + unapplied = the credit, paid never above the amount", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 12 }), fc.array(fc.bigInt({ min: 1n, max: 20_000_000n }), { minLength: 1, maxLength: 12 }), (amounts, credits) => {
        let plan = standing(amounts.map((amount, i) => [`2026-${String(i + 1).padStart(2, "0")}-10`, amount]));
        let applied = 0n;
        let unapplied = 0n;
        for (const credit of credits) {
          const result = allocateCredit(plan, credit, new Date());
          const taken = result.applied.reduce((sum, part) => sum + part.amount, 0n);
          assert.equal(taken + result.unapplied, credit);
          applied += taken;
          unapplied += result.unapplied;
          plan = result.instalments;
        }
        const paid = plan.reduce((sum, i) => sum + i.paid, 0n);
        assert.equal(paid, applied);
        const total = amounts.reduce((a, b) => a + b, 0n);
        const received = credits.reduce((a, b) => a + b, 0n);
        assert.equal(paid, received < total ? received : total);
        assert.equal(unapplied, received > total ? received - total : 0n);
        assert.ok(plan.every((i) => i.paid <= i.amount && (i.paidAt !== null) === (i.paid === i.amount)));
      }),
    );
  });
});

describe("missed instalments, by the working-day calendar", () => {
  const calendar = WorkingCalendar.at("2026-03-01");
  test("the deadline is the end of the Kuwait day it falls due, moved to the next working day (Friday → Sunday)", () => {
    // 2026-04-03 is a Friday.
    assert.equal(instalmentDeadline("2026-04-03", 0, calendar).toISOString(), "2026-04-05T20:59:59.999Z");
    assert.equal(instalmentDeadline("2026-04-01", 0, calendar).toISOString(), "2026-04-01T20:59:59.999Z");
    assert.equal(instalmentDeadline("2026-04-01", 2, calendar).toISOString(), "2026-04-05T20:59:59.999Z");
    // National Day (Wed 25 Feb 2026), then Liberation Day and the weekend: due on Sunday 1 March.
    assert.equal(instalmentDeadline("2026-02-25", 0, calendar).toISOString(), "2026-03-01T20:59:59.999Z");
  });

  test("missed when not fully received by the deadline; paid on time is kept; paid late is missed", () => {
    const deadlineOf = (dueOn: string) => instalmentDeadline(dueOn, 0, calendar);
    const plan = standing([["2026-04-01", kd(100)], ["2026-05-03", kd(100)]]);
    assert.equal(firstMissedInstalment(plan, new Date("2026-04-01T20:59:59.999Z"), deadlineOf), null);
    assert.equal(firstMissedInstalment(plan, new Date("2026-04-01T21:00:00.000Z"), deadlineOf)?.number, 1);
    const onTime = allocateCredit(plan, kd(100), new Date("2026-04-01T20:00:00Z")).instalments;
    assert.equal(firstMissedInstalment(onTime, new Date("2026-05-03T20:00:00Z"), deadlineOf), null);
    assert.equal(firstMissedInstalment(onTime, new Date("2026-05-03T21:00:00Z"), deadlineOf)?.number, 2);
    const late = allocateCredit(plan, kd(100), new Date("2026-04-02T08:00:00Z")).instalments;
    assert.equal(firstMissedInstalment(late, new Date("2026-04-02T08:00:01Z"), deadlineOf)?.number, 1);
  });
});
