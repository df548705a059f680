import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bankByCode, banks, commercialBankCodes, isBankCode } from "./banks.ts";

describe("banks", () => {
  it("lists eleven banks with unique 4-letter codes and both names", () => {
    assert.equal(banks.length, 11);
    assert.equal(new Set(banks.map((bank) => bank.code)).size, banks.length);
    for (const bank of banks) {
      assert.match(bank.code, /^[A-Z]{4}$/);
      assert.match(bank.nameAr, /[\u0600-\u06FF]/);
      assert.ok(bank.nameEn.length > 0);
    }
  });

  it("knows bank codes", () => {
    assert.equal(isBankCode("NBOK"), true);
    assert.equal(isBankCode("CBKU"), true);
    assert.equal(isBankCode("nbok"), false);
    assert.equal(isBankCode("XXXX"), false);
    assert.equal(isBankCode(""), false);
  });

  it("looks a bank up by code", () => {
    assert.equal(bankByCode("KFHO").nameEn, "Kuwait Finance House");
    assert.equal(bankByCode("GULB").nameAr, "بنك الخليج");
  });

  it("sends orders to the ten commercial banks, not the Central Bank", () => {
    assert.deepEqual(
      [...commercialBankCodes].sort(),
      ["ABKK", "BBYN", "BRGN", "COMB", "DOHB", "GULB", "KFHO", "KWIB", "NBOK", "WRBA"],
    );
    assert.equal(bankByCode("CBKU").receivesOrders, false);
  });
});
