/**
 * Commercial registration (CR) number of a company debtor.
 *
 * Assumption: the official format is not published, so a CR number is taken to be
 * 1 to 10 digits without a leading zero. The rule is a parameter (crNumberFormat)
 * so it can be tightened once the Ministry of Commerce format is confirmed.
 */
import { DomainError } from "../errors.ts";
import { toLatinDigits } from "./digits.ts";

export type CrNumber = string & { readonly __brand: "CrNumber" };

export interface CrNumberFormat {
  readonly minDigits: number;
  readonly maxDigits: number;
}

export const crNumberFormat: CrNumberFormat = { minDigits: 1, maxDigits: 10 };

/** Trims and accepts Arabic-Indic digits; throws CR_NUMBER_INVALID. */
export function parseCrNumber(text: string, format: CrNumberFormat = crNumberFormat): CrNumber {
  const digits = toLatinDigits(text.trim());
  const valid =
    /^[1-9]\d*$/.test(digits) &&
    digits.length >= format.minDigits &&
    digits.length <= format.maxDigits;
  if (!valid) {
    throw new DomainError("CR_NUMBER_INVALID", {
      minDigits: format.minDigits,
      maxDigits: format.maxDigits,
    });
  }
  return digits as CrNumber;
}

export function isCrNumber(text: string, format: CrNumberFormat = crNumberFormat): boolean {
  try {
    parseCrNumber(text, format);
    return true;
  } catch {
    return false;
  }
}
