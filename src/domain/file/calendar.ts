/** Kuwait time: UTC+3 all year (no daylight saving). Stored times are UTC. */
const KUWAIT_OFFSET_MS = 3 * 60 * 60 * 1000;

/** The calendar date in Kuwait at an instant, YYYY-MM-DD. */
export function kuwaitDate(instant: Date): string {
  return new Date(instant.getTime() + KUWAIT_OFFSET_MS).toISOString().slice(0, 10);
}

export function kuwaitYear(instant: Date): number {
  return Number(kuwaitDate(instant).slice(0, 4));
}
