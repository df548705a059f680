import assert from "node:assert/strict";
import { test } from "node:test";
import { suitFilingDeadline } from "./ban-before-suit.ts";
import { WorkingCalendar } from "./calendar.ts";
import { amendRules, kw2025 } from "./rule-set.ts";

const calendar = WorkingCalendar.at("2026-01-01");

test("seven calendar days from the order's Kuwait date; lapses when the last day ends", () => {
  // Sunday 1 March 2026, 10:00 in Kuwait: the last day is Sunday 8 March.
  const deadline = suitFilingDeadline(new Date("2026-03-01T07:00:00Z"), kw2025, calendar);
  assert.deepEqual(deadline, { orderedOn: "2026-03-01", days: 7, lastDay: "2026-03-08", lapsesAt: new Date("2026-03-08T21:00:00.000Z") });
});

test("the Kuwait date counts, not the UTC one", () => {
  // 22:30 UTC on 28 February is already 1 March in Kuwait.
  assert.equal(suitFilingDeadline(new Date("2026-02-28T22:30:00Z"), kw2025, calendar).orderedOn, "2026-03-01");
});

test("a last day that is a day off runs to the next working day", () => {
  // Thursday 12 March + 7 = Thursday 19 March: Eid al-Fitr (19 March), then Friday and Saturday, Eid again on 22 and 23 March.
  assert.equal(suitFilingDeadline(new Date("2026-03-12T07:00:00Z"), kw2025, calendar).lastDay, "2026-03-24");
  // Monday 2 March + 7 = Monday 9 March: a working day, unchanged.
  assert.equal(suitFilingDeadline(new Date("2026-03-02T07:00:00Z"), kw2025, calendar).lastDay, "2026-03-09");
  // Sunday 22 February + 7 = Sunday 1 March; Wednesday 18 February + 7 = Wednesday 25 February, National Day: to Sunday 1 March.
  assert.equal(suitFilingDeadline(new Date("2026-02-18T07:00:00Z"), kw2025, calendar).lastDay, "2026-03-01");
});

test("the period is the rule version's", () => {
  const tenDays = amendRules(kw2025, "test-10-days", "2026-01-01", (values) => ({ ...values, deadlines: { ...values.deadlines, banBeforeSuitFilingDays: 10 } }));
  assert.equal(suitFilingDeadline(new Date("2026-03-01T07:00:00Z"), tenDays, calendar).lastDay, "2026-03-11");
});
