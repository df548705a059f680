/**
 * Money in Kuwaiti dinars, held as integer fils (1 KD = 1000 fils) in a bigint so
 * that no amount is ever rounded. Text is the only way in or out: parseKwd for
 * what people type, parseFils for wire formats, formatKwd for display.
 */
import { DomainError } from "../errors.ts";
import { toLatinDigits } from "../identifiers/digits.ts";

export type Fils = bigint;

export const FILS_PER_KWD = 1000n;

/** 15 integer digits of dinars plus 3 of fils: 999,999,999,999,999.999 KD. */
export const MAX_FILS: Fils = 10n ** 18n - 1n;

const MAX_INTEGER_DIGITS = 15;
const FILS_DIGITS = 3;

// Integer part: plain digits, or groups of three after a first group of 1–3 that
// does not start with 0 (so "0,123" cannot be read as a decimal comma).
const kwdPattern = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;
const filsPattern = /^\d+$/;

/** Parses an amount in dinars as typed by a person, e.g. "1,234.567" or "١٬٢٣٤٫٥". */
export function parseKwd(text: string): Fils {
  const normalized = toLatinDigits(text.trim()).replace(/\u066B/g, ".").replace(/\u066C/g, ",");
  if (normalized.startsWith("-")) {
    // A sign is refused outright; parse the rest only to report garbage as garbage.
    parseKwd(normalized.slice(1));
    throw new DomainError("MONEY_NEGATIVE", { text });
  }
  const match = kwdPattern.exec(normalized);
  if (match === null) {
    throw new DomainError("MONEY_INVALID", { text });
  }
  const integerDigits = (match[1] ?? "").replace(/,/g, "").replace(/^0+(?=\d)/, "");
  const fractionDigits = match[2] ?? "";
  if (fractionDigits.length > FILS_DIGITS) {
    throw new DomainError("MONEY_SUB_FILS", { text });
  }
  if (integerDigits.length > MAX_INTEGER_DIGITS) {
    throw new DomainError("MONEY_TOO_LARGE", { text });
  }
  return BigInt(integerDigits) * FILS_PER_KWD + BigInt(fractionDigits.padEnd(FILS_DIGITS, "0"));
}

/**
 * Parses a non-negative whole number of fils, e.g. "1234567". Wire formats are
 * machine-written, so no trimming, separators or Arabic-Indic digits are accepted.
 */
export function parseFils(text: string): Fils {
  if (text.startsWith("-")) {
    parseFils(text.slice(1));
    throw new DomainError("MONEY_NEGATIVE", { text });
  }
  if (/^\d+\.\d+$/.test(text)) {
    throw new DomainError("MONEY_SUB_FILS", { text });
  }
  if (!filsPattern.test(text)) {
    throw new DomainError("MONEY_INVALID", { text });
  }
  // Check the digit count first so a huge string never becomes a huge bigint.
  if (text.replace(/^0+(?=\d)/, "").length > String(MAX_FILS).length) {
    throw new DomainError("MONEY_TOO_LARGE", { text });
  }
  return assertWithinMax(BigInt(text));
}

/** Formats fils as dinars with exactly three decimals: "1,234.567", "0.000", "-1.000". */
export function formatKwd(fils: Fils, opts: { grouping?: boolean } = {}): string {
  const grouping = opts.grouping ?? true;
  const sign = fils < 0n ? "-" : "";
  const magnitude = fils < 0n ? -fils : fils;
  const dinars = (magnitude / FILS_PER_KWD).toString();
  const rest = (magnitude % FILS_PER_KWD).toString().padStart(FILS_DIGITS, "0");
  const integerPart = grouping ? dinars.replace(/\B(?=(\d{3})+$)/g, ",") : dinars;
  return `${sign}${integerPart}.${rest}`;
}

export function addFils(a: Fils, b: Fils): Fils {
  return assertWithinMax(a + b);
}

/** May return a negative amount; callers that need a balance use assertNonNegative. */
export function subtractFils(a: Fils, b: Fils): Fils {
  return a - b;
}

export function minFils(a: Fils, b: Fils): Fils {
  return a < b ? a : b;
}

export function maxFils(a: Fils, b: Fils): Fils {
  return a > b ? a : b;
}

export function compareFils(a: Fils, b: Fils): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sumFils(list: readonly Fils[]): Fils {
  let total = 0n;
  for (const fils of list) total += fils;
  return assertWithinMax(total);
}

export function isPositive(fils: Fils): boolean {
  return fils > 0n;
}

/** Returns the amount unchanged, so it can guard an expression inline. */
export function assertNonNegative(fils: Fils): Fils {
  if (fils < 0n) {
    throw new DomainError("MONEY_NEGATIVE", { fils: fils.toString() });
  }
  return fils;
}

function assertWithinMax(fils: Fils): Fils {
  if (fils > MAX_FILS) {
    throw new DomainError("MONEY_TOO_LARGE", { fils: fils.toString() });
  }
  return fils;
}
