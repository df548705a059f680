/**
 * Kuwait's working calendar: the working week is Sunday–Thursday (Friday and Saturday
 * off), public holidays are a table. Dates are Kuwait calendar dates (YYYY-MM-DD); an
 * instant is turned into one with `kuwaitDate` (UTC+3, no daylight saving).
 *
 * The holiday table is versioned: the Civil Service Bureau announces the Islamic holidays
 * (moon sighting) shortly before them, so a new table version is added with its own
 * effective date, and a question asked at `asOf` uses the table in force then.
 */
import { DomainError } from "../errors.ts";
import { kuwaitDate } from "../file/calendar.ts";

export { kuwaitDate };

export interface Holiday {
  date: string;
  nameAr: string;
  nameEn: string;
  /** Where the date comes from (the Civil Service Bureau's announcement, the press, or the Hijri calendar's expectation). */
  source?: string;
  /** LEGAL.md's marks: H official, M reliable secondary, L press, U expected (not announced). */
  confidence?: "H" | "M" | "L" | "U";
  /** An Islamic holiday not yet announced (moon sighting): the expected date, which a clerk confirms or moves. */
  expected?: boolean;
}

export interface HolidayTable {
  id: string;
  /** Kuwait date from which this table is the one in force. */
  effectiveFrom: string;
  /** Confidence: the fixed-date holidays are H; Islamic holidays are U until announced. */
  source: string;
  holidays: readonly Holiday[];
}

const h = (date: string, nameAr: string, nameEn: string): Holiday => ({ date, nameAr, nameEn });

/** Kuwait public holidays 2025–2026 as first shipped. Islamic dates are the expected ones (U). */
const kuwaitHolidays2025: HolidayTable = {
  id: "kw-holidays-2025.1",
  effectiveFrom: "2024-12-01",
  source: "Civil Service Bureau announcements; Islamic dates expected by the calendar (U) — replace on announcement",
  holidays: [
    h("2025-01-01", "رأس السنة الميلادية", "New Year's Day"),
    h("2025-01-27", "الإسراء والمعراج", "Isra and Mi'raj"),
    h("2025-02-25", "العيد الوطني", "National Day"),
    h("2025-02-26", "عيد التحرير", "Liberation Day"),
    h("2025-03-30", "عيد الفطر", "Eid al-Fitr"),
    h("2025-03-31", "عيد الفطر", "Eid al-Fitr"),
    h("2025-04-01", "عيد الفطر", "Eid al-Fitr"),
    h("2025-06-05", "يوم عرفة", "Arafat Day"),
    h("2025-06-06", "عيد الأضحى", "Eid al-Adha"),
    h("2025-06-07", "عيد الأضحى", "Eid al-Adha"),
    h("2025-06-08", "عيد الأضحى", "Eid al-Adha"),
    h("2025-06-26", "رأس السنة الهجرية", "Islamic New Year"),
    h("2025-09-04", "المولد النبوي", "The Prophet's Birthday"),
    h("2026-01-01", "رأس السنة الميلادية", "New Year's Day"),
    h("2026-01-15", "الإسراء والمعراج", "Isra and Mi'raj"),
    h("2026-02-25", "العيد الوطني", "National Day"),
    h("2026-02-26", "عيد التحرير", "Liberation Day"),
    h("2026-03-19", "عيد الفطر", "Eid al-Fitr"),
    h("2026-03-22", "عيد الفطر", "Eid al-Fitr"),
    h("2026-03-23", "عيد الفطر", "Eid al-Fitr"),
    h("2026-05-26", "يوم عرفة", "Arafat Day"),
    h("2026-05-27", "عيد الأضحى", "Eid al-Adha"),
    h("2026-05-28", "عيد الأضحى", "Eid al-Adha"),
    h("2026-06-16", "رأس السنة الهجرية", "Islamic New Year"),
    h("2026-08-25", "المولد النبوي", "The Prophet's Birthday"),
  ],
};

const csb = "Civil Service Bureau announcement";
const press = "Civil Service Bureau decision as reported by the press";
const fixed = "Fixed-date public holiday (Civil Service Bureau calendar)";
const hijri = "Expected from the Umm al-Qura calendar; the Civil Service Bureau announces it after the moon sighting";
const a = (date: string, nameAr: string, nameEn: string, source: string, confidence: Holiday["confidence"]): Holiday => ({ date, nameAr, nameEn, source, confidence });
const expect = (date: string, nameAr: string, nameEn: string): Holiday => ({ date, nameAr, nameEn, source: hijri, confidence: "U", expected: true });

/**
 * The table corrected where the sources agree (Isra and Mi'raj 2025 moved to Thursday
 * 30 January; Eid al-Adha 2025 ran 5–9 June; Isra and Mi'raj 2026 moved to Sunday 18
 * January) and extended through 2027: every entry names its source and confidence, and the
 * Islamic holidays not yet announced are expected dates a clerk confirms.
 */
export const kuwaitHolidays2027: HolidayTable = {
  id: "kw-holidays-2027.1",
  effectiveFrom: "2026-12-07",
  source: "Civil Service Bureau announcements and the press for 2025–2026 (each entry marked); 2026–2027 Islamic holidays expected (U) until announced",
  holidays: [
    a("2025-01-01", "رأس السنة الميلادية", "New Year's Day", fixed, "H"),
    a("2025-01-30", "الإسراء والمعراج", "Isra and Mi'raj", press, "L"),
    a("2025-02-25", "العيد الوطني", "National Day", fixed, "H"),
    a("2025-02-26", "عيد التحرير", "Liberation Day", fixed, "H"),
    a("2025-03-30", "عيد الفطر", "Eid al-Fitr", csb, "M"),
    a("2025-03-31", "عيد الفطر", "Eid al-Fitr", csb, "M"),
    a("2025-04-01", "عيد الفطر", "Eid al-Fitr", csb, "M"),
    a("2025-06-05", "يوم عرفة", "Arafat Day", press, "L"),
    a("2025-06-06", "عيد الأضحى", "Eid al-Adha", press, "L"),
    a("2025-06-07", "عيد الأضحى", "Eid al-Adha", press, "L"),
    a("2025-06-08", "عيد الأضحى", "Eid al-Adha", press, "L"),
    a("2025-06-09", "عيد الأضحى", "Eid al-Adha", press, "L"),
    a("2025-06-26", "رأس السنة الهجرية", "Islamic New Year", csb, "M"),
    a("2025-09-04", "المولد النبوي", "The Prophet's Birthday", csb, "M"),
    a("2026-01-01", "رأس السنة الميلادية", "New Year's Day", fixed, "H"),
    a("2026-01-18", "الإسراء والمعراج", "Isra and Mi'raj", press, "L"),
    a("2026-02-25", "العيد الوطني", "National Day", fixed, "H"),
    a("2026-02-26", "عيد التحرير", "Liberation Day", fixed, "H"),
    expect("2026-03-19", "عيد الفطر", "Eid al-Fitr"),
    expect("2026-03-22", "عيد الفطر", "Eid al-Fitr"),
    expect("2026-03-23", "عيد الفطر", "Eid al-Fitr"),
    expect("2026-05-26", "يوم عرفة", "Arafat Day"),
    expect("2026-05-27", "عيد الأضحى", "Eid al-Adha"),
    expect("2026-05-28", "عيد الأضحى", "Eid al-Adha"),
    expect("2026-06-16", "رأس السنة الهجرية", "Islamic New Year"),
    expect("2026-08-25", "المولد النبوي", "The Prophet's Birthday"),
    a("2027-01-01", "رأس السنة الميلادية", "New Year's Day", fixed, "H"),
    expect("2027-01-05", "الإسراء والمعراج", "Isra and Mi'raj"),
    a("2027-02-25", "العيد الوطني", "National Day", fixed, "H"),
    a("2027-02-26", "عيد التحرير", "Liberation Day", fixed, "H"),
    expect("2027-03-10", "عيد الفطر", "Eid al-Fitr"),
    expect("2027-03-11", "عيد الفطر", "Eid al-Fitr"),
    expect("2027-03-14", "عيد الفطر", "Eid al-Fitr"),
    expect("2027-05-16", "يوم عرفة", "Arafat Day"),
    expect("2027-05-17", "عيد الأضحى", "Eid al-Adha"),
    expect("2027-05-18", "عيد الأضحى", "Eid al-Adha"),
    expect("2027-06-06", "رأس السنة الهجرية", "Islamic New Year"),
    expect("2027-08-15", "المولد النبوي", "The Prophet's Birthday"),
  ],
};

/** The tables shipped with this release, oldest first: a question asked at a date uses the table in force then. */
export const kuwaitHolidayTables: readonly HolidayTable[] = [kuwaitHolidays2025, kuwaitHolidays2027];

/** The holiday table in force at a Kuwait date: the latest whose effectiveFrom is on or before it. */
export function holidayTableAt(tables: readonly HolidayTable[], asOf: string): HolidayTable {
  let chosen: HolidayTable | undefined;
  for (const table of tables) {
    if (table.effectiveFrom <= asOf && (!chosen || table.effectiveFrom > chosen.effectiveFrom)) chosen = table;
  }
  if (!chosen) throw new DomainError("RULES_NOT_IN_FORCE", { table: "holidays", asOf });
  return chosen;
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  readonly table: HolidayTable;

  constructor(table: HolidayTable) {
    this.table = table;
    this.holidays = new Set(table.holidays.map((holiday) => holiday.date));
  }

  static at(asOf: string, tables: readonly HolidayTable[] = kuwaitHolidayTables): WorkingCalendar {
    return new WorkingCalendar(holidayTableAt(tables, asOf));
  }

  /** Sunday (0) to Thursday (4), and not a public holiday. */
  isWorkingDay(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday <= 4 && !this.holidays.has(date);
  }

  /** The n-th working day after `date` (n ≥ 0; n = 0 gives `date` itself, or the next working day if it is not one). */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new DomainError("VALIDATION_FAILED", { field: "workingDays", reason: "non-negative integer" });
    let current = date;
    if (n === 0) {
      while (!this.isWorkingDay(current)) current = addCalendarDays(current, 1);
      return current;
    }
    let left = n;
    while (left > 0) {
      current = addCalendarDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /**
   * Working days after `from` up to and including `to` (0 when `to` ≤ `from`). Arithmetic,
   * not a walk over every day: five per whole week, the few days left counted one by one,
   * less the holidays that fall on a working weekday in between (a queue of a year-old
   * items asks this for every item on every read).
   */
  workingDaysBetween(from: string, to: string): number {
    const start = dayNumber(from);
    const days = dayNumber(to) - start;
    if (days <= 0) return 0;
    let count = Math.floor(days / 7) * 5;
    for (let day = start + Math.floor(days / 7) * 7 + 1; day <= start + days; day++) if (weekdayOf(day) <= 4) count++;
    for (const holiday of this.holidays) {
      const day = dayNumber(holiday);
      if (day > start && day <= start + days && weekdayOf(day) <= 4) count--;
    }
    return count;
  }
}

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function addCalendarDays(date: string, days: number): string {
  const base = new Date(`${date}T00:00:00Z`);
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}

/** The last instant of a Kuwait calendar date (23:59:59.999 at UTC+3). */
export function endOfKuwaitDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+03:00`);
}
