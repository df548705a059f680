import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { banks, type BankCode } from "./banks.ts";
import { formatIban, ibanBankCode, isIban, makeIban, parseIban } from "./iban.ts";

const example = "KW81CBKU0000000000001234560101";
const fails = (reason: "length" | "country" | "format" | "checksum") => ({
  name: "DomainError",
  code: "IBAN_INVALID",
  details: { reason },
});

/** Independent oracle: ISO 13616 check with one big integer. */
function mod97(iban: string): bigint {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rearranged].map((c) => String(Number.parseInt(c, 36))).join("");
  return BigInt(digits) % 97n;
}

const alphanumeric = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const bankCodes = fc.constantFrom(...banks.map((bank) => bank.code));
const accountParts = fc.oneof(
  fc.array(fc.constantFrom(...alphanumeric.slice(0, 10)), { minLength: 22, maxLength: 22 }).map((c) => c.join("")),
  fc.array(fc.constantFrom(...alphanumeric), { minLength: 22, maxLength: 22 }).map((c) => c.join("")),
);

describe("parseIban", () => {
  it("accepts the example IBAN", () => {
    assert.equal(parseIban(example), example);
    assert.equal(isIban(example), true);
    assert.equal(mod97(example), 1n);
  });

  it("accepts spaces, lowercase and Arabic-Indic digits, and normalizes", () => {
    assert.equal(parseIban("KW81 CBKU 0000 0000 0000 1234 5601 01"), example);
    assert.equal(parseIban("  kw81cbku0000000000001234560101  "), example);
    assert.equal(parseIban("kw81 cbku ٠٠٠٠ 0000 0000 1234 5601 01"), example);
  });

  it("rejects other countries", () => {
    assert.throws(() => parseIban("DE89370400440532013000"), fails("country"));
    assert.throws(() => parseIban("SA0380000000608010167519"), fails("country"));
  });

  it("rejects the wrong length", () => {
    assert.throws(() => parseIban(""), fails("length"));
    assert.throws(() => parseIban("K"), fails("length"));
    assert.throws(() => parseIban("KW"), fails("length"));
    assert.throws(() => parseIban(example.slice(0, 29)), fails("length"));
    assert.throws(() => parseIban(`${example}0`), fails("length"));
  });

  it("rejects bad characters and bad layout as format", () => {
    assert.throws(() => parseIban("KW81-CBKU-0000-0000-0000-1234-5601-01"), fails("format"));
    assert.throws(() => parseIban("KW8XCBKU0000000000001234560101"), fails("format"));
    assert.throws(() => parseIban("KW81CBK10000000000001234560101"), fails("format"));
  });

  it("rejects a wrong checksum", () => {
    assert.throws(() => parseIban("KW82CBKU0000000000001234560101"), fails("checksum"));
    assert.throws(() => parseIban("KW81CBKU0000000000001234560102"), fails("checksum"));
  });

  it("rejects a well-formed IBAN of an unknown bank as BANK_CODE_UNKNOWN", () => {
    const bban = "XXXX0000000000001234560101";
    const check = String(98n - mod97(`KW00${bban}`)).padStart(2, "0");
    const unknownBank = `KW${check}${bban}`;
    assert.equal(mod97(unknownBank), 1n);
    assert.throws(() => parseIban(unknownBank), {
      name: "DomainError",
      code: "BANK_CODE_UNKNOWN",
      details: { bankCode: "XXXX" },
    });
  });
});

describe("makeIban", () => {
  it("rebuilds the example", () => {
    assert.equal(makeIban("CBKU", "0000000000001234560101"), example);
  });

  it("uppercases the account part", () => {
    assert.equal(makeIban("NBOK", "abcdefghij0123456789kl"), makeIban("NBOK", "ABCDEFGHIJ0123456789KL"));
    assert.equal(isIban(makeIban("NBOK", "abcdefghij0123456789kl")), true);
  });

  it("refuses a bad account part or bank code", () => {
    assert.throws(() => makeIban("NBOK", "123"), fails("format"));
    assert.throws(() => makeIban("NBOK", "00000000000012345601011"), fails("format"));
    assert.throws(() => makeIban("NBOK", "000000000000123456010!"), fails("format"));
    assert.throws(() => makeIban("XXXX" as BankCode, "0000000000001234560101"), {
      name: "DomainError",
      code: "BANK_CODE_UNKNOWN",
    });
  });

  it("always makes an IBAN that parses, with a correct checksum", () => {
    fc.assert(
      fc.property(bankCodes, accountParts, (bankCode, account) => {
        const iban = makeIban(bankCode, account);
        assert.equal(parseIban(iban), iban);
        assert.equal(parseIban(formatIban(iban)), iban);
        assert.equal(ibanBankCode(iban), bankCode);
        assert.equal(mod97(iban), 1n);
      }),
      { numRuns: 500 },
    );
  });
});

describe("single-character typos", () => {
  // A digit for a digit (or a letter for a letter) changes the number by d·10^k with
  // 0 < |d| < 97, and 97 is prime, so MOD 97 always catches it.
  it("always detects a changed digit, and a changed letter", () => {
    fc.assert(
      fc.property(bankCodes, accountParts, (bankCode, account) => {
        const iban = makeIban(bankCode, account);
        for (let position = 2; position < iban.length; position++) {
          const original = iban.charAt(position);
          const sameKind = alphanumeric.filter((c) => c !== original && /\d/.test(c) === /\d/.test(original));
          for (const c of sameKind) {
            const typo = iban.slice(0, position) + c + iban.slice(position + 1);
            assert.equal(isIban(typo), false, `${typo} accepted`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  // A letter for a digit (or the reverse) in the account part turns one digit into
  // two, shifting the rest; MOD 97 then misses about 1 such typo in 97.
  it("can miss a letter typed for a digit in the account part (documented limit)", () => {
    const iban = makeIban("NBOK", "1010335051271947118077");
    assert.equal(iban, "KW13NBOK1010335051271947118077");
    assert.equal(isIban("KW13NBOK101M335051271947118077"), true);
  });
});

describe("formatIban", () => {
  it("prints in groups of four", () => {
    assert.equal(formatIban(parseIban(example)), "KW81 CBKU 0000 0000 0000 1234 5601 01");
  });
});
