import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WorkingCalendar, addCalendarDays, endOfKuwaitDay, holidayTableAt, kuwaitDate, kuwaitHolidayTables, type HolidayTable } from "./calendar.ts";

const table: HolidayTable = {
  id: "t1",
  effectiveFrom: "2026-01-01",
  source: "test",
  holidays: [
    { date: "2026-02-25", nameAr: "العيد الوطني", nameEn: "National Day" },
    { date: "2026-02-26", nameAr: "عيد التحرير", nameEn: "Liberation Day" },
  ],
};
const calendar = new WorkingCalendar(table);

describe("Kuwait working calendar", () => {
  test("Sunday–Thursday are working days; Friday and Saturday are not", () => {
    // 2026-03-01 is a Sunday.
    assert.deepEqual(
      ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07"].map((d) => calendar.isWorkingDay(d)),
      [true, true, true, true, true, false, false],
    );
  });

  test("adding working days skips the weekend", () => {
    // Thursday 2026-03-05 + 1 working day = Sunday 2026-03-08.
    assert.equal(calendar.addWorkingDays("2026-03-05", 1), "2026-03-08");
    // Wednesday + 3 = Monday (Thu, Sun, Mon).
    assert.equal(calendar.addWorkingDays("2026-03-04", 3), "2026-03-09");
    // From a Friday, the first working day is Sunday.
    assert.equal(calendar.addWorkingDays("2026-03-06", 1), "2026-03-08");
    assert.equal(calendar.addWorkingDays("2026-03-06", 0), "2026-03-08");
  });

  test("adding working days skips holidays and the weekend together", () => {
    // Tuesday 2026-02-24 + 1: Wed 25 and Thu 26 are holidays, Fri/Sat weekend → Sunday 1 March.
    assert.equal(calendar.addWorkingDays("2026-02-24", 1), "2026-03-01");
    assert.equal(calendar.addWorkingDays("2026-02-24", 3), "2026-03-03");
    // Without the holidays it would be Wednesday.
    assert.equal(new WorkingCalendar({ ...table, holidays: [] }).addWorkingDays("2026-02-24", 1), "2026-02-25");
  });

  test("working days between two dates count neither the start, weekends nor holidays", () => {
    assert.equal(calendar.workingDaysBetween("2026-02-24", "2026-03-01"), 1);
    assert.equal(calendar.workingDaysBetween("2026-03-01", "2026-03-08"), 5);
    assert.equal(calendar.workingDaysBetween("2026-03-08", "2026-03-01"), 0);
  });

  test("the holiday table in force is chosen by its effective date", () => {
    const newer: HolidayTable = { ...table, id: "t2", effectiveFrom: "2026-03-10", holidays: [...table.holidays, { date: "2026-03-19", nameAr: "عيد الفطر", nameEn: "Eid al-Fitr" }] };
    assert.equal(holidayTableAt([table, newer], "2026-03-09").id, "t1");
    assert.equal(holidayTableAt([table, newer], "2026-03-10").id, "t2");
    assert.throws(() => holidayTableAt([table, newer], "2025-12-31"), { code: "RULES_NOT_IN_FORCE" });
    assert.equal(WorkingCalendar.at("2026-03-09", [table, newer]).isWorkingDay("2026-03-19"), true);
    assert.equal(WorkingCalendar.at("2026-03-10", [table, newer]).isWorkingDay("2026-03-19"), false);
  });

  test("Kuwait dates and day ends are at UTC+3", () => {
    assert.equal(kuwaitDate(new Date("2026-03-05T21:30:00Z")), "2026-03-06");
    assert.equal(endOfKuwaitDay("2026-03-05").toISOString(), "2026-03-05T20:59:59.999Z");
    assert.equal(addCalendarDays("2026-02-28", 1), "2026-03-01");
  });
});

describe("workingDaysBetween: the arithmetic agrees with counting day by day", () => {
  test("for random spans over the holiday table, up to two years", async () => {
    const fc = (await import("fast-check")).default;
    const calendar = WorkingCalendar.at("2026-06-01");
    const walk = (from: string, to: string) => {
      let count = 0;
      for (let current = addCalendarDays(from, 1); current <= to; current = addCalendarDays(current, 1)) if (calendar.isWorkingDay(current)) count++;
      return count;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: -10, max: 760 }), (offset, length) => {
        const from = addCalendarDays("2025-01-01", offset);
        const to = addCalendarDays(from, length);
        assert.equal(calendar.workingDaysBetween(from, to), walk(from, to));
      }),
      { numRuns: 500 },
    );
  });
});

describe("the shipped holiday tables", () => {
  test("the corrected table: dates the sources agree on, each entry with its source and confidence, through 2027", () => {
    const table = holidayTableAt(kuwaitHolidayTables, "2026-12-07");
    assert.equal(table.id, "kw-holidays-2027.1");
    const dates = new Set(table.holidays.map((holiday) => holiday.date));
    // Isra and Mi'raj 2025 moved to Thursday 30 January; 2026 to Sunday 18 January; Eid al-Adha 2025 ran 5–9 June.
    for (const date of ["2025-01-30", "2026-01-18", "2025-06-05", "2025-06-09"]) assert.ok(dates.has(date), date);
    for (const date of ["2025-01-27", "2026-01-15"]) assert.ok(!dates.has(date), `${date} was moved`);
    assert.ok(table.holidays.every((holiday) => holiday.source && holiday.confidence), "every entry names its source and confidence");
    assert.ok(table.holidays.some((holiday) => holiday.date.startsWith("2027-")), "through 2027");
    assert.ok(table.holidays.filter((holiday) => holiday.expected).every((holiday) => holiday.confidence === "U"), "expected dates are unconfirmed");
    // Questions asked before the correction keep the table they were answered with.
    assert.equal(holidayTableAt(kuwaitHolidayTables, "2026-03-01").id, "kw-holidays-2025.1");
    assert.equal(new WorkingCalendar(table).isWorkingDay("2025-01-27"), true);
    assert.equal(new WorkingCalendar(table).isWorkingDay("2025-01-30"), false);
  });
});
