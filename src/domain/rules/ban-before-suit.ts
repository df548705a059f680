/**
 * Art. 298(e): a travel ban ordered before the creditor sued lapses unless the creditor
 * proves, within the rule's period (7 days in kw-2025), that the suit was filed. The
 * period runs in calendar days from the Kuwait date of the order; a period whose last
 * day is a day off (Friday, Saturday, a public holiday) runs to the next working day,
 * since the courts' registries, where a suit is filed, are closed then (the general rule
 * on periods, Art. 17 of the Procedures Law: M). The ban lapses after that day ends.
 */
import { kuwaitDate } from "../file/calendar.ts";
import { addCalendarDays, endOfKuwaitDay, type WorkingCalendar } from "./calendar.ts";
import type { RuleVersion } from "./rule-set.ts";

export interface SuitFilingDeadline {
  /** Kuwait date of the order (the judge's grant). */
  orderedOn: string;
  /** The rule's period, in days. */
  days: number;
  /** The last Kuwait date on which filing may be proven. */
  lastDay: string;
  /** The first instant at which the ban has lapsed (just after lastDay ends, Asia/Kuwait). */
  lapsesAt: Date;
}

export function suitFilingDeadline(orderedAt: Date, version: RuleVersion, calendar: WorkingCalendar): SuitFilingDeadline {
  const orderedOn = kuwaitDate(orderedAt);
  const days = version.values.deadlines.banBeforeSuitFilingDays;
  const lastDay = calendar.addWorkingDays(addCalendarDays(orderedOn, days), 0);
  return { orderedOn, days, lastDay, lapsesAt: new Date(endOfKuwaitDay(lastDay).getTime() + 1) };
}
