/**
 * An instalment schedule drafted in the page: a debt split into equal monthly instalments
 * (in fils, exactly: the last takes the remainder), Kuwait dates a month apart. Pure: the
 * API checks the schedule against the rules in force (count, span, total) when proposed.
 */
export interface DraftInstalment {
  dueOn: string;
  amount: string;
}

const filsOf = (amount: string): bigint => {
  const [whole, fraction = ""] = amount.split(".");
  return BigInt(whole!) * 1000n + BigInt(fraction.padEnd(3, "0").slice(0, 3));
};
const decimalOf = (fils: bigint): string => `${fils / 1000n}.${(fils % 1000n).toString().padStart(3, "0")}`;

/** The same day `months` later; a day the month lacks becomes its last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** `total` (a KWD decimal string) in `count` monthly instalments from `firstDueOn`. */
export function monthlySchedule(total: string, count: number, firstDueOn: string): DraftInstalment[] {
  if (!Number.isInteger(count) || count < 1) return [];
  const fils = filsOf(total);
  const each = fils / BigInt(count);
  return Array.from({ length: count }, (_, index) => ({
    dueOn: addMonths(firstDueOn, index),
    amount: decimalOf(index === count - 1 ? fils - each * BigInt(count - 1) : each),
  }));
}

/** The sum of KWD decimal strings, exactly. */
export function sumAmounts(amounts: readonly string[]): string {
  return decimalOf(amounts.reduce((sum, amount) => sum + filsOf(amount), 0n));
}

/** Today's date in Kuwait, YYYY-MM-DD. */
export function kuwaitToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kuwait", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
