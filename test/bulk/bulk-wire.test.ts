/**
 * Bulk rows on the wire, without a database: CSV decoding (quoting, BOM, CRLF, Arabic)
 * into the JSON row shape, and each row's check with the single request's schema.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { jobDigest, rowDigest } from "../../src/app/bulk/bulk-rows.ts";
import { formatFileNumber } from "../../src/domain/identifiers/index.ts";
import { checkRow, contentDigest, rowsFromCsv } from "../../src/http/bulk-wire.ts";
import { people } from "../support/fixtures.ts";

const fileNumber = formatFileNumber(2026, 42);
const fileId = "3f0c8f5e-2a0b-4c55-9d7e-0a1b2c3d4e5f";
const partyId = "0b6e2f1a-8c3d-4e5f-9a0b-1c2d3e4f5a6b";

describe("CSV decoding", () => {
  test("BOM, CRLF, quoted commas, doubled quotes and line breaks inside quotes, Arabic text", () => {
    const csv =
      "\uFEFFreference,kind,file_number,debtor_civil_id,amount,banks,debt_certain_and_due,flight_risk,ability_to_pay\r\n" +
      `"A,1",bank_attachment,${fileNumber},${people.debtor},"1,234.500",nbok kfho,,,\r\n` +
      `أ-٢,travel_ban,${fileNumber},${people.debtor},,,"دين ثابت، ومستحق","قال ""سأسافر""\r\nغدًا",يملك عقارًا\r\n`;
    assert.deepEqual(rowsFromCsv(Buffer.from(csv)), [
      { reference: "A,1", kind: "bank_attachment", fileNumber, debtorCivilId: people.debtor, amount: "1,234.500", banks: ["NBOK", "KFHO"] },
      {
        reference: "أ-٢",
        kind: "travel_ban",
        fileNumber,
        debtorCivilId: people.debtor,
        evidence: { debtCertainAndDue: "دين ثابت، ومستحق", flightRisk: 'قال "سأسافر"\r\nغدًا', abilityToPay: "يملك عقارًا" },
      },
    ]);
  });

  test("LF line ends, columns in any order and case, banks 'all', blank lines and all-blank rows skipped", () => {
    const csv = `KIND,Reference,File_ID,Debtor_Party_ID,Banks,Amount\n\nbank_attachment,r1,${fileId},${partyId},ALL,10\n,,,,,\n`;
    assert.deepEqual(rowsFromCsv(Buffer.from(csv)), [{ kind: "bank_attachment", reference: "r1", fileId, debtorPartyId: partyId, banks: "all", amount: "10" }]);
  });

  test("the JSON and the CSV form of a row pass the same check to the same request", () => {
    const [fromCsv] = rowsFromCsv(Buffer.from(`reference,kind,file_number,debtor_civil_id,amount,banks\nr1,bank_attachment,${fileNumber},${people.debtor},"1,000",KFHO;NBOK\n`));
    const fromJson = { reference: "r1", kind: "bank_attachment", fileNumber, debtorCivilId: people.debtor, amount: "1000.000", banks: ["NBOK", "KFHO"] };
    const a = checkRow(fromCsv);
    const b = checkRow(fromJson);
    assert.ok("row" in a && "row" in b);
    assert.deepEqual(a.row, { reference: "r1", file: { number: fileNumber }, debtor: { civilId: people.debtor }, measure: { kind: "bank_attachment", amount: 1_000_000n, banks: ["KFHO", "NBOK"] } });
    assert.equal(rowDigest(a.row), rowDigest(b.row), "banks' order does not change what is signed");
    assert.notEqual(contentDigest([fromCsv]), contentDigest([fromJson]), "but the content as received differs");
  });
});

describe("row checks", () => {
  const base = { reference: "r", kind: "vehicle_seizure", fileId, debtorPartyId: partyId };
  const refused = (raw: unknown) => {
    const checked = checkRow(raw);
    assert.ok("error" in checked, JSON.stringify(raw));
    return checked;
  };

  test("each bad row gets a stable code and keeps its reference when it has a good one", () => {
    assert.equal(refused({ ...base, amount: "1.000" }).error.code, "VALIDATION_FAILED", "a field the kind does not take (strict)");
    assert.equal(refused({ ...base, kind: "bank_attachment", amount: "-1", banks: "all" }).error.code, "MONEY_NEGATIVE");
    assert.equal(refused({ ...base, fileId: undefined, fileNumber: "2026/0000042-0" }).error.code, "FILE_NUMBER_INVALID");
    assert.equal(refused({ ...base, debtorPartyId: undefined, debtorCrNumber: "0123" }).error.code, "CR_NUMBER_INVALID");
    const both = refused({ ...base, fileNumber });
    assert.deepEqual([both.error.code, both.error.details, both.reference], ["VALIDATION_FAILED", { field: "file", reason: "give only one" }, "r"]);
    assert.equal(refused({ ...base, reference: "" }).reference, null);
    assert.equal(refused(null).reference, null);
    assert.equal(refused([1, 2]).error.code, "VALIDATION_FAILED");
  });

  test("a job's digest binds every row's reference and content, in order", () => {
    const rows = [
      { reference: "a", digest: "sha256:1" },
      { reference: "b", digest: "sha256:2" },
    ];
    const digest = jobDigest("1234567", "JOB", rows);
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(jobDigest("1234567", "JOB", [...rows].reverse()), digest);
    assert.notEqual(jobDigest("1234567", "JOB", [rows[0]!, { reference: "b", digest: "sha256:3" }]), digest);
    assert.notEqual(jobDigest("7654321", "JOB", rows), digest);
  });
});
