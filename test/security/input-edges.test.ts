/**
 * Issue 16, item 3: bad bytes and calendar edges are refused at the edge. Every case the
 * attack report found answering 500 (or accepted, then failing later) now answers 400
 * VALIDATION_FAILED whose issue names the field with its stable code (and its Arabic and
 * English message), and writes nothing: the whole database's fingerprint is unchanged.
 * And a failed open gives its file number back: no gaps in the register.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { InjectOptions } from "fastify";
import { parseFileNumber } from "../../src/domain/identifiers/index.ts";
import { errorMap } from "../../src/http/error-map.ts";
import { dayFault, instantFault, scanInput, textFault } from "../../src/http/input-rules.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { assertError, openFileBody, validIban } from "../http/helpers.ts";
import { fingerprintDiff, fingerprintQuery, type Fingerprint } from "./support/database-fingerprint.ts";

let harness: HttpHarness;
let fingerprint: () => Promise<Fingerprint>;
let fileId: string;

before(async () => {
  harness = await startHttpHarness();
  fingerprint = await fingerprintQuery(harness.database.db);
  fileId = (await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })).id;
});

after(async () => {
  await harness?.close();
});

const as = (person: keyof typeof people) => harness.clientFor(people[person]);

interface Issue {
  path: string;
  code?: string;
  message: string;
  messages?: { ar: string; en: string };
}

/**
 * The request is refused with 400, an issue at `path` carrying `code` (with the code's
 * bilingual message), and the database is exactly as it was. Sessions are made before the
 * fingerprint is taken.
 */
async function refusedAt(client: Client, options: InjectOptions, path: string, code: string) {
  const before = await fingerprint();
  const response = await client.request(options);
  const after = await fingerprint();
  const body = assertError(response, 400, "VALIDATION_FAILED");
  const issues = (body.details as { issues: Issue[] }).issues;
  // The path names the request part: the query string for a GET here, the body otherwise.
  const where = `${options.method === "GET" ? "querystring" : "body"}${path}`;
  const issue = issues.find((candidate) => candidate.path === where);
  assert.ok(issue, `no issue at ${where}: ${response.body}`);
  assert.equal(issue.code, code, response.body);
  const entry = errorMap[code as keyof typeof errorMap];
  assert.deepEqual(issue.messages, { ar: entry.ar, en: entry.en });
  assert.deepEqual(fingerprintDiff(before, after), [], "a refused request wrote");
}

const post = (url: string, payload: unknown): InjectOptions => ({ method: "POST", url, payload: payload as InjectOptions["payload"] });
const get = (url: string): InjectOptions => ({ method: "GET", url });

function withTitle(changes: Record<string, unknown>) {
  const body = openFileBody();
  return { ...body, title: { ...body.title, ...changes } };
}

describe("the shared input rule (src/http/input-rules.ts)", () => {
  test("text: NUL and C0 controls, bidi overrides and isolates, lone surrogates; newlines only in free text", () => {
    for (const value of ["a\u0000b", "\u0001", "\u001b[31m", "\u007f"]) assert.equal(textFault(value, { newlines: true }), "INPUT_CONTROL_CHARACTER", JSON.stringify(value));
    for (const value of ["a\nb", "a\r\nb", "a\tb"]) {
      assert.equal(textFault(value, { newlines: true }), null);
      assert.equal(textFault(value, { newlines: false }), "INPUT_CONTROL_CHARACTER");
    }
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      assert.equal(textFault(`Capital ${String.fromCodePoint(code)}Court`, { newlines: true }), "INPUT_BIDI_CONTROL", code.toString(16));
    }
    for (const value of ["\ud800", "a\udfffb", "\udfff\ud800"]) assert.equal(textFault(value, { newlines: true }), "INPUT_NOT_UNICODE");
    // What ordinary Arabic and English text carries passes: letters, diacritics, RLM/LRM marks, emoji.
    for (const value of ["المحكمة الكلية - الدائرة المدنية 7", "مرحبا\u0651", "\u200fنص\u200e", "Court 😀", "Ω≈ç"]) assert.equal(textFault(value, { newlines: false }), null, value);
  });

  test("dates: real calendar days in 1900–2200", () => {
    assert.equal(dayFault("2024-02-29"), null);
    assert.equal(dayFault("2000-02-29"), null);
    assert.equal(dayFault("1900-01-01"), null);
    assert.equal(dayFault("2200-12-31"), null);
    for (const value of ["2026-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-1", "20250101", "", "2025-01-01T00:00:00Z"]) assert.equal(dayFault(value), "DATE_NOT_A_DAY", value);
    for (const value of ["0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"]) assert.equal(dayFault(value), "DATE_OUT_OF_RANGE", value);
    assert.equal(dayFault("0000-02-29"), "DATE_OUT_OF_RANGE", "year 0 is leap in the proleptic calendar: a day, but out of range");
    assert.equal(instantFault("2026-03-01T08:00:00+03:00"), null);
    assert.equal(instantFault("2026-03-01T08:00:00.123Z"), null);
    assert.equal(instantFault("2026-02-29T08:00:00Z"), "DATE_NOT_A_DAY");
    assert.equal(instantFault("0000-01-01T00:00:00Z"), "DATE_OUT_OF_RANGE");
    assert.equal(instantFault("2026-03-01T24:00:00Z"), "DATE_NOT_A_DAY");
    assert.equal(instantFault("2026-03-01 08:00:00"), "DATE_NOT_A_DAY");
  });

  test("the scan reaches keys and values at any depth, and a body nested 100,000 deep", () => {
    const found = scanInput({ a: [{ b: "x\u0000" }], "k\u202e": 1, c: { d: "fine" } }).sort((x, y) => x.path.localeCompare(y.path));
    assert.deepEqual(found, [
      { path: "/a/0/b", code: "INPUT_CONTROL_CHARACTER" },
      { path: "/k?", code: "INPUT_BIDI_CONTROL" },
    ]);
    let deep: unknown = "\u0000";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const faults = scanInput(deep);
    assert.equal(faults.length, 1);
    assert.ok(faults[0]!.path.length < 200, "the path does not grow with the nesting");
  });
});

describe("NUL and bidi controls in bodies and query strings answer 400 with the field's code", () => {
  test("opening a file (clerk): NUL in the court and the case number, bidi in the court", async () => {
    const clerk = await as("clerk");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ court: "Capital\u0000Court" })), "/title/court", "INPUT_CONTROL_CHARACTER");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ caseNumber: "12\u0000/2025" })), "/title/caseNumber", "INPUT_CONTROL_CHARACTER");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ court: "Capital \u202eCourt\u202c" })), "/title/court", "INPUT_BIDI_CONTROL");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ court: "Capital\nCourt" })), "/title/court", "INPUT_CONTROL_CHARACTER");
    await refusedAt(clerk, post("/api/v1/files", { ...openFileBody(), debtors: [{ civilId: `${people.debtor}\u0000` }] }), "/debtors/0/civilId", "INPUT_CONTROL_CHARACTER");
  });

  test("a title submitted online (creditor): NUL, bidi, a lone surrogate", async () => {
    const creditor = await as("creditor");
    await refusedAt(creditor, post("/api/v1/title-submissions", withTitle({ court: "\u0000" })), "/title/court", "INPUT_CONTROL_CHARACTER");
    await refusedAt(creditor, post("/api/v1/title-submissions", withTitle({ caseNumber: "7\u2066/2025" })), "/title/caseNumber", "INPUT_BIDI_CONTROL");
    // A lone surrogate escaped in JSON (\ud800) parses to a lone half; raw, it cannot even be encoded.
    const payload = JSON.stringify(withTitle({ court: "PLACEHOLDER" })).replace("PLACEHOLDER", "Court \\ud800");
    await refusedAt(creditor, { method: "POST", url: "/api/v1/title-submissions", payload, headers: { "content-type": "application/json" } }, "/title/court", "INPUT_NOT_UNICODE");
  });

  test("ledger and settlement references (clerk), notice preferences (debtor)", async () => {
    const clerk = await as("clerk");
    await refusedAt(clerk, post(`/api/v1/files/${fileId}/ledger-entries`, { kind: "payment", amount: "1.000", source: "cash_at_department", reference: "R-\u0000" }), "/reference", "INPUT_CONTROL_CHARACTER");
    await refusedAt(clerk, post("/api/v1/treasury/settlements", { from: "cash_on_hand", amount: "1.000", reference: "S\u0000" }), "/reference", "INPUT_CONTROL_CHARACTER");
    const debtor = await as("debtor");
    await refusedAt(debtor, post("/api/v1/me/notice-preferences", { language: "ar", email: "a\u0000@example.com" }), "/email", "INPUT_CONTROL_CHARACTER");
  });

  test("%00 and bidi in query strings: file search, audit search, agency-message filters", async () => {
    const creditor = await as("creditor");
    await refusedAt(creditor, get("/api/v1/files?search=Khaled%00"), "/search", "INPUT_CONTROL_CHARACTER");
    await refusedAt(creditor, get("/api/v1/files?search=%E2%80%AEKhaled"), "/search", "INPUT_BIDI_CONTROL");
    const auditor = await as("auditor");
    await refusedAt(auditor, get("/api/v1/audit/actions?actor=%00"), "/actor", "INPUT_CONTROL_CHARACTER");
    await refusedAt(auditor, get("/api/v1/audit/actions?fileNumber=2025%2F1%00"), "/fileNumber", "INPUT_CONTROL_CHARACTER");
    const administrator = await as("administrator");
    await refusedAt(administrator, get("/api/v1/agency-messages?agencyKey=bank%3A%00"), "/agencyKey", "INPUT_CONTROL_CHARACTER");
  });

  test("a key carrying NUL, and free text: newlines allowed, NUL not", async () => {
    const clerk = await as("clerk");
    await refusedAt(clerk, post("/api/v1/files", { ...openFileBody(), "x\u0000": 1 }), "/x?", "INPUT_CONTROL_CHARACTER");
    const reasons = "The debt is certain.\nThe debtor is leaving.";
    const refusal = await clerk.request(post(`/api/v1/files/${fileId}/procedures/00000000-0000-4000-8000-000000000000/waive`, { reason: reasons }));
    assert.notEqual(refusal.statusCode, 400, `free text with newlines is not refused by the input rule: ${refusal.body}`);
    await refusedAt(clerk, post(`/api/v1/files/${fileId}/procedures/00000000-0000-4000-8000-000000000000/waive`, { reason: "a\u0000b" }), "/reason", "INPUT_CONTROL_CHARACTER");
  });
});

test("the token endpoint (no zod body; OAuth's own errors): NUL in the client id is invalid_request, not 500", async () => {
  const before = await fingerprint();
  for (const payload of ["grant_type=client_credentials&client_id=a%00b&client_secret=wrong", "grant_type=client_credentials&client_id=x&client_secret=%E2%80%AE"]) {
    const response = await harness.anonymous.request({ method: "POST", url: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" }, payload });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal((response.json() as { error: string }).error, "invalid_request");
  }
  const basic = Buffer.from("a%00b:secret").toString("base64");
  const response = await harness.anonymous.request({ method: "POST", url: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` }, payload: "grant_type=client_credentials" });
  assert.equal(response.statusCode, 400, response.body);
  assert.deepEqual(fingerprintDiff(before, await fingerprint()), []);
});

test("uploads: a multipart body without a boundary or cut short is 400, not 500 (found by the soak)", async () => {
  const creditor = await as("creditor");
  const before = await fingerprint();
  for (const [contentType, payload] of [["multipart/form-data", "{}"], ["multipart/form-data; boundary=x", "--x\r\n\r\n"], ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4"]] as const) {
    const response = await creditor.request({ method: "POST", url: `/api/v1/files/${fileId}/documents`, headers: { "content-type": contentType }, payload });
    assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${contentType} ${JSON.stringify(payload)} → ${response.statusCode} ${response.body}`);
  }
  assert.deepEqual(fingerprintDiff(before, await fingerprint()), []);
});

describe("calendar edges answer 400 with the field's code", () => {
  test("issuedOn: the year 0000, 29 February of a common year, and of year 0000 (accepted before, then unopenable)", async () => {
    const clerk = await as("clerk");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ issuedOn: "0000-01-01" })), "/title/issuedOn", "DATE_OUT_OF_RANGE");
    await refusedAt(clerk, post("/api/v1/files", withTitle({ issuedOn: "2026-02-29" })), "/title/issuedOn", "DATE_NOT_A_DAY");
    const creditor = await as("creditor");
    await refusedAt(creditor, post("/api/v1/title-submissions", withTitle({ issuedOn: "0000-02-29" })), "/title/issuedOn", "DATE_OUT_OF_RANGE");
    await refusedAt(creditor, post("/api/v1/title-submissions", withTitle({ issuedOn: "2025-02-29" })), "/title/issuedOn", "DATE_NOT_A_DAY");
  });

  test("mandates' validFrom and validUntil (clerk)", async () => {
    const clerk = await as("clerk");
    const mandate = { lawyerCivilId: people.lawyer, principal: { civilId: people.creditor }, fileId: null, scopes: ["view"], validFrom: "2026-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z" };
    await refusedAt(clerk, post("/api/v1/mandates", { ...mandate, validFrom: "0000-01-01T00:00:00Z" }), "/validFrom", "DATE_OUT_OF_RANGE");
    await refusedAt(clerk, post("/api/v1/mandates", { ...mandate, validUntil: "2027-02-29T00:00:00Z" }), "/validUntil", "DATE_NOT_A_DAY");
  });

  test("report and audit dates in query strings", async () => {
    const clerk = await as("clerk");
    await refusedAt(clerk, get("/api/v1/treasury/reports/daily?date=0000-01-01"), "/date", "DATE_OUT_OF_RANGE");
    await refusedAt(clerk, get("/api/v1/treasury/reports/daily?date=2026-02-29"), "/date", "DATE_NOT_A_DAY");
    const auditor = await as("auditor");
    await refusedAt(auditor, get("/api/v1/audit/actions?from=0000-01-01"), "/from", "DATE_OUT_OF_RANGE");
    await refusedAt(auditor, get("/api/v1/audit/actions?to=2026-02-29"), "/to", "DATE_NOT_A_DAY");
  });

  test("an ordinary date and a leap day still go through", async () => {
    const clerk = await as("clerk");
    const opened = await clerk.request(post("/api/v1/files", withTitle({ issuedOn: "2024-02-29" })));
    assert.equal(opened.statusCode, 201, opened.body);
    const report = await clerk.request(get("/api/v1/treasury/reports/daily?date=2024-02-29"));
    assert.equal(report.statusCode, 200, report.body);
  });
});

describe("file numbers: drawn only by an open that commits", () => {
  const sequenceOf = (number: string) => parseFileNumber(number).sequence;

  test("a failed open (duplicate title) leaves no gap: the next open takes the very next number", async () => {
    const clerk = await as("clerk");
    const body = openFileBody();
    const first = await clerk.request(post("/api/v1/files", body));
    assert.equal(first.statusCode, 201, first.body);
    const firstNumber = (first.json() as { number: string }).number;
    // The same title again: the transaction draws a number, then fails on the title's uniqueness.
    const duplicate = await clerk.request(post("/api/v1/files", { ...body, creditors: [{ civilId: people.creditor, payoutIban: validIban }] }));
    assertError(duplicate, 409, "DUPLICATE_TITLE");
    const next = await clerk.request(post("/api/v1/files", openFileBody()));
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(sequenceOf((next.json() as { number: string }).number), sequenceOf(firstNumber) + 1, "a number was lost to the failed open");
  });

  test("concurrent opens take consecutive numbers, each once", async () => {
    const clerk = await as("clerk");
    const bodies = Array.from({ length: 6 }, () => openFileBody());
    // Two of them duplicate others: they fail, inside the same race.
    const sent = [...bodies, bodies[0]!, bodies[3]!];
    const responses = await Promise.all(sent.map((body) => clerk.request(post("/api/v1/files", body))));
    const numbers = responses.filter((response) => response.statusCode === 201).map((response) => sequenceOf((response.json() as { number: string }).number)).sort((a, b) => a - b);
    assert.equal(numbers.length, 6, responses.map((response) => response.statusCode).join(","));
    for (const [index, number] of numbers.entries()) assert.equal(number, numbers[0]! + index, `gap in ${numbers.join(",")}`);
  });
});
