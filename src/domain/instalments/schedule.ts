/**
 * An instalment plan's schedule, pure: checked against the rules when proposed; credits
 * received on the file allocated to the instalments in order (earliest first, so a
 * payment always settles the oldest debt); and the first instalment missed — not fully
 * received by its deadline (the due date plus the grace in working days, Kuwait time).
 */
import { DomainError } from "../errors.ts";
import { addCalendarDays, endOfKuwaitDay, type WorkingCalendar } from "../rules/calendar.ts";
import type { InstalmentRules } from "../rules/disputes-and-instalments.ts";
import type { Fils } from "../money/index.ts";

export interface ProposedInstalment {
  /** Kuwait calendar date, YYYY-MM-DD. */
  dueOn: string;
  amount: Fils;
}

export interface Instalment extends ProposedInstalment {
  /** 1, 2, … in order of due date. */
  number: number;
}

export interface InstalmentStanding extends Instalment {
  /** What has been received towards it so far. */
  paid: Fils;
  /** When it became fully paid, or null. */
  paidAt: Date | null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function invalid(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("INSTALMENT_SCHEDULE_INVALID", { reason, ...details });
}

function isCalendarDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The schedule as proposed on Kuwait date `proposedOn`, checked: 1 to `maxInstalments`
 * instalments, each a positive amount, due dates real and strictly increasing, none
 * before the proposal, the last within `maxSpanDays`; the total no more than is owed (a
 * plan may cover part of the debt). Returns the instalments numbered in order.
 */
export function checkSchedule(proposed: readonly ProposedInstalment[], outstanding: Fils, proposedOn: string, rules: InstalmentRules): Instalment[] {
  if (proposed.length === 0) throw invalid("no_instalments");
  if (proposed.length > rules.maxInstalments) throw invalid("too_many_instalments", { maxInstalments: rules.maxInstalments });
  const latest = addCalendarDays(proposedOn, rules.maxSpanDays);
  let previous: string | null = null;
  let total = 0n;
  const instalments = proposed.map((instalment, index): Instalment => {
    const position = index + 1;
    if (instalment.amount <= 0n) throw invalid("amount_not_positive", { instalment: position });
    if (!isCalendarDate(instalment.dueOn)) throw invalid("due_date_invalid", { instalment: position });
    if (instalment.dueOn < proposedOn) throw invalid("due_date_in_past", { instalment: position, proposedOn });
    if (instalment.dueOn > latest) throw invalid("due_date_too_late", { instalment: position, latest });
    if (previous !== null && instalment.dueOn <= previous) throw invalid("due_dates_not_increasing", { instalment: position });
    previous = instalment.dueOn;
    total += instalment.amount;
    return { number: position, dueOn: instalment.dueOn, amount: instalment.amount };
  });
  if (total > outstanding) throw invalid("total_exceeds_outstanding", { total: total.toString(), outstanding: outstanding.toString() });
  return instalments;
}

export const scheduleTotal = (instalments: readonly ProposedInstalment[]): Fils => instalments.reduce((sum, instalment) => sum + instalment.amount, 0n);

export interface CreditAllocation {
  instalments: InstalmentStanding[];
  /** What each instalment received from this credit, in order. */
  applied: { number: number; amount: Fils; settled: boolean }[];
  /** What the schedule could not take (the plan is paid): it still reduces what is owed. */
  unapplied: Fils;
}

/** Allocates a credit received at `receivedAt` to the earliest instalments not fully paid. */
export function allocateCredit(instalments: readonly InstalmentStanding[], amount: Fils, receivedAt: Date): CreditAllocation {
  if (amount <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "amount", reason: "positive" });
  let left = amount;
  const applied: CreditAllocation["applied"] = [];
  const next = [...instalments]
    .sort((a, b) => a.number - b.number)
    .map((instalment) => {
      const owed = instalment.amount - instalment.paid;
      if (left === 0n || owed <= 0n) return { ...instalment };
      const take = left < owed ? left : owed;
      left -= take;
      const settled = take === owed;
      applied.push({ number: instalment.number, amount: take, settled });
      return { ...instalment, paid: instalment.paid + take, paidAt: settled ? receivedAt : null };
    });
  return { instalments: next, applied, unapplied: left };
}

/** The instant by which an instalment must be fully received: end of the Kuwait day, `graceWorkingDays` working days after it falls due (a due date off work moves to the next working day). */
export function instalmentDeadline(dueOn: string, graceWorkingDays: number, calendar: WorkingCalendar): Date {
  return endOfKuwaitDay(calendar.addWorkingDays(dueOn, graceWorkingDays));
}

/** The first instalment not fully received by its deadline, as of `now`; null while the plan is kept. */
export function firstMissedInstalment(instalments: readonly InstalmentStanding[], now: Date, deadlineOf: (dueOn: string) => Date): InstalmentStanding | null {
  for (const instalment of [...instalments].sort((a, b) => a.number - b.number)) {
    const deadline = deadlineOf(instalment.dueOn);
    const paidInTime = instalment.paid >= instalment.amount && instalment.paidAt !== null && instalment.paidAt <= deadline;
    if (paidInTime) continue;
    const settledLate = instalment.paid >= instalment.amount && instalment.paidAt !== null;
    if (settledLate || now > deadline) return instalment;
  }
  return null;
}

export const isFullyPaid = (instalments: readonly InstalmentStanding[]): boolean => instalments.every((instalment) => instalment.paid >= instalment.amount);
