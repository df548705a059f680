/** Ages of review-queue items against their service levels, in Kuwait working days. */
import { WorkingCalendar, endOfKuwaitDay, kuwaitDate, type HolidayTable } from "./calendar.ts";
import type { ReviewQueue, RuleVersion } from "./rule-set.ts";

export interface ServiceLevel {
  /** Working days allowed (from the rules). */
  slaWorkingDays: number;
  /** Working days since the item entered the queue. */
  ageWorkingDays: number;
  dueAt: Date;
  overdue: boolean;
}

export function serviceLevel(
  queue: ReviewQueue,
  enteredAt: Date,
  now: Date,
  version: RuleVersion,
  holidayTables?: readonly HolidayTable[],
): ServiceLevel {
  const calendar = WorkingCalendar.at(kuwaitDate(now), holidayTables);
  const sla = version.values.sla[queue];
  const entered = kuwaitDate(enteredAt);
  const dueAt = endOfKuwaitDay(calendar.addWorkingDays(entered, sla));
  return { slaWorkingDays: sla, ageWorkingDays: calendar.workingDaysBetween(entered, kuwaitDate(now)), dueAt, overdue: now > dueAt };
}

/** The answer deadline for an agency's order sent at `sentAt` (Art. 230(e) for banks). */
export function agencyAnswerDueAt(agencyKey: string, sentAt: Date, version: RuleVersion): Date {
  const days = agencyKey.startsWith("bank:") ? version.values.deadlines.bankDeclarationDays : version.values.deadlines.agencyAnswerDays;
  return new Date(sentAt.getTime() + days * 86_400_000);
}
