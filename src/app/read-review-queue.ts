/**
 * A clerk's or judge's review queue: open items, oldest first, with their age and due
 * time against the service level of the rules (working days, Sunday–Thursday, holidays
 * excluded). Filters: procedure kind, item kind, a minimum age, assigned to me / unassigned.
 */
import { addCalendarDays, endOfKuwaitDay, kuwaitDate, ruleVersionById, serviceLevel, WorkingCalendar, type ReviewQueue } from "../domain/rules/index.ts";
import { openReviewItems, type ReviewItemRow } from "../storage/review/repository.ts";
import type { ReviewItemKind } from "../storage/review/schema.ts";
import { authorizeGlobally } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export interface QueueQuery {
  queue: ReviewQueue;
  procedureKind?: string;
  itemKind?: ReviewItemKind;
  /** Only items at least this many working days old. */
  minAgeWorkingDays?: number;
  assigned?: "me" | "unassigned";
  limit?: number;
}

export interface QueueItem extends ReviewItemRow {
  ageWorkingDays: number;
  slaWorkingDays: number;
  overdue: boolean;
}

/** The last Kuwait date an item may have entered on to be at least `n` working days old today. */
function enteredBy(today: string, n: number): string {
  const calendar = WorkingCalendar.at(today);
  let date = today;
  while (calendar.workingDaysBetween(date, today) < n) date = addCalendarDays(date, -1);
  return date;
}

export async function readReviewQueue(deps: AppDeps, context: UseCaseContext, query: QueueQuery): Promise<QueueItem[]> {
  authorizeGlobally(context.subject, query.queue === "judge" ? "queue.judge" : "queue.clerk");
  const now = deps.clock.now();
  const rows = await openReviewItems(deps.db, {
    queue: query.queue,
    ...(query.procedureKind ? { procedureKind: query.procedureKind } : {}),
    ...(query.itemKind ? { itemKind: query.itemKind } : {}),
    ...(query.minAgeWorkingDays ? { enteredBefore: endOfKuwaitDay(enteredBy(kuwaitDate(now), query.minAgeWorkingDays)) } : {}),
    ...(query.assigned === "me" ? { assigned: { to: context.subject.civilId } } : query.assigned === "unassigned" ? { assigned: "unassigned" as const } : {}),
    limit: query.limit ?? 100,
  });
  const rules = deps.rules;
  return rows.map((row) => {
    const version = ruleVersionById(rules, row.ruleVersion);
    const level = version ? serviceLevel(row.queue, row.enteredAt, now, version) : null;
    return {
      ...row,
      ageWorkingDays: level?.ageWorkingDays ?? 0,
      slaWorkingDays: level?.slaWorkingDays ?? 0,
      overdue: now > row.dueAt,
    };
  });
}
