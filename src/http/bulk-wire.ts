/**
 * Bulk rows on the wire: a JSON row is a single request's body (the same zod schema,
 * `procedureRequestBody`) plus the client's reference and the file and debtor named as
 * the creditor knows them; a CSV upload is decoded into the same objects, so both formats
 * pass one validation. Each row is checked alone: a bad row is reported, not the job.
 */
import { parse as parseCsv, CsvError } from "csv-parse/sync";
import { z } from "zod";
import { REFERENCE_MAX_LENGTH, sha256Digest, type BulkDebtorRef, type BulkFileRef, type BulkMeasure } from "../app/bulk/bulk-rows.ts";
import type { CheckedRow } from "../app/bulk/submit-bulk-job.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import { parseCivilId, parseCrNumber, parseFileNumber } from "../domain/identifiers/index.ts";
import { errorMap } from "./error-map.ts";
import { scanInput } from "./input-rules.ts";
import { uuid } from "./route-kit.ts";
import { procedureRequestBody, procedureRequestFromWire } from "./routes/request-procedure.ts";

/** 1–100 characters, no control characters, no blank at either end (Arabic letters are fine). */
export const clientReference = z
  .string()
  .min(1)
  .max(REFERENCE_MAX_LENGTH)
  .regex(/^[^\p{Cc}\s](?:[^\p{Cc}]*[^\p{Cc}\s])?$/u, "no control characters, no blank at either end");

const identifierText = z.string().min(1).max(40);
const rowIdentity = {
  reference: clientReference.describe("Your own reference for this row, unique for your company across all jobs"),
  fileId: uuid.optional().describe("The file by id, or"),
  fileNumber: identifierText.optional().describe("the file by number (YYYY/NNNNNNN-C)"),
  debtorPartyId: uuid.optional().describe("The debtor by party id, or"),
  debtorCivilId: identifierText.optional().describe("the debtor by civil ID, or"),
  debtorCrNumber: identifierText.optional().describe("the debtor by commercial registration"),
};

const [attachment, seizure, ban] = procedureRequestBody.options;
/** One row: a single request's fields (kind, amount, banks, evidence) and who and where. */
export const bulkRowSchema = z.discriminatedUnion("kind", [
  attachment.omit({ debtorPartyId: true, documentIds: true }).extend(rowIdentity),
  seizure.omit({ debtorPartyId: true, documentIds: true }).extend(rowIdentity),
  ban.omit({ debtorPartyId: true, documentIds: true }).extend(rowIdentity),
]);
export type BulkWireRow = z.infer<typeof bulkRowSchema>;

function exactlyOne<T>(field: string, choices: readonly (T | undefined)[]): T {
  const given = choices.filter((choice) => choice !== undefined);
  if (given.length !== 1) throw new DomainError("VALIDATION_FAILED", { field, reason: given.length === 0 ? "missing" : "give only one" });
  return given[0]!;
}

const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";

/** A CSV line with more or fewer cells than the header: refused on its own. */
export class MisshapenCsvRow {
  readonly reference: string | undefined;
  readonly expected: number;
  readonly found: number;

  constructor(
    reference: string | undefined,
    expected: number,
    found: number,
  ) {
    this.reference = reference;
    this.expected = expected;
    this.found = found;
  }
}

/** Checks one row as received: the request it stands for, or why it is refused (stable code, details). */
export function checkRow(raw: unknown): CheckedRow {
  if (raw instanceof MisshapenCsvRow) {
    const reference = clientReference.safeParse(raw.reference);
    return { reference: reference.success ? reference.data : null, error: new DomainError("VALIDATION_FAILED", { reason: "column_count", expected: raw.expected, found: raw.found }) };
  }
  // The shared input rule (src/http/input-rules.ts), as for every request: a row with NUL, bidi controls or a lone surrogate is refused on its own.
  const faults = scanInput(raw);
  if (faults.length > 0) {
    const reference = clientReference.safeParse((raw as { reference?: unknown } | null)?.reference);
    return {
      reference: reference.success ? reference.data : null,
      error: new DomainError("VALIDATION_FAILED", { issues: faults.map((fault) => ({ path: fault.path.slice(1).replaceAll("/", "."), code: fault.code, message: errorMap[fault.code].en })) }),
    };
  }
  const parsed = bulkRowSchema.safeParse(raw);
  if (!parsed.success) {
    const reference = clientReference.safeParse((raw as { reference?: unknown } | null)?.reference);
    return {
      reference: reference.success ? reference.data : null,
      error: new DomainError("VALIDATION_FAILED", { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) }),
    };
  }
  const wire = parsed.data;
  try {
    const file: BulkFileRef = exactlyOne<BulkFileRef>("file", [
      wire.fileId === undefined ? undefined : { id: wire.fileId },
      wire.fileNumber === undefined ? undefined : { number: parseFileNumber(wire.fileNumber).text },
    ]);
    const debtor: BulkDebtorRef = exactlyOne<BulkDebtorRef>("debtor", [
      wire.debtorPartyId === undefined ? undefined : { partyId: wire.debtorPartyId },
      wire.debtorCivilId === undefined ? undefined : { civilId: parseCivilId(wire.debtorCivilId) },
      wire.debtorCrNumber === undefined ? undefined : { crNumber: parseCrNumber(wire.debtorCrNumber) },
    ]);
    const { reference, fileId: _fileId, fileNumber: _fileNumber, debtorCivilId: _civilId, debtorCrNumber: _crNumber, debtorPartyId: _partyId, ...what } = wire;
    // The single request's conversion (amount to fils); the ids are filled in when the row is carried out.
    const { fileId: _placeholderFile, debtorPartyId: _placeholderDebtor, ...measure } = procedureRequestFromWire(PLACEHOLDER_ID, { ...what, debtorPartyId: PLACEHOLDER_ID } as z.infer<typeof procedureRequestBody>);
    return { row: { reference, file, debtor, measure: measure as BulkMeasure } };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { reference: wire.reference, error };
  }
}

/** The digest of the rows exactly as received: a resubmission under the same job reference must match it. */
export const contentDigest = (rows: readonly unknown[]) => sha256Digest(rows);

/**
 * The CSV columns (header row required, names case-insensitive, any order; empty cells
 * are absent values). Each maps to the JSON row field of the same meaning.
 */
export const csvColumns = {
  reference: "reference",
  kind: "kind",
  file_number: "fileNumber",
  file_id: "fileId",
  debtor_civil_id: "debtorCivilId",
  debtor_cr_number: "debtorCrNumber",
  debtor_party_id: "debtorPartyId",
  amount: "amount",
  banks: "banks",
  debt_certain_and_due: "evidence.debtCertainAndDue",
  flight_risk: "evidence.flightRisk",
  ability_to_pay: "evidence.abilityToPay",
} as const;
type CsvColumn = keyof typeof csvColumns;
const evidenceColumns = ["debt_certain_and_due", "flight_risk", "ability_to_pay"] as const;

function csvInvalid(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("CSV_INVALID", { reason, ...details });
}

/**
 * Decodes a CSV upload (RFC 4180: quoted fields with commas, quotes doubled, line breaks
 * inside quotes; CRLF or LF; UTF-8 with or without a byte-order mark) into JSON-shaped
 * rows. A malformed file is refused whole (CSV_INVALID, with the line); a row with the
 * wrong number of cells is kept, to be refused on its own.
 */
export function rowsFromCsv(bytes: Buffer): unknown[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw csvInvalid("encoding", { expected: "UTF-8" });
  }
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw csvInvalid("syntax", { line: (error as CsvError & { lines?: number }).lines ?? null, cause: error.code });
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw csvInvalid("empty");
  const columns = header.map((name) => name.toLowerCase());
  for (const name of columns) {
    if (!(name in csvColumns)) throw csvInvalid("unknown_column", { column: name, known: Object.keys(csvColumns) });
  }
  if (new Set(columns).size !== columns.length) throw csvInvalid("duplicate_column");
  for (const required of ["reference", "kind"] as const) {
    if (!columns.includes(required)) throw csvInvalid("missing_column", { column: required });
  }
  return data
    .filter((cells) => cells.some((cell) => cell !== ""))
    .map((cells) => {
      if (cells.length !== columns.length) return new MisshapenCsvRow(cells[columns.indexOf("reference")], columns.length, cells.length);
      const cell = (name: CsvColumn) => {
        const index = columns.indexOf(name);
        return index < 0 || cells[index] === "" ? undefined : cells[index];
      };
      const row: Record<string, unknown> = {};
      for (const name of Object.keys(csvColumns) as CsvColumn[]) {
        const value = cell(name);
        if (value === undefined || name === "banks" || (evidenceColumns as readonly string[]).includes(name)) continue;
        row[csvColumns[name]] = value;
      }
      const banks = cell("banks");
      if (banks !== undefined) row.banks = banks.toLowerCase() === "all" ? "all" : banks.split(/[;|\s]+/).filter(Boolean).map((code) => code.toUpperCase());
      // A travel ban always carries its three reasons (blank ones are the rules' to refuse, EVIDENCE_REQUIRED);
      // another kind carries them only if given, and is then refused for them.
      const evidence = Object.fromEntries(evidenceColumns.map((name) => [csvColumns[name].slice("evidence.".length), cell(name) ?? ""]));
      if (row.kind === "travel_ban" || Object.values(evidence).some((text) => text !== "")) row.evidence = evidence;
      return row;
    });
}
