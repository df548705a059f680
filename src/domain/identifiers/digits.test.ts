import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { toLatinDigits } from "./digits.ts";

describe("toLatinDigits", () => {
  it("maps Arabic-Indic and extended Arabic-Indic digits to ASCII", () => {
    assert.equal(toLatinDigits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
    assert.equal(toLatinDigits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
  });

  it("leaves everything else alone", () => {
    assert.equal(toLatinDigits("KW 12/٣-x٫٬"), "KW 12/3-x٫٬");
    assert.equal(toLatinDigits(""), "");
  });
});
