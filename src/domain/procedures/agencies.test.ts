import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import { type AgencyRef, agenciesForProcedure, agencyKey, parseAgencyKey, procedureAgencyKinds } from "./agencies.ts";

const bankCodes = ["NBOK", "KFHO", "GULB", "COMB", "ABKK", "KWIB", "BRGN", "BBYN", "WRBA", "DOHB"];

describe("agencies", () => {
  it("gives stable keys", () => {
    assert.equal(agencyKey({ kind: "bank", bankCode: "NBOK" }), "bank:NBOK");
    assert.equal(agencyKey({ kind: "traffic" }), "traffic");
    assert.equal(agencyKey({ kind: "ports" }), "ports");
    assert.equal(agencyKey({ kind: "civil_info" }), "civil_info");
    assert.equal(agencyKey({ kind: "clearing" }), "clearing");
  });

  it("parses every key back to its agency", () => {
    const refs: AgencyRef[] = [
      ...bankCodes.map((bankCode) => ({ kind: "bank", bankCode }) as const),
      { kind: "traffic" },
      { kind: "ports" },
      { kind: "civil_info" },
      { kind: "clearing" },
    ];
    for (const ref of refs) assert.deepEqual(parseAgencyKey(agencyKey(ref)), ref);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{4}$/), (bankCode) => {
        assert.deepEqual(parseAgencyKey(agencyKey({ kind: "bank", bankCode })), { kind: "bank", bankCode });
      }),
    );
  });

  it("refuses keys that name no agency", () => {
    for (const key of ["", "bank", "bank:", "bank:nbok", "bank:NBOKX", "Traffic", "ports ", "constructor"]) {
      assert.throws(
        () => parseAgencyKey(key),
        (error: unknown) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
        key,
      );
    }
  });

  it("maps each procedure kind to the agencies that get its orders", () => {
    assert.deepEqual(procedureAgencyKinds, { bank_attachment: "bank", vehicle_seizure: "traffic", travel_ban: "ports" });
    assert.deepEqual(agenciesForProcedure("bank_attachment", ["NBOK", "KFHO", "NBOK"]), [
      { kind: "bank", bankCode: "NBOK" },
      { kind: "bank", bankCode: "KFHO" },
    ]);
    assert.deepEqual(
      agenciesForProcedure("bank_attachment").map(agencyKey),
      bankCodes.map((code) => `bank:${code}`),
    );
    assert.deepEqual(agenciesForProcedure("vehicle_seizure"), [{ kind: "traffic" }]);
    assert.deepEqual(agenciesForProcedure("travel_ban", ["NBOK"]), [{ kind: "ports" }]);
  });

  it("one order per bank: keys are unique whatever the input", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...bankCodes), { minLength: 1 }), (codes) => {
        const keys = agenciesForProcedure("bank_attachment", codes).map(agencyKey);
        assert.equal(new Set(keys).size, keys.length);
        assert.deepEqual(new Set(keys), new Set(codes.map((code) => `bank:${code}`)));
      }),
    );
  });

  it("refuses a bank attachment with no bank, an unknown bank, or the Central Bank", () => {
    assert.throws(
      () => agenciesForProcedure("bank_attachment", []),
      (error: unknown) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
    );
    assert.throws(
      () => agenciesForProcedure("bank_attachment", ["NBOK", "nbok"]),
      (error: unknown) => error instanceof DomainError && error.code === "BANK_CODE_UNKNOWN" && error.details["bankCode"] === "nbok",
    );
    assert.throws(
      () => agenciesForProcedure("bank_attachment", ["XXXX"]),
      (error: unknown) => error instanceof DomainError && error.code === "BANK_CODE_UNKNOWN",
    );
    assert.throws(
      () => agenciesForProcedure("bank_attachment", ["NBOK", "CBKU"]),
      (error: unknown) => error instanceof DomainError && error.code === "VALIDATION_FAILED" && error.details["bankCode"] === "CBKU",
    );
  });
});
