/**
 * The pure logic the pages rely on: an instalment schedule drafted exactly in fils, the
 * agency portal offering only the answers the API's rule takes at this moment, and the
 * dashboard's reading of an agency's health and of a wait.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { TFunction } from "i18next";
import { mayAnswer } from "../../web/src/pages/agency/answers.ts";
import { formatDuration, healthOf } from "../../web/src/pages/back-office/health.ts";
import { addMonths, kuwaitToday, monthlySchedule, sumAmounts } from "../../web/src/pages/debtor/schedule.ts";
import type { AgencyHealth, Me } from "../../web/src/api/types.ts";
import { homeOf } from "../../web/src/session/roles.ts";

test("a debt is split into monthly instalments that add up to it exactly, the last taking the fils left over", () => {
  assert.deepEqual(monthlySchedule("1000.000", 3, "2026-04-15"), [
    { dueOn: "2026-04-15", amount: "333.333" },
    { dueOn: "2026-05-15", amount: "333.333" },
    { dueOn: "2026-06-15", amount: "333.334" },
  ]);
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 1, max: 120 }), (fils, count) => {
      const total = `${fils / 1000n}.${(fils % 1000n).toString().padStart(3, "0")}`;
      const schedule = monthlySchedule(total, count, "2026-01-31");
      assert.equal(schedule.length, count);
      assert.equal(sumAmounts(schedule.map((instalment) => instalment.amount)), total);
      for (let index = 1; index < schedule.length; index++) assert.ok(schedule[index]!.dueOn > schedule[index - 1]!.dueOn);
    }),
  );
  assert.deepEqual(monthlySchedule("10.000", 0, "2026-04-15"), []);
});

test("a month later keeps the day, or the month's last day when it has none", () => {
  assert.equal(addMonths("2026-01-31", 1), "2026-02-28");
  assert.equal(addMonths("2028-01-31", 1), "2028-02-29");
  assert.equal(addMonths("2026-11-15", 3), "2027-02-15");
  assert.equal(kuwaitToday(new Date("2026-03-01T21:30:00Z")), "2026-03-02", "past midnight in Kuwait (UTC+3)");
});

test("the agency portal offers the answers an order takes now, as the API decides them", () => {
  const bank = (status: string) => ({ orderType: "bank_attachment" as const, status });
  assert.equal(mayAnswer("acknowledge", bank("sent")), true);
  assert.equal(mayAnswer("declare", bank("sent")), true);
  assert.equal(mayAnswer("declare", bank("executed")), true, "a later declaration replaces the last");
  assert.equal(mayAnswer("confirm_lift", bank("sent")), false, "no lift before one is ordered");
  assert.equal(mayAnswer("confirm_lift", bank("lift_sent")), true);
  assert.equal(mayAnswer("ban_registered", bank("sent")), false, "not an answer a bank gives");
  assert.equal(mayAnswer("seizure_result", { orderType: "vehicle_seizure", status: "acknowledged" }), true);
  assert.equal(mayAnswer("nothing_held", { orderType: "travel_ban", status: "sent" }), false);
});

test("an agency's health and the longest wait, as the dashboard reads them", () => {
  const agency = (orders: Partial<AgencyHealth["orders"]>, outbound: Partial<AgencyHealth["outbound"]>, answers: Partial<AgencyHealth["answers"]> = {}): AgencyHealth => ({
    agencyKey: "bank:NBOK",
    orders: { awaitingAnswer: 0, oldestAwaitingSince: null, oldestAwaitingSeconds: 0, overdue: 0, deadlineBreaches: 0, ...orders },
    outbound: { pending: 0, retrying: 0, dead: 0, oldestPendingSince: null, oldestPendingSeconds: 0, failedAttempts: 0, retriedRecently: 0, ...outbound },
    answers: { refusedRecently: 0, overDeclarations: 0, lastOverDeclarationAt: null, ...answers },
  });
  assert.equal(healthOf(agency({}, {})), "healthy");
  assert.equal(healthOf(agency({ overdue: 1 }, {})), "attention");
  assert.equal(healthOf(agency({}, { retrying: 2 })), "attention");
  assert.equal(healthOf(agency({}, {}, { refusedRecently: 1 })), "attention");
  // A breach long ago is shown, but does not make the agency unhealthy now.
  assert.equal(healthOf(agency({}, {}, { overDeclarations: 4 })), "healthy");
  assert.equal(healthOf(agency({ overdue: 3 }, { dead: 1 })), "failing");
  const t = ((key: string, options: { count: number }) => `${options.count}${key.slice("duration.".length, "duration.".length + 1)}`) as unknown as TFunction;
  assert.equal(formatDuration(0, t), "—");
  assert.equal(formatDuration(59, t), "1m");
  assert.equal(formatDuration(2 * 86_400 + 3 * 3_600 + 120, t), "2d 3h");
  assert.equal(formatDuration(5 * 3_600 + 7 * 60, t), "5h 7m");
});

test("after sign-in a debtor lands on What I owe, another private person on their files, staff on their tools", () => {
  const person = (staffRoles: Me["staffRoles"] = []): Me => ({ civilId: "289010100011", nameAr: null, nameEn: null, staffRoles, companies: [], mandates: [], csrfToken: null });
  assert.equal(homeOf(person(), { isDebtor: true }), "/debts");
  assert.equal(homeOf(person(), { isDebtor: false }), "/files");
  assert.equal(homeOf(person()), "/files");
  // Staff keep their own tools even when a file is open against them as a private person.
  assert.equal(homeOf(person([{ role: "clerk", agencyKey: null }]), { isDebtor: true }), "/back-office");
  assert.equal(homeOf(person([{ role: "agency_officer", agencyKey: "bank:NBOK" }]), { isDebtor: true }), "/agency");
});
