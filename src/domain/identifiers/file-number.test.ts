import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatFileNumber, isFileNumber, parseFileNumber } from "./file-number.ts";

const fails = (reason: string) => ({ name: "DomainError", code: "FILE_NUMBER_INVALID", details: { reason } });

/** Independent oracle: a full number passes Luhn when the doubled-from-the-right sum ends in 0. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    const doubled = i % 2 === 1 ? Number(c) * 2 : Number(c);
    sum += Math.floor(doubled / 10) + (doubled % 10);
  });
  return sum % 10 === 0;
}

/** Appends the digit that makes "YYYYNNNNNNN" pass Luhn, whatever the year. */
function withCheckDigit(year: string, sequence: string): string {
  for (let k = 0; k <= 9; k++) {
    if (passesLuhn(year + sequence + k)) return `${year}/${sequence}-${k}`;
  }
  throw new Error("unreachable");
}

const years = fc.integer({ min: 1900, max: 9999 });
const sequences = fc.integer({ min: 1, max: 9_999_999 });

describe("formatFileNumber", () => {
  it("pads the sequence and appends the Luhn check digit", () => {
    assert.equal(formatFileNumber(2024, 123), "2024/0000123-8");
    assert.equal(formatFileNumber(2024, 1), withCheckDigit("2024", "0000001"));
    assert.equal(formatFileNumber(1999, 9_999_999), withCheckDigit("1999", "9999999"));
  });

  it("refuses years and sequences that do not fit", () => {
    assert.throws(() => formatFileNumber(1899, 1), fails("year"));
    assert.throws(() => formatFileNumber(10000, 1), fails("year"));
    assert.throws(() => formatFileNumber(2024.5, 1), fails("year"));
    assert.throws(() => formatFileNumber(2024, 0), fails("sequence"));
    assert.throws(() => formatFileNumber(2024, 10_000_000), fails("sequence"));
    assert.throws(() => formatFileNumber(2024, 1.5), fails("sequence"));
  });

  it("always produces a number that passes Luhn", () => {
    fc.assert(
      fc.property(years, sequences, (year, sequence) => {
        assert.ok(passesLuhn(formatFileNumber(year, sequence).replace(/\D/g, "")));
      }),
    );
  });
});

describe("parseFileNumber", () => {
  it("reads year and sequence", () => {
    assert.deepEqual(parseFileNumber("2024/0000123-8"), { year: 2024, sequence: 123, text: "2024/0000123-8" });
    assert.equal(isFileNumber("2024/0000123-8"), true);
  });

  it("trims and accepts Arabic-Indic digits", () => {
    assert.equal(parseFileNumber("  ٢٠٢٤/٠٠٠٠١٢٣-٨ ").text, "2024/0000123-8");
  });

  it("rejects a bad layout as format", () => {
    for (const text of ["", "2024/123-8", "24/0000123-8", "2024-0000123-8", "2024/0000123-", "2024/0000123-88", "2024/00001230"]) {
      assert.throws(() => parseFileNumber(text), fails("format"), JSON.stringify(text));
      assert.equal(isFileNumber(text), false);
    }
  });

  it("rejects a wrong check digit", () => {
    assert.throws(() => parseFileNumber("2024/0000123-9"), fails("checkDigit"));
  });

  it("rejects a year before 1900 and sequence zero even with a good check digit", () => {
    assert.throws(() => parseFileNumber(withCheckDigit("1899", "0000001")), fails("year"));
    assert.throws(() => parseFileNumber(withCheckDigit("2024", "0000000")), fails("sequence"));
  });

  it("round-trips with formatFileNumber", () => {
    fc.assert(
      fc.property(years, sequences, (year, sequence) => {
        const text = formatFileNumber(year, sequence);
        assert.deepEqual(parseFileNumber(text), { year, sequence, text });
      }),
    );
  });

  it("always detects a single changed digit", () => {
    fc.assert(
      fc.property(years, sequences, (year, sequence) => {
        const text = formatFileNumber(year, sequence);
        for (let position = 0; position < text.length; position++) {
          if (!/\d/.test(text.charAt(position))) continue;
          for (let digit = 0; digit <= 9; digit++) {
            if (String(digit) === text.charAt(position)) continue;
            const typo = text.slice(0, position) + digit + text.slice(position + 1);
            assert.equal(isFileNumber(typo), false, `${typo} accepted`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
