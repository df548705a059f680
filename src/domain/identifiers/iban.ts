/**
 * Kuwaiti IBAN: "KW", 2 check digits, the 4-letter bank code, 22 alphanumerics;
 * 30 characters in all, valid when ISO 7064 MOD 97-10 of the rearranged text is 1.
 */
import { DomainError } from "../errors.ts";
import { isBankCode, type BankCode } from "./banks.ts";
import { toLatinDigits } from "./digits.ts";

export type Iban = string & { readonly __brand: "Iban" };

export const IBAN_LENGTH = 30;

const ibanPattern = /^KW\d{2}[A-Z]{4}[A-Z0-9]{22}$/;
const accountPattern = /^[A-Z0-9]{22}$/;

/**
 * Accepts what people paste: any whitespace (usually between groups of four),
 * lowercase and Arabic-Indic digits; returns the compact uppercase form.
 */
export function parseIban(text: string): Iban {
  const compact = toLatinDigits(text).replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z0-9]*$/.test(compact)) {
    throw invalid("format");
  }
  if (compact.length >= 2 && !compact.startsWith("KW")) {
    throw invalid("country");
  }
  if (compact.length !== IBAN_LENGTH) {
    throw invalid("length");
  }
  if (!ibanPattern.test(compact)) {
    throw invalid("format");
  }
  if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1) {
    throw invalid("checksum");
  }
  const bankCode = ibanBankCode(compact);
  if (!isBankCode(bankCode)) {
    throw new DomainError("BANK_CODE_UNKNOWN", { bankCode });
  }
  return compact as Iban;
}

export function isIban(text: string): boolean {
  try {
    parseIban(text);
    return true;
  } catch {
    return false;
  }
}

/** Builds a valid IBAN from a bank code and a 22-character account part (demo data). */
export function makeIban(bankCode: BankCode, accountPart: string): Iban {
  if (!isBankCode(bankCode)) {
    throw new DomainError("BANK_CODE_UNKNOWN", { bankCode });
  }
  const account = accountPart.toUpperCase();
  if (!accountPattern.test(account)) {
    throw invalid("format");
  }
  const bban = bankCode + account;
  const check = 98 - mod97(`${bban}KW00`);
  return `KW${String(check).padStart(2, "0")}${bban}` as Iban;
}

export function ibanBankCode(iban: string): string {
  return iban.slice(4, 8);
}

/** Prints in groups of four, as on bank statements: "KW81 CBKU 0000 …". */
export function formatIban(iban: Iban): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * Remainder mod 97 of the number formed by replacing A–Z with 10–35, computed one
 * character at a time so the 60-digit number is never built.
 */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}

function invalid(reason: "length" | "country" | "format" | "checksum"): DomainError {
  // The IBAN itself is left out of details: it identifies an account.
  return new DomainError("IBAN_INVALID", { reason });
}
