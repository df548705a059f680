import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  MAX_FILS,
  addFils,
  assertNonNegative,
  compareFils,
  formatKwd,
  isPositive,
  maxFils,
  minFils,
  parseFils,
  parseKwd,
  subtractFils,
  sumFils,
} from "./money.ts";

const fails = (code: string) => ({ name: "DomainError", code });

describe("parseKwd", () => {
  it("reads dinars with three decimals", () => {
    assert.equal(parseKwd("1234.567"), 1_234_567n);
    assert.equal(parseKwd("0.001"), 1n);
    assert.equal(parseKwd("0"), 0n);
  });

  it("reads thousand separators in groups of three", () => {
    assert.equal(parseKwd("1,234.567"), 1_234_567n);
    assert.equal(parseKwd("1,234,567"), 1_234_567_000n);
    assert.equal(parseKwd("999,999,999,999,999.999"), MAX_FILS);
  });

  it("pads missing decimals and reads whole dinars", () => {
    assert.equal(parseKwd("1234"), 1_234_000n);
    assert.equal(parseKwd("1234.5"), 1_234_500n);
    assert.equal(parseKwd("1234.56"), 1_234_560n);
  });

  it("trims surrounding spaces and accepts leading zeros", () => {
    assert.equal(parseKwd("  12.5 \t"), 12_500n);
    assert.equal(parseKwd("007.5"), 7_500n);
  });

  it("accepts Arabic-Indic digits and Arabic separators", () => {
    assert.equal(parseKwd("١٢٣٤٫٥٦٧"), 1_234_567n);
    assert.equal(parseKwd("١٬٢٣٤٫٥"), 1_234_500n);
    assert.equal(parseKwd("٠٫٠٠١"), 1n);
    assert.equal(parseKwd("۱۲۳"), 123_000n);
  });

  it("rejects garbage as MONEY_INVALID", () => {
    for (const text of [
      "",
      "   ",
      "abc",
      "1.2.3",
      "1,23.000",
      "12,34",
      "1,2345",
      ",123",
      "0,123",
      "1e3",
      "1E3",
      "1234.",
      ".5",
      "+1",
      "1 234",
      "KD 1",
      "0x10",
      "1_000",
      "-",
      "-abc",
    ]) {
      assert.throws(() => parseKwd(text), fails("MONEY_INVALID"), JSON.stringify(text));
    }
  });

  it("rejects a leading minus as MONEY_NEGATIVE", () => {
    assert.throws(() => parseKwd("-1"), fails("MONEY_NEGATIVE"));
    assert.throws(() => parseKwd(" -1,234.5 "), fails("MONEY_NEGATIVE"));
    assert.throws(() => parseKwd("-0"), fails("MONEY_NEGATIVE"));
  });

  it("rejects more than three decimals as MONEY_SUB_FILS", () => {
    assert.throws(() => parseKwd("1.2345"), fails("MONEY_SUB_FILS"));
    assert.throws(() => parseKwd("1.0000"), fails("MONEY_SUB_FILS"));
  });

  it("rejects more than 15 integer digits as MONEY_TOO_LARGE", () => {
    assert.equal(parseKwd("999999999999999"), 999_999_999_999_999_000n);
    assert.throws(() => parseKwd("1000000000000000"), fails("MONEY_TOO_LARGE"));
    assert.throws(() => parseKwd("1,000,000,000,000,000.000"), fails("MONEY_TOO_LARGE"));
    assert.throws(() => parseKwd("9".repeat(1000)), fails("MONEY_TOO_LARGE"));
    // Leading zeros are not significant digits.
    assert.equal(parseKwd("0000000000000001"), 1000n);
  });
});

describe("parseFils", () => {
  it("reads a whole number of fils", () => {
    assert.equal(parseFils("0"), 0n);
    assert.equal(parseFils("1234567"), 1_234_567n);
    assert.equal(parseFils("007"), 7n);
    assert.equal(parseFils(MAX_FILS.toString()), MAX_FILS);
  });

  it("uses the same error codes as parseKwd", () => {
    for (const text of ["", "abc", "1,000", " 1", "1 ", "1e3", "١٢", "1.", "-"]) {
      assert.throws(() => parseFils(text), fails("MONEY_INVALID"), JSON.stringify(text));
    }
    assert.throws(() => parseFils("-1"), fails("MONEY_NEGATIVE"));
    assert.throws(() => parseFils("1.5"), fails("MONEY_SUB_FILS"));
    assert.throws(() => parseFils((MAX_FILS + 1n).toString()), fails("MONEY_TOO_LARGE"));
    assert.throws(() => parseFils("1".repeat(500)), fails("MONEY_TOO_LARGE"));
  });
});

describe("formatKwd", () => {
  it("prints three decimals with grouping by default", () => {
    assert.equal(formatKwd(1_234_567n), "1,234.567");
    assert.equal(formatKwd(0n), "0.000");
    assert.equal(formatKwd(1n), "0.001");
    assert.equal(formatKwd(-1000n), "-1.000");
    assert.equal(formatKwd(-1_234_567n), "-1,234.567");
    assert.equal(formatKwd(123_000n), "123.000");
    assert.equal(formatKwd(MAX_FILS), "999,999,999,999,999.999");
  });

  it("prints without grouping on request", () => {
    assert.equal(formatKwd(1_234_567n, { grouping: false }), "1234.567");
    assert.equal(formatKwd(1_234_567n, { grouping: true }), "1,234.567");
  });

  it("round-trips through parseKwd and parseFils for any amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_FILS }), fc.boolean(), (fils, grouping) => {
        assert.equal(parseKwd(formatKwd(fils, { grouping })), fils);
        assert.equal(parseFils(fils.toString()), fils);
      }),
    );
  });
});

describe("arithmetic", () => {
  it("adds and subtracts exactly", () => {
    assert.equal(addFils(1n, 2n), 3n);
    assert.equal(subtractFils(5n, 2n), 3n);
    assert.equal(subtractFils(2n, 5n), -3n);
  });

  it("refuses sums above MAX_FILS", () => {
    assert.equal(addFils(MAX_FILS, 0n), MAX_FILS);
    assert.throws(() => addFils(MAX_FILS, 1n), fails("MONEY_TOO_LARGE"));
    assert.throws(() => sumFils([MAX_FILS, 1n]), fails("MONEY_TOO_LARGE"));
  });

  it("compares, takes min and max", () => {
    assert.equal(compareFils(1n, 2n), -1);
    assert.equal(compareFils(2n, 2n), 0);
    assert.equal(compareFils(3n, 2n), 1);
    assert.equal(minFils(1n, 2n), 1n);
    assert.equal(minFils(2n, 1n), 1n);
    assert.equal(maxFils(1n, 2n), 2n);
    assert.equal(maxFils(2n, 1n), 2n);
  });

  it("sums a list, empty included", () => {
    assert.equal(sumFils([]), 0n);
    assert.equal(sumFils([1n, 2n, 3n]), 6n);
  });

  it("tells positive amounts", () => {
    assert.equal(isPositive(1n), true);
    assert.equal(isPositive(0n), false);
    assert.equal(isPositive(-1n), false);
  });

  it("asserts non-negative amounts", () => {
    assert.equal(assertNonNegative(0n), 0n);
    assert.equal(assertNonNegative(5n), 5n);
    assert.throws(() => assertNonNegative(-1n), fails("MONEY_NEGATIVE"));
  });

  it("orders amounts consistently", () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        assert.equal(compareFils(a, b) + compareFils(b, a), 0);
        assert.equal(minFils(a, b) + maxFils(a, b), a + b);
        assert.equal(compareFils(minFils(a, b), maxFils(a, b)) <= 0, true);
      }),
    );
  });
});
