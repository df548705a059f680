/**
 * Kuwaiti civil ID: 12 digits, C YYMMDD SSSS K. C is the birth century (2 = 1900s,
 * 3 = 2000s), YYMMDD the birth date, SSSS a serial and K a mod-11 check digit.
 */
import { DomainError } from "../errors.ts";
import { toLatinDigits } from "./digits.ts";

export type CivilId = string & { readonly __brand: "CivilId" };

export interface BirthDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export type CivilIdInvalidReason = "length" | "century" | "birthDate" | "checkDigit";

// Every weight is non-zero mod 11 (a prime), so any single changed digit changes
// the sum mod 11 and is caught.
const checkWeights = [2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const centuryStart: Readonly<Record<string, number>> = { "2": 1900, "3": 2000 };

/** Trims and accepts Arabic-Indic digits; throws CIVIL_ID_INVALID with a reason. */
export function parseCivilId(text: string): CivilId {
  const digits = toLatinDigits(text.trim());
  // Anything other than exactly twelve digits is reported as a length problem.
  if (!/^\d{12}$/.test(digits)) {
    throw invalid("length");
  }
  if (centuryStart[digits.charAt(0)] === undefined) {
    throw invalid("century");
  }
  const birth = readBirthDate(digits);
  if (!isCalendarDate(birth)) {
    throw invalid("birthDate");
  }
  if (checkDigit(digits.slice(0, 11)) !== Number(digits.charAt(11))) {
    throw invalid("checkDigit");
  }
  return digits as CivilId;
}

export function isCivilId(text: string): boolean {
  try {
    parseCivilId(text);
    return true;
  } catch {
    return false;
  }
}

export function civilIdBirthDate(id: CivilId): BirthDate {
  return readBirthDate(id);
}

/**
 * Builds a civil ID for a birth date and a serial (0–9999), for demo data. Returns
 * null when no check digit exists for that prefix (about 2 prefixes in 11).
 */
export function makeCivilId(birth: BirthDate, serial: number): CivilId | null {
  if (birth.year < 1900 || birth.year > 2099 || !Number.isInteger(birth.year)) {
    throw invalid("century");
  }
  if (!isCalendarDate(birth)) {
    throw invalid("birthDate");
  }
  // A serial outside 0–9999 would not fit the twelve digits.
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) {
    throw invalid("length");
  }
  const century = birth.year >= 2000 ? "3" : "2";
  const prefix =
    century +
    pad2(birth.year % 100) +
    pad2(birth.month) +
    pad2(birth.day) +
    String(serial).padStart(4, "0");
  const check = checkDigit(prefix);
  return check === null ? null : (`${prefix}${check}` as CivilId);
}

/** Shows the first and last four characters only, e.g. "2880••••2596", for screens and logs. */
export function maskCivilId(id: string): string {
  if (id.length <= 8) return "•".repeat(id.length);
  return id.slice(0, 4) + "•".repeat(id.length - 8) + id.slice(-4);
}

/** K = 11 − (Σ weight × digit mod 11); 10 and 11 are not digits, so no valid K exists. */
function checkDigit(first11: string): number | null {
  let sum = 0;
  checkWeights.forEach((weight, index) => {
    sum += weight * Number(first11.charAt(index));
  });
  const check = 11 - (sum % 11);
  return check >= 10 ? null : check;
}

function readBirthDate(digits: string): BirthDate {
  return {
    year: (centuryStart[digits.charAt(0)] ?? 0) + Number(digits.slice(1, 3)),
    month: Number(digits.slice(3, 5)),
    day: Number(digits.slice(5, 7)),
  };
}

function isCalendarDate({ year, month, day }: BirthDate): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

function invalid(reason: CivilIdInvalidReason): DomainError {
  // The ID itself is left out of details: it is personal data.
  return new DomainError("CIVIL_ID_INVALID", { reason });
}
