/**
 * Shared by the HTTP tests: the error-body contract, row counts that prove a rejected
 * request wrote nothing, and valid request bodies to vary from.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { makeCivilId, makeIban, type CivilId } from "../../src/domain/identifiers/index.ts";
import type { Db } from "../../src/storage/database.ts";
import { people } from "../support/fixtures.ts";

/** Tables a use case writes; a rejected request must leave every count as it was. */
export const writtenTables = [
  "actions",
  "procedures",
  "enforcement_files",
  "ledger_entries",
  "outbox",
  "agency_orders",
  "executory_titles",
  "file_parties",
  "claim_items",
] as const;

export type RowCounts = Record<(typeof writtenTables)[number], number>;

export async function rowCounts(db: Db): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const table of writtenTables) {
    const row = await db.selectFrom(table).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Runs `act` and asserts no row was added to (or removed from) any table a use case writes. */
export async function assertWritesNothing<T>(db: Db, act: () => Promise<T>): Promise<T> {
  const before = await rowCounts(db);
  const result = await act();
  assert.deepEqual(await rowCounts(db), before, "a rejected request changed the database");
  return result;
}

const arabicLetter = /[\u0621-\u064A]/;

export interface ErrorBody {
  code: string;
  message: { ar: string; en: string };
  details: Record<string, unknown>;
}

/** The one error body: { code, message: { ar, en }, details }, bilingual, no stack, no internals. */
export function assertError(response: LightMyRequestResponse, status: number, code: string): ErrorBody {
  assert.equal(response.statusCode, status, `expected ${status} ${code}, got ${response.statusCode}: ${response.body}`);
  assert.match(String(response.headers["content-type"] ?? ""), /^application\/json/);
  const body = response.json() as ErrorBody;
  assert.deepEqual(Object.keys(body).sort(), ["code", "details", "message"], response.body);
  assert.equal(body.code, code, response.body);
  assert.equal(typeof body.message.ar, "string");
  assert.equal(typeof body.message.en, "string");
  assert.ok(body.message.ar.trim().length > 0, "message.ar is empty");
  assert.ok(body.message.en.trim().length > 0, "message.en is empty");
  assert.match(body.message.ar, arabicLetter, "message.ar has no Arabic letters");
  assert.ok(body.details !== null && typeof body.details === "object" && !Array.isArray(body.details), "details is not an object");
  assertNoInternals(response.body);
  assert.ok(response.headers["x-correlation-id"], "error response without x-correlation-id");
  return body;
}

export function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /\bat [^\s"]+ ?\(?[^\s"()]*:\d+:\d+/, "stack frame in response body");
  assert.doesNotMatch(text, /\n\s+at /, "stack trace in response body");
  assert.doesNotMatch(text, /Error:/, "error text in response body");
  assert.doesNotMatch(text, /node_modules|\/src\/|\.ts:\d+/, "source paths in response body");
}

/** A valid civil ID of a person who is not registered. */
export function unregisteredCivilId(serial: number): CivilId {
  for (let day = 1; ; day++) {
    const id = makeCivilId({ year: 1975, month: 3, day }, serial);
    if (id) return id;
  }
}

export const validIban = makeIban("NBOK", "0000000000001234567890");

/** ISO 7064 MOD 97-10, to build IBANs with a correct checksum but other defects. */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}

/** A Kuwaiti IBAN with a correct checksum for any 4-letter bank code, known or not. */
export function kuwaitIbanWithBankCode(bankCode: string, account = "0000000000001234567890"): string {
  const bban = bankCode + account;
  const check = 98 - mod97(`${bban}KW00`);
  return `KW${String(check).padStart(2, "0")}${bban}`;
}

let titleCounter = 0;
const runTag = Math.random().toString(36).slice(2, 8);

export function uniqueCaseNumber(): string {
  return `HTTP-${runTag}-${++titleCounter}/2025`;
}

export interface OpenFileBody {
  title: Record<string, unknown>;
  creditors: Record<string, unknown>[];
  debtors: Record<string, unknown>[];
  claim: Record<string, unknown>;
  [extra: string]: unknown;
}

export const httpCourt = "المحكمة الكلية - الدائرة المدنية 7";

/** A body POST /api/v1/files accepts: a fresh title each call. */
export function openFileBody(
  creditor: string = people.creditor,
  debtor: string = people.debtor,
  claim: Record<string, unknown> = { principal: "5000.000", costs: "150.000", fees: "10.000" },
): OpenFileBody {
  return {
    title: {
      type: "final_judgment",
      court: httpCourt,
      caseNumber: uniqueCaseNumber(),
      issuedOn: "2025-11-02",
      isFinal: true,
      hasExecutoryFormula: true,
      grantsInterest: false,
    },
    creditors: [{ civilId: creditor, payoutIban: validIban }],
    debtors: [{ civilId: debtor }],
    claim,
  };
}

export const travelBanEvidence = {
  debtCertainAndDue: "A final judgment for a fixed sum, due since November 2025.",
  flightRisk: "The debtor has booked a one-way flight and is selling his property.",
  abilityToPay: "The debtor receives a salary and owns two vehicles.",
};

/** The 10 commercial banks, in the order of the bank table; the Central Bank (CBKU) receives no orders. */
export const commercialBanks = ["NBOK", "KFHO", "GULB", "COMB", "ABKK", "KWIB", "BRGN", "BBYN", "WRBA", "DOHB"] as const;
