import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { crNumberFormat, isCrNumber, parseCrNumber } from "./commercial-registration.ts";

const fails = { name: "DomainError", code: "CR_NUMBER_INVALID" };

describe("parseCrNumber", () => {
  it("accepts 1 to 10 digits without a leading zero", () => {
    assert.equal(parseCrNumber("1"), "1");
    assert.equal(parseCrNumber("123456"), "123456");
    assert.equal(parseCrNumber("1234567890"), "1234567890");
    assert.deepEqual(crNumberFormat, { minDigits: 1, maxDigits: 10 });
  });

  it("trims and accepts Arabic-Indic digits", () => {
    assert.equal(parseCrNumber("  ١٢٣٤٥ "), "12345");
  });

  it("rejects anything else as CR_NUMBER_INVALID", () => {
    for (const text of ["", " ", "0", "0123", "12345678901", "12a", "-1", "1.0", "1 2", "12/3"]) {
      assert.throws(() => parseCrNumber(text), fails, JSON.stringify(text));
      assert.equal(isCrNumber(text), false);
    }
  });

  it("takes the length rule as a parameter", () => {
    const format = { minDigits: 5, maxDigits: 8 };
    assert.equal(parseCrNumber("12345", format), "12345");
    assert.throws(() => parseCrNumber("1234", format), fails);
    assert.throws(() => parseCrNumber("123456789", format), fails);
    assert.equal(isCrNumber("12345678", format), true);
  });

  it("accepts every positive integer up to 10 digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (n) => {
        assert.equal(parseCrNumber(String(n)), String(n));
      }),
    );
  });
});
