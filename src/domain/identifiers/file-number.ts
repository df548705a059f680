/**
 * Enforcement file number, YYYY/NNNNNNN-C: year of opening, a 7-digit sequence
 * within that year, and the Luhn check digit of the 11 digits "YYYYNNNNNNN", which
 * catches any single mistyped digit.
 *
 * Assumption: years run 1900–9999 and sequences start at 1.
 */
import { DomainError } from "../errors.ts";
import { toLatinDigits } from "./digits.ts";

export interface FileNumber {
  readonly year: number;
  readonly sequence: number;
  /** The canonical form, YYYY/NNNNNNN-C. */
  readonly text: string;
}

export const MIN_FILE_YEAR = 1900;
export const MAX_FILE_YEAR = 9999;
export const MAX_FILE_SEQUENCE = 9_999_999;

const fileNumberPattern = /^(\d{4})\/(\d{7})-(\d)$/;

export function formatFileNumber(year: number, sequence: number): string {
  if (!isYear(year)) {
    throw new DomainError("FILE_NUMBER_INVALID", { reason: "year" });
  }
  if (!isSequence(sequence)) {
    throw new DomainError("FILE_NUMBER_INVALID", { reason: "sequence" });
  }
  const payload = String(year) + String(sequence).padStart(7, "0");
  return `${payload.slice(0, 4)}/${payload.slice(4)}-${luhnCheckDigit(payload)}`;
}

/** Trims and accepts Arabic-Indic digits; throws FILE_NUMBER_INVALID with a reason. */
export function parseFileNumber(text: string): FileNumber {
  const match = fileNumberPattern.exec(toLatinDigits(text.trim()));
  if (match === null) {
    throw new DomainError("FILE_NUMBER_INVALID", { reason: "format" });
  }
  const [, yearText = "", sequenceText = "", check = ""] = match;
  if (luhnCheckDigit(yearText + sequenceText) !== Number(check)) {
    throw new DomainError("FILE_NUMBER_INVALID", { reason: "checkDigit" });
  }
  const year = Number(yearText);
  const sequence = Number(sequenceText);
  return { year, sequence, text: formatFileNumber(year, sequence) };
}

export function isFileNumber(text: string): boolean {
  try {
    parseFileNumber(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Luhn: from the rightmost payload digit leftwards, double every other digit
 * (starting with that one), add the digits of each product, and pick the digit
 * that brings the total to a multiple of 10.
 */
function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const digit = Number(payload.charAt(payload.length - 1 - i));
    const weighted = i % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

function isYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_FILE_YEAR && year <= MAX_FILE_YEAR;
}

function isSequence(sequence: number): boolean {
  return Number.isInteger(sequence) && sequence >= 1 && sequence <= MAX_FILE_SEQUENCE;
}
