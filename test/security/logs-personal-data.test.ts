/**
 * Personal data never reaches the logs (issue 9, data safety). The logger is driven at
 * debug level through the real HTTP app — requests carrying civil IDs in paths, queries
 * and bodies, refusals, not-founds, a database error that echoes a civil ID — and the
 * captured output is searched for every civil ID, IBAN and amount the requests used.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { percentDecoded } from "../../src/lib/personal-data-mask.ts";
import { createLogger } from "../../src/logger.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let captured = "";
const sink = new Writable({
  write(chunk, _encoding, done) {
    captured += chunk.toString();
    done();
  },
});

let database: TestDatabase;
let world: World;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  app = await buildHttpApp({ deps: world.deps, logger: createLogger("debug", sink), secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
});
after(async () => {
  await app.close();
  await database.drop();
});

const iban = "KW81CBKU0000000000001234560101";

test("a database error echoing a civil ID, and fields named civilId or iban, are masked", () => {
  const logger = createLogger("debug", sink);
  const duplicate = Object.assign(new Error(`duplicate key value violates unique constraint "persons_pkey" for ${people.debtor}`), {
    code: "23505",
    detail: `Key (civil_id)=(${people.debtor}) already exists.`,
  });
  logger.error({ err: new Error("wrapped", { cause: duplicate }) }, "request failed");
  logger.error({ err: duplicate }, `could not register ${people.creditor}`);
  logger.info({ civilId: people.judge, transfer: { iban } }, `payout to ${iban}`);
  for (const secret of [people.debtor, people.creditor, people.judge, iban]) assert.ok(!captured.includes(secret), `${secret} leaked:\n${captured}`);
  assert.match(captured, /•civil-id•/, "masked, not dropped: the log still says what happened");
});

test("requests carrying civil IDs, IBANs and amounts leave none of them in the logs", async () => {
  const clerk = await createSession(database.db, people.clerk, world.clock.now());
  const creditor = await createSession(database.db, people.creditor, world.clock.now());
  const headers = (session: { token: string; csrfToken: string }) => ({ cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken });
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 7_654n);
  const amount = "7321.125";
  const requests = [
    { method: "GET" as const, url: `/api/v1/files?debtorCivilId=${people.debtor}&q=${people.otherDebtor}`, headers: headers(creditor) },
    { method: "GET" as const, url: `/api/v1/persons/${people.debtor}/${iban}`, headers: headers(clerk) },
    { method: "GET" as const, url: `/api/v1/files/${file.id}`, headers: headers(creditor) },
    { method: "POST" as const, url: `/api/v1/files/${file.id}/ledger-entries`, headers: headers(clerk), payload: { kind: "payment", amount, source: "cash_at_department", reference: `ref-${people.debtor}` } },
    { method: "POST" as const, url: `/api/v1/files/${file.id}/ledger-entries`, headers: headers(clerk), payload: { kind: "payment", amount: "-1", source: "cash_at_department", reference: people.debtor, iban } },
    { method: "POST" as const, url: "/api/v1/files", headers: headers(clerk), payload: { creditor: { civilId: people.creditor }, debtors: [{ civilId: "288020122597", iban }] } },
    { method: "GET" as const, url: `/api/v1/files/${file.id}`, headers: { cookie: `${SESSION_COOKIE}=${people.debtor}` } },
  ];
  for (const request of requests) await app.inject(request);
  assert.ok(captured.length > 0, "the app logged its requests");
  for (const secret of [people.debtor, people.otherDebtor, people.creditor, people.clerk, "288020122597", iban, "7321.125", "7321125"]) {
    assert.ok(!captured.includes(secret), `${secret} leaked into the logs`);
  }
  console.log(`logs checked: ${requests.length + 3} entries driven, ${captured.split("\n").length - 1} log lines, personal data found 0`);
});

/** The digits of `text` in ASCII and its percent-encoding undone: the form the search below looks in. */
function normalised(text: string): string {
  return percentDecoded(text)
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0));
}

test("every logged field kind, fed civil IDs and IBANs percent-encoded, in Arabic-Indic digits and in groups, leaves none in the logs (issue 16)", async () => {
  let lines = "";
  const own = new Writable({
    write(chunk, _encoding, done) {
      lines += chunk.toString();
      done();
    },
  });
  const logger = createLogger("debug", own);
  const arabicIndic = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  const easternArabicIndic = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
  const percentAll = (text: string) => [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  const ids = [people.debtor, people.otherDebtor, people.creditor];
  const idForms = ids.flatMap((id) => [
    `Khaled%20${id}`,
    `Khaled+${id}`,
    percentAll(id),
    percentAll(id).replaceAll("%", "%25"),
    arabicIndic(id),
    easternArabicIndic(id),
    percentAll(arabicIndic(id)),
    encodeURIComponent(`خالد ${arabicIndic(id)}`),
  ]);
  const groups = iban.match(/.{1,4}/g)!;
  const ibanForms = [groups.join(" "), groups.join("%20"), groups.join("+"), groups.join("-"), encodeURIComponent(groups.join(" ")), iban.toLowerCase(), `${iban.slice(0, 8)}${arabicIndic(iban.slice(8))}`];
  const forms = [...idForms, ...ibanForms];
  const kinds = new Set<string>();

  for (const form of forms) {
    // The message, object fields (nested, in arrays, as keys), a child logger's bindings.
    logger.info(`searching for ${form}`);
    logger.info({ search: form, filter: { terms: [form], [form]: true } }, "search");
    logger.child({ subject: form }).warn("child logger");
    // An error: its message, its stack, its cause, and fields that echo a row's values.
    const cause = Object.assign(new Error(`duplicate key for ${form}`), { code: "23505", detail: `Key (civil_id)=(${form})`, table: form });
    logger.error({ err: new Error(`could not open the file of ${form}`, { cause }) }, "request failed");
    kinds.add("message").add("object field").add("array item").add("key").add("child binding").add("error message, stack and cause").add("error field");
  }

  // Through the HTTP app: path, query and body, refused, not found and allowed.
  const http = await buildHttpApp({ deps: world.deps, logger, secureCookies: false, readiness: () => schemaIsCurrent(database.db) });
  const clerk = await createSession(database.db, people.clerk, world.clock.now());
  const headers = { cookie: `${SESSION_COOKIE}=${clerk.token}`, [CSRF_HEADER]: clerk.csrfToken };
  for (const form of forms) {
    await http.inject({ method: "GET", url: `/api/v1/files?q=${form}&debtorCivilId=${form}`, headers });
    await http.inject({ method: "GET", url: `/api/v1/persons/${form}`, headers });
    await http.inject({ method: "POST", url: "/api/v1/files", headers, payload: { creditor: { civilId: form }, debtors: [{ civilId: form, iban: form }] } });
    await http.inject({ method: "GET", url: `/nowhere/${form}?search=${form}` });
  }
  await http.close();
  kinds.add("request URL (path and query)").add("request body refusal");

  const searched = normalised(lines);
  const masks = (lines.match(/•civil-id•|KW••IBAN/g) ?? []).length;
  assert.ok(masks >= forms.length * 5, `the forms reached the logs and were masked there (${masks} masks)`);
  for (const id of ids) assert.ok(!searched.includes(id), `${id} leaked into the logs`);
  assert.ok(!searched.replace(/[ \t+\-._]/g, "").toUpperCase().includes(iban), "the IBAN leaked into the logs");
  console.log(`encoded personal data in logs: ${forms.length} encodings × ${kinds.size} field kinds, ${lines.split("\n").length - 1} log lines, ${masks} masks, found 0`);
});
