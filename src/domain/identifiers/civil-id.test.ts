import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  civilIdBirthDate,
  isCivilId,
  makeCivilId,
  maskCivilId,
  parseCivilId,
  type CivilIdInvalidReason,
} from "./civil-id.ts";

const fails = (reason: CivilIdInvalidReason) => ({
  name: "DomainError",
  code: "CIVIL_ID_INVALID",
  details: { reason },
});

const birthDates = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => ({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }));
const serials = fc.integer({ min: 0, max: 9999 });

describe("parseCivilId", () => {
  it("accepts the known valid IDs", () => {
    for (const id of ["288020122596", "227081660516", "292091998298"]) {
      assert.equal(parseCivilId(id), id);
      assert.equal(isCivilId(id), true);
    }
  });

  it("trims and accepts Arabic-Indic digits", () => {
    assert.equal(parseCivilId("  288020122596\n"), "288020122596");
    assert.equal(parseCivilId("٢٨٨٠٢٠١٢٢٥٩٦"), "288020122596");
  });

  it("rejects anything but twelve digits as length", () => {
    for (const text of ["", "28802012259", "2880201225960", "28802012259a", "2880-2012259", "2 88020122596"]) {
      assert.throws(() => parseCivilId(text), fails("length"), JSON.stringify(text));
      assert.equal(isCivilId(text), false);
    }
  });

  it("rejects a century digit other than 2 or 3", () => {
    for (const first of ["0", "1", "4", "9"]) {
      assert.throws(() => parseCivilId(`${first}88020122596`), fails("century"));
    }
  });

  it("rejects birth dates that are not on the calendar", () => {
    assert.throws(() => parseCivilId("288130122596"), fails("birthDate")); // month 13
    assert.throws(() => parseCivilId("288000122596"), fails("birthDate")); // month 0
    assert.throws(() => parseCivilId("288020022596"), fails("birthDate")); // day 0
    assert.throws(() => parseCivilId("288043122596"), fails("birthDate")); // 31 April
    assert.throws(() => parseCivilId("201022922596"), fails("birthDate")); // 29 Feb 1901
    assert.throws(() => parseCivilId("200022922596"), fails("birthDate")); // 29 Feb 1900
  });

  it("accepts leap days", () => {
    const leap2000 = makeCivilId({ year: 2000, month: 2, day: 29 }, 1) ?? makeCivilId({ year: 2000, month: 2, day: 29 }, 2);
    assert.ok(leap2000 !== null);
    assert.equal(parseCivilId(leap2000), leap2000);
    assert.ok(leap2000.startsWith("3000229"));
  });

  it("rejects a wrong check digit", () => {
    assert.throws(() => parseCivilId("292091998297"), fails("checkDigit"));
    assert.equal(isCivilId("292091998297"), false);
  });

  it("rejects every ID whose prefix has no valid check digit", () => {
    let serial = 0;
    while (makeCivilId({ year: 1988, month: 2, day: 1 }, serial) !== null) serial++;
    const prefix = `2880201${String(serial).padStart(4, "0")}`;
    for (let k = 0; k <= 9; k++) {
      assert.throws(() => parseCivilId(`${prefix}${k}`), fails("checkDigit"));
    }
  });

  it("detects any single changed digit", () => {
    // Every weight is coprime to 11, so a changed digit always changes the sum mod 11.
    fc.assert(
      fc.property(birthDates, serials, (birth, serial) => {
        const id = makeCivilId(birth, serial);
        fc.pre(id !== null);
        for (let position = 0; position < 12; position++) {
          for (let digit = 0; digit <= 9; digit++) {
            if (String(digit) === id.charAt(position)) continue;
            const typo: string = id.slice(0, position) + digit + id.slice(position + 1);
            assert.equal(isCivilId(typo), false, `${typo} accepted`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("civilIdBirthDate", () => {
  it("reads the birth date with its century", () => {
    assert.deepEqual(civilIdBirthDate(parseCivilId("288020122596")), { year: 1988, month: 2, day: 1 });
    assert.deepEqual(civilIdBirthDate(parseCivilId("227081660516")), { year: 1927, month: 8, day: 16 });
    assert.deepEqual(civilIdBirthDate(parseCivilId("292091998298")), { year: 1992, month: 9, day: 19 });
  });
});

describe("makeCivilId", () => {
  it("rebuilds the known IDs", () => {
    assert.equal(makeCivilId({ year: 1988, month: 2, day: 1 }, 2259), "288020122596");
    assert.equal(makeCivilId({ year: 1927, month: 8, day: 16 }, 6051), "227081660516");
    assert.equal(makeCivilId({ year: 1992, month: 9, day: 19 }, 9829), "292091998298");
  });

  it("uses century digit 3 for the 2000s", () => {
    const id = makeCivilId({ year: 2005, month: 6, day: 15 }, 0) ?? makeCivilId({ year: 2005, month: 6, day: 15 }, 1);
    assert.ok(id?.startsWith("3050615"));
  });

  it("refuses inputs that cannot make a civil ID", () => {
    assert.throws(() => makeCivilId({ year: 1899, month: 1, day: 1 }, 1), fails("century"));
    assert.throws(() => makeCivilId({ year: 2100, month: 1, day: 1 }, 1), fails("century"));
    assert.throws(() => makeCivilId({ year: 1990.5, month: 1, day: 1 }, 1), fails("century"));
    assert.throws(() => makeCivilId({ year: 2023, month: 2, day: 29 }, 1), fails("birthDate"));
    assert.throws(() => makeCivilId({ year: 2023, month: 1, day: 32 }, 1), fails("birthDate"));
    assert.throws(() => makeCivilId({ year: 2023, month: 1.5, day: 1 }, 1), fails("birthDate"));
    assert.throws(() => makeCivilId({ year: 2023, month: 1, day: 1 }, 10000), fails("length"));
    assert.throws(() => makeCivilId({ year: 2023, month: 1, day: 1 }, -1), fails("length"));
    assert.throws(() => makeCivilId({ year: 2023, month: 1, day: 1 }, 1.5), fails("length"));
  });

  it("always makes an ID that parses back to the same birth date, or returns null", () => {
    fc.assert(
      fc.property(birthDates, serials, (birth, serial) => {
        const id = makeCivilId(birth, serial);
        if (id === null) return;
        assert.equal(parseCivilId(id), id);
        assert.deepEqual(civilIdBirthDate(id), birth);
        assert.equal(id.slice(7, 11), String(serial).padStart(4, "0"));
      }),
      { numRuns: 1000 },
    );
  });

  it("returns null only when no check digit would do", () => {
    const pad = (value: number, width: number) => String(value).padStart(width, "0");
    fc.assert(
      fc.property(birthDates, serials, (birth, serial) => {
        fc.pre(makeCivilId(birth, serial) === null);
        const prefix =
          (birth.year >= 2000 ? "3" : "2") +
          pad(birth.year % 100, 2) +
          pad(birth.month, 2) +
          pad(birth.day, 2) +
          pad(serial, 4);
        for (let k = 0; k <= 9; k++) assert.equal(isCivilId(`${prefix}${k}`), false);
      }),
    );
  });
});

describe("maskCivilId", () => {
  it("shows only the first and last four digits", () => {
    assert.equal(maskCivilId(parseCivilId("288020122596")), "2880••••2596");
  });

  it("masks short or odd text entirely or in the middle", () => {
    assert.equal(maskCivilId("12345678"), "••••••••");
    assert.equal(maskCivilId(""), "");
    assert.equal(maskCivilId("1234567890"), "1234••7890");
  });
});
