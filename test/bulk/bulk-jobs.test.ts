/**
 * Bulk requests over HTTP: JSON and CSV jobs carried out by the worker's runner, good and
 * bad rows side by side, idempotency by job and row references, the limits, a company
 * representative's job signed once on the phone, and who sees which job.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createMachineClient } from "../../src/app/machine-clients.ts";
import { registerCompany } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { formatFileNumber } from "../../src/domain/identifiers/index.ts";
import { companyCr, people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";
import { machineCaller, type MachineCaller } from "../http/authorization-support.ts";
import { assertError, travelBanEvidence } from "../http/helpers.ts";
import { allRows, bulkCounts, companyFile, drain, job, postCsv, proceduresOfJob, type CompanyFile } from "./support.ts";

let harness: HttpHarness;
let machine: MachineCaller;
let client: Client;
let serial = 0;
const ref = (label: string) => `${label}-${++serial}`;

before(async () => {
  harness = await startHttpHarness();
  machine = await machineCaller(harness, ["files:read", "procedures:request"]);
  client = await machine.client();
});

after(async () => {
  await harness?.close();
});

const db = () => harness.database.db;
const deps = () => harness.world.deps;

describe("JSON jobs", () => {
  test("a machine client's rows (by file number and civil ID, or by ids) are accepted at once and carried out by the worker", async () => {
    const [a, b, c] = [await companyFile(harness), await companyFile(harness), await companyFile(harness)];
    const reference = ref("JSON-HAPPY");
    const rows = [
      { reference: `${reference}/1`, kind: "bank_attachment", fileNumber: a.number, debtorCivilId: people.debtor, amount: "1,250.500", banks: ["NBOK", "KFHO"] },
      { reference: `${reference}/2`, kind: "vehicle_seizure", fileId: b.id, debtorPartyId: b.debtorPartyId },
      { reference: `${reference}/3`, kind: "travel_ban", fileId: c.id, debtorCivilId: people.debtor, evidence: travelBanEvidence },
    ];
    const accepted = job(await client.post("/api/v1/bulk-jobs", { reference, rows }));
    assert.equal(accepted.status, "processing");
    assert.equal(accepted.rowCount, 3);
    assert.equal(accepted.counts.queued, 3);
    assert.match(accepted.signedDigest, /^sha256:[0-9a-f]{64}$/);
    assert.match(accepted.summary.en, /^Submit 3 enforcement requests for Test Company \(batch JSON-HAPPY-\d+\): 1 × Bank attachment \(KWD 1,250\.500\), 1 × Vehicle seizure, 1 × Travel ban\.$/);
    assert.match(accepted.summary.ar, /منع السفر/);

    const round = await drain(deps());
    assert.deepEqual({ created: round.created, failed: round.failed, deferred: round.deferred }, { created: 3, failed: 0, deferred: 0 });
    const done = job(await client.get(`/api/v1/bulk-jobs/${accepted.id}`), 200);
    assert.equal(done.status, "completed");
    assert.equal(done.counts.created, 3);
    assert.ok(done.completedAt);

    const outcome = await allRows(client, accepted.id);
    assert.deepEqual(outcome.map((row) => [row.position, row.reference, row.status, row.error]), [
      [1, `${reference}/1`, "created", null],
      [2, `${reference}/2`, "created", null],
      [3, `${reference}/3`, "created", null],
    ]);
    const procedures = await db().selectFrom("procedures").select(["id", "file_id", "procedure_kind", "amount", "status", "requested_by"]).where("id", "in", outcome.map((row) => row.procedureId!)).execute();
    const byId = new Map(procedures.map((procedure) => [procedure.id, procedure]));
    assert.deepEqual(
      outcome.map((row) => ({ file: byId.get(row.procedureId!)!.file_id, kind: byId.get(row.procedureId!)!.procedure_kind, amount: byId.get(row.procedureId!)!.amount })),
      [
        { file: a.id, kind: "bank_attachment", amount: 1_250_500n },
        { file: b.id, kind: "vehicle_seizure", amount: null },
        { file: c.id, kind: "travel_ban", amount: null },
      ],
    );
    assert.equal(byId.get(outcome[2]!.procedureId!)!.status, "under_review", "a travel ban goes to a judge, as a single request would");
    assert.ok(procedures.every((procedure) => procedure.requested_by === `client:${machine.clientId}`));

    // Each procedure's request action points at the job's signature and its own row.
    const action = await db()
      .selectFrom("actions")
      .select(["actor", "actor_role", "payload", "correlation_id"])
      .where("procedure_id", "=", outcome[0]!.procedureId!)
      .where("action_kind", "=", "procedure.request")
      .executeTakeFirstOrThrow();
    assert.equal(action.actor, `client:${machine.clientId}`);
    assert.equal(action.actor_role, "creditor");
    const signature = (action.payload as { signature: Record<string, string> }).signature;
    assert.equal(signature.method, "bulk_job");
    assert.equal(signature.jobId, accepted.id);
    assert.equal(signature.jobDigest, accepted.signedDigest);
    assert.equal(signature.rowReference, `${reference}/1`);
    const submit = await db().selectFrom("actions").select(["payload", "correlation_id"]).where("action_kind", "=", "bulk.job.submit").where("stream", "=", `bulk:${companyCr}`).orderBy("id", "desc").executeTakeFirstOrThrow();
    const submitted = submit.payload as { jobId: string; signature: { method: string; clientId: string; digest: string } };
    assert.equal(submitted.jobId, accepted.id);
    assert.deepEqual([submitted.signature.method, submitted.signature.clientId, submitted.signature.digest], ["client_credentials", machine.clientId, accepted.signedDigest]);
    assert.equal(action.correlation_id, submit.correlation_id, "the rows carry the submission's correlation id");
  });
});

describe("CSV jobs", () => {
  test("UTF-8 with a byte-order mark, CRLF, quoted commas and line breaks, Arabic text and Arabic-Indic digits", async () => {
    const [a, b] = [await companyFile(harness), await companyFile(harness)];
    const reference = ref("CSV-HAPPY");
    const arabicNumber = a.number.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
    const reasons = { debt: "الدين ثابت بحكم نهائي، ومستحق الأداء", flight: 'حجز تذكرة سفر "ذهاب فقط"\r\nإلى الخارج', ability: "يملك عقارًا مؤجرًا" };
    const csv =
      "\uFEFFReference,KIND,file_number,file_id,debtor_civil_id,amount,banks,debt_certain_and_due,flight_risk,ability_to_pay\r\n" +
      `${reference}/1,bank_attachment,${arabicNumber},,${people.debtor},"1,000.250",NBOK;KFHO,,,\r\n` +
      `${reference}/2,travel_ban,,${b.id},${people.debtor},,,"${reasons.debt}","${reasons.flight.replaceAll('"', '""')}",${reasons.ability}\r\n` +
      ",,,,,,,,,\r\n";
    const accepted = job(await postCsv(client, reference, csv));
    assert.equal(accepted.rowCount, 2, "the blank line is not a row");
    assert.equal(accepted.counts.queued, 2);
    await drain(deps());
    const rows = await allRows(client, accepted.id);
    assert.deepEqual(rows.map((row) => [row.reference, row.status, row.error?.code ?? null]), [
      [`${reference}/1`, "created", null],
      [`${reference}/2`, "created", null],
    ]);
    const attachment = await db().selectFrom("procedures").select(["file_id", "amount", "parameters"]).where("id", "=", rows[0]!.procedureId!).executeTakeFirstOrThrow();
    assert.deepEqual([attachment.file_id, attachment.amount, (attachment.parameters as { banks: string[] }).banks], [a.id, 1_000_250n, ["KFHO", "NBOK"]]);
    const ban = await db().selectFrom("procedures").select(["parameters"]).where("id", "=", rows[1]!.procedureId!).executeTakeFirstOrThrow();
    assert.deepEqual((ban.parameters as { evidence: unknown }).evidence, { debtCertainAndDue: reasons.debt, flightRisk: reasons.flight, abilityToPay: reasons.ability });
  });

  test("a malformed file is refused whole with CSV_INVALID; a row of the wrong width is refused alone", async () => {
    const before = await bulkCounts(db());
    const header = "reference,kind,file_id,debtor_party_id\n";
    const cases: [string, string | Buffer, string][] = [
      ["unknown column", "reference,kind,colour\nx,vehicle_seizure,red\n", "unknown_column"],
      ["missing column", "kind,file_id\nvehicle_seizure,x\n", "missing_column"],
      ["duplicate column", "reference,kind,Kind\nx,y,z\n", "duplicate_column"],
      ["open quote", `${header}"x,vehicle_seizure,a,b\n`, "syntax"],
      ["not UTF-8", Buffer.concat([Buffer.from(header), Buffer.from([0x78, 0x2c, 0xff, 0xfe, 0x0a])]), "encoding"],
      ["empty", "", "empty"],
    ];
    for (const [label, csv, reason] of cases) {
      const error = assertError(await postCsv(client, ref("CSV-BAD"), csv), 400, "CSV_INVALID");
      assert.equal(error.details.reason, reason, label);
    }
    assert.deepEqual(await bulkCounts(db()), before, "nothing was written");

    const file = await companyFile(harness);
    const reference = ref("CSV-WIDTH");
    const accepted = job(await postCsv(client, reference, `${header}${reference}/1,vehicle_seizure,${file.id},${file.debtorPartyId}\n${reference}/2,vehicle_seizure,${file.id}\n`));
    assert.deepEqual([accepted.counts.queued, accepted.counts.rejected], [1, 1]);
    const rows = await allRows(client, accepted.id);
    assert.equal(rows[1]!.error!.code, "VALIDATION_FAILED");
    assert.deepEqual(rows[1]!.error!.details, { reason: "column_count", expected: 4, found: 3 });
    assert.equal(rows[1]!.reference, `${reference}/2`);
  });
});

describe("good and bad rows together", () => {
  test("bad rows are reported with their code and a message in Arabic and English; good rows are created", async () => {
    const mine = await companyFile(harness);
    const small = await companyFile(harness);
    const notMine = await companyFile(harness, { civilId: people.otherCreditor });
    const reference = ref("MIXED");
    const unknownNumber = formatFileNumber(2026, 9_999_999);
    const r = (n: number) => `${reference}/${n}`;
    const rows = [
      { reference: r(1), kind: "bank_attachment", fileId: mine.id, debtorPartyId: mine.debtorPartyId, amount: "100.000", banks: "all" },
      { reference: r(2), kind: "bank_attachment", fileId: mine.id, debtorPartyId: mine.debtorPartyId, amount: "12.3456", banks: "all" },
      { reference: r(3), kind: "vehicle_seizure", fileId: mine.id, debtorCivilId: "123" },
      { reference: r(4), kind: "vehicle_seizure", debtorPartyId: mine.debtorPartyId },
      { reference: r(5), kind: "levitation", fileId: mine.id, debtorPartyId: mine.debtorPartyId },
      { reference: r(6), kind: "vehicle_seizure", fileNumber: unknownNumber, debtorCivilId: people.debtor },
      { reference: r(7), kind: "vehicle_seizure", fileId: notMine.id, debtorPartyId: notMine.debtorPartyId },
      { reference: r(8), kind: "bank_attachment", fileId: small.id, debtorPartyId: small.debtorPartyId, amount: "999999.000", banks: "all" },
      { reference: r(9), kind: "bank_attachment", fileId: small.id, debtorPartyId: small.debtorPartyId, amount: "1.000", banks: ["XXXX"] },
      { reference: r(10), kind: "vehicle_seizure", fileId: small.id, debtorCivilId: people.otherDebtor },
      { reference: r(11), kind: "vehicle_seizure", fileNumber: small.number, debtorCivilId: people.debtor },
      "not even an object",
    ];
    const accepted = job(await client.post("/api/v1/bulk-jobs", { reference, rows }));
    assert.deepEqual([accepted.rowCount, accepted.counts.queued, accepted.counts.rejected], [12, 7, 5]);
    await drain(deps());
    const outcome = await allRows(client, accepted.id);
    assert.deepEqual(
      outcome.map((row) => [row.position, row.status, row.error?.code ?? null]),
      [
        [1, "created", null],
        [2, "rejected", "MONEY_SUB_FILS"],
        [3, "rejected", "CIVIL_ID_INVALID"],
        [4, "rejected", "VALIDATION_FAILED"],
        [5, "rejected", "VALIDATION_FAILED"],
        [6, "failed", "FILE_NOT_FOUND"],
        [7, "failed", "FILE_NOT_FOUND"],
        [8, "failed", "AMOUNT_EXCEEDS_OUTSTANDING"],
        [9, "failed", "BANK_CODE_UNKNOWN"],
        [10, "failed", "DEBTOR_NOT_ON_FILE"],
        [11, "created", null],
        [12, "rejected", "VALIDATION_FAILED"],
      ],
    );
    for (const row of outcome.filter((candidate) => candidate.error)) {
      assert.match(row.error!.message.ar, /[\u0621-\u064A]/, `row ${row.position}: Arabic message`);
      assert.ok(row.error!.message.en.length > 0);
    }
    assert.deepEqual(outcome[3]!.error!.details, { field: "file", reason: "missing" });
    assert.deepEqual(outcome[5]!.error!.details, { file: { number: unknownNumber } }, "the file as the client named it");
    assert.deepEqual(outcome[6]!.error!.details, { file: { id: notMine.id } }, "another creditor's file is not found, exactly like a missing one");
    assert.equal(outcome[11]!.reference, null);
    assert.deepEqual((await proceduresOfJob(db(), accepted.id)).map((procedure) => procedure.reference), [r(1), r(11)]);
    // Paging and filtering.
    const failed = await client.get(`/api/v1/bulk-jobs/${accepted.id}/rows?status=failed&limit=2`);
    assert.equal(failed.statusCode, 200, failed.body);
    const page = failed.json() as { rows: { position: number }[]; nextAfter: number };
    assert.deepEqual([page.rows.map((row) => row.position), page.nextAfter], [[6, 7], 7]);
    const next = (await client.get(`/api/v1/bulk-jobs/${accepted.id}/rows?status=failed&limit=2&after=7`)).json() as { rows: { position: number }[] };
    assert.deepEqual(next.rows.map((row) => row.position), [8, 9]);
  });
});

describe("idempotency", () => {
  test("the same job again returns it; the same rows in a new job are duplicates with the earlier outcome; nothing is created twice", async () => {
    const file = await companyFile(harness);
    const jobRef = ref("IDEM");
    const row = (n: number, amount = "10.000") => ({ reference: `${jobRef}/${n}`, kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount, banks: ["NBOK"] });
    const first = job(await client.post("/api/v1/bulk-jobs", { reference: jobRef, rows: [row(1), row(2), row(3, "99999999.000")] }));
    await drain(deps());
    const counts = await bulkCounts(db());

    const again = job(await client.post("/api/v1/bulk-jobs", { reference: jobRef, rows: [row(1), row(2), row(3, "99999999.000")] }), 200);
    assert.equal(again.id, first.id);
    assert.equal(again.status, "completed");
    assertError(await client.post("/api/v1/bulk-jobs", { reference: jobRef, rows: [row(1)] }), 409, "IDEMPOTENCY_CONFLICT");
    assert.deepEqual(await bulkCounts(db()), counts, "a replay and a conflict write nothing");

    const secondRef = ref("IDEM-2");
    const second = job(await client.post("/api/v1/bulk-jobs", { reference: secondRef, rows: [row(2), row(3, "99999999.000"), row(1, "11.000"), row(4), row(4), row(5), row(5, "12.000")] }));
    assert.deepEqual(
      [second.counts.duplicate, second.counts.rejected, second.counts.queued],
      [3, 2, 2],
      "2 and 3 seen before, 1 changed, 4 twice in the job, 5 twice with different content",
    );
    await drain(deps());
    const firstRows = await allRows(client, first.id);
    const rows = await allRows(client, second.id);
    assert.deepEqual(
      rows.map((entry) => [entry.reference, entry.status, entry.procedureId, entry.error?.code ?? null, entry.duplicateOf ? [entry.duplicateOf.jobId, entry.duplicateOf.position] : null]),
      [
        [`${jobRef}/2`, "duplicate", firstRows[1]!.procedureId, null, [first.id, 2]],
        [`${jobRef}/3`, "duplicate", null, "AMOUNT_EXCEEDS_OUTSTANDING", [first.id, 3]],
        [`${jobRef}/1`, "rejected", null, "IDEMPOTENCY_CONFLICT", null],
        [`${jobRef}/4`, "created", rows[3]!.procedureId, null, null],
        [`${jobRef}/4`, "duplicate", rows[3]!.procedureId, null, [second.id, 4]],
        [`${jobRef}/5`, "created", rows[5]!.procedureId, null, null],
        [`${jobRef}/5`, "rejected", null, "IDEMPOTENCY_CONFLICT", null],
      ],
    );
    assert.ok(firstRows[1]!.procedureId && rows[3]!.procedureId && rows[5]!.procedureId);
    const after = await bulkCounts(db());
    assert.equal(after.procedures - counts.procedures, 2, "only rows 4 and 5 made procedures");
    const references = (await proceduresOfJob(db(), first.id)).concat(await proceduresOfJob(db(), second.id)).map((procedure) => procedure.reference);
    assert.equal(new Set(references).size, references.length, "no reference made two procedures");
  });

  test("a rejected row does not use its reference up: fixed and sent again, it is carried out", async () => {
    const file = await companyFile(harness);
    const rowRef = ref("FIX");
    const bad = { reference: rowRef, kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount: "abc", banks: "all" };
    job(await client.post("/api/v1/bulk-jobs", { reference: ref("FIX-JOB"), rows: [bad] }));
    const fixed = job(await client.post("/api/v1/bulk-jobs", { reference: ref("FIX-JOB"), rows: [{ ...bad, amount: "5.000" }] }));
    assert.equal(fixed.counts.queued, 1);
  });
});

describe("limits", () => {
  test("more rows than allowed → 413 BULK_TOO_MANY_ROWS; a body over the limit → 413 PAYLOAD_TOO_LARGE; no rows → 400; nothing written", async () => {
    const before = await bulkCounts(db());
    const many = Array.from({ length: 10_001 }, (_, index) => ({ reference: `r${index}` }));
    const tooMany = assertError(await client.post("/api/v1/bulk-jobs", { reference: ref("BIG"), rows: many }), 413, "BULK_TOO_MANY_ROWS");
    assert.deepEqual(tooMany.details, { maxRows: 10_000, rows: 10_001 });
    const huge = { reference: ref("HUGE"), rows: [{ reference: "x", padding: "x".repeat(16 * 1024 * 1024) }] };
    assertError(await client.post("/api/v1/bulk-jobs", huge), 413, "PAYLOAD_TOO_LARGE");
    assertError(await client.post("/api/v1/bulk-jobs", { reference: ref("EMPTY"), rows: [] }), 400, "VALIDATION_FAILED");
    assertError(await client.post("/api/v1/bulk-jobs", { reference: " padded", rows: [{}] }), 400, "VALIDATION_FAILED");
    const csvRows = "reference,kind\n" + Array.from({ length: 10_001 }, (_, index) => `r${index},vehicle_seizure`).join("\n");
    assertError(await postCsv(client, ref("BIG-CSV"), csvRows), 413, "BULK_TOO_MANY_ROWS");
    assert.deepEqual(await bulkCounts(db()), before);
  });
});

describe("a company representative's job, signed once on the phone", () => {
  test("rows wait for the signature over the job's digest; once signed they are carried out as the representative", async () => {
    const rep = await harness.clientFor(people.companyRep);
    const [a, b] = [await companyFile(harness), await companyFile(harness)];
    const reference = ref("REP");
    const rows = [
      { reference: `${reference}/1`, kind: "bank_attachment", fileId: a.id, debtorPartyId: a.debtorPartyId, amount: "300.000", banks: ["NBOK"] },
      { reference: `${reference}/2`, kind: "vehicle_seizure", fileNumber: b.number, debtorCivilId: people.debtor },
    ];
    const submitted = job(await rep.post("/api/v1/bulk-jobs", { reference, rows }));
    assert.equal(submitted.status, "awaiting_signature");
    assert.equal(submitted.counts.pending_signature, 2);
    await drain(deps());
    assert.equal(job(await rep.get(`/api/v1/bulk-jobs/${submitted.id}`), 200).counts.pending_signature, 2, "nothing runs before the signature");
    const onPhone = (await phoneRequests(harness, people.companyRep)).find((request) => request.digest === submitted.signedDigest);
    assert.ok(onPhone, "the job's digest was pushed to the representative's phone");
    assert.match(onPhone.summary.en, /Submit 2 enforcement requests for Test Company/);
    assert.match(onPhone.summary.en, /KWD 300\.000/);

    assertError(await rep.post(`/api/v1/bulk-jobs/${submitted.id}/signature`), 409, "SIGNATURE_PENDING");
    // Resubmitting while the request is pending pushes nothing new.
    job(await rep.post("/api/v1/bulk-jobs", { reference, rows }), 200);
    assert.equal((await phoneRequests(harness, people.companyRep)).filter((request) => request.digest === submitted.signedDigest).length, 1);
    // The company's machine client sees the job but may not sign it.
    assertError(await client.post(`/api/v1/bulk-jobs/${submitted.id}/signature`, {}), 403, "FORBIDDEN");

    assert.equal((await answerOnPhone(harness, people.companyRep, onPhone.id, "approve")).statusCode, 200);
    const signed = job(await rep.post(`/api/v1/bulk-jobs/${submitted.id}/signature`), 200);
    assert.equal(signed.status, "processing");
    assert.equal(signed.counts.queued, 2);
    const uses = await db().selectFrom("signature_uses").select("jti").where("digest", "=", submitted.signedDigest).execute();
    assert.equal(uses.length, 1, "the proof's nonce is recorded");
    job(await rep.post(`/api/v1/bulk-jobs/${submitted.id}/signature`), 200);

    await drain(deps());
    assert.equal(job(await rep.get(`/api/v1/bulk-jobs/${submitted.id}`), 200).counts.created, 2);
    const outcome = await allRows(rep, submitted.id);
    const action = await db().selectFrom("actions").select(["actor", "actor_role"]).where("procedure_id", "=", outcome[1]!.procedureId!).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    assert.deepEqual(action, { actor: people.companyRep, actor_role: "creditor" });
    const sign = await db().selectFrom("actions").select("payload").where("action_kind", "=", "bulk.job.sign").where("stream", "=", `bulk:${companyCr}`).executeTakeFirstOrThrow();
    const evidence = (sign.payload as { signature: { method: string; digest: string; proof: string } }).signature;
    assert.deepEqual([evidence.method, evidence.digest], ["mobile_id", submitted.signedDigest]);
    assert.match(evidence.proof, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test("a rejected approval → SIGNATURE_REJECTED; resubmitting the job pushes a fresh request; a proof for another digest → SIGNATURE_INVALID", async () => {
    const rep = await harness.clientFor(people.companyRep);
    const file = await companyFile(harness);
    const reference = ref("REP-REJECT");
    const rows = [{ reference: `${reference}/1`, kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }];
    const submitted = job(await rep.post("/api/v1/bulk-jobs", { reference, rows }));
    const first = (await phoneRequests(harness, people.companyRep)).find((request) => request.digest === submitted.signedDigest)!;
    await answerOnPhone(harness, people.companyRep, first.id, "reject");
    assertError(await rep.post(`/api/v1/bulk-jobs/${submitted.id}/signature`), 403, "SIGNATURE_REJECTED");
    job(await rep.post("/api/v1/bulk-jobs", { reference, rows }), 200);
    const fresh = (await phoneRequests(harness, people.companyRep)).find((request) => request.digest === submitted.signedDigest);
    assert.ok(fresh && fresh.id !== first.id, "a new signing request");

    // A proof of another job's digest does not sign this one.
    const otherRef = ref("REP-OTHER");
    const other = job(await rep.post("/api/v1/bulk-jobs", { reference: otherRef, rows: [{ ...rows[0]!, reference: `${otherRef}/1` }] }));
    const otherRequest = (await phoneRequests(harness, people.companyRep)).find((request) => request.digest === other.signedDigest)!;
    await answerOnPhone(harness, people.companyRep, otherRequest.id, "approve");
    const otherJob = await db().selectFrom("bulk_jobs").select("signing_request_id").where("id", "=", other.id).executeTakeFirstOrThrow();
    const proof = (await harness.world.deps.db.selectFrom("idp_approvals").select("proof").where("id", "=", otherJob.signing_request_id!).executeTakeFirstOrThrow()).proof!;
    const wrong = assertError(await rep.post(`/api/v1/bulk-jobs/${submitted.id}/signature`, { signingProof: proof }), 403, "SIGNATURE_INVALID");
    assert.equal(wrong.details.reason, "digest");
    job(await rep.post(`/api/v1/bulk-jobs/${other.id}/signature`, { signingProof: proof }), 200);
  });
});

describe("who may submit and see jobs", () => {
  test("only the company's own clients and representatives see its jobs; others are told it does not exist", async () => {
    const file = await companyFile(harness);
    const reference = ref("SEEN");
    const submitted = job(await client.post("/api/v1/bulk-jobs", { reference, rows: [{ reference: `${reference}/1`, kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] }));
    const otherCr = "7654321";
    await registerCompany(harness.world.deps, { subject: systemSubject, correlationId: "bulk-test" }, { crNumber: otherCr, nameAr: "شركة أخرى", nameEn: "Other Company", representatives: [people.stranger] });
    const outsider = await createMachineClient(harness.world.deps, { subject: systemSubject, correlationId: "bulk-test" }, { crNumber: otherCr, name: "Other", scopes: ["files:read", "procedures:request"] });
    const token = await harness.app.inject({
      method: "POST",
      url: "/oauth/token",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${outsider.clientId}:${outsider.clientSecret}`).toString("base64")}` },
      payload: "grant_type=client_credentials",
    });
    const bearer = { authorization: `Bearer ${(token.json() as { access_token: string }).access_token}` };
    for (const url of [`/api/v1/bulk-jobs/${submitted.id}`, `/api/v1/bulk-jobs/${submitted.id}/rows`]) {
      assertError(await harness.app.inject({ method: "GET", url, headers: bearer }), 404, "BULK_JOB_NOT_FOUND");
      assertError(await (await harness.clientFor(people.stranger)).get(url), 404, "BULK_JOB_NOT_FOUND");
      assert.equal((await (await harness.clientFor(people.companyRep)).get(url)).statusCode, 200);
    }
    // The other company's client may not name this company, and its rows on this company's files are not found.
    assertError(await harness.app.inject({ method: "POST", url: "/api/v1/bulk-jobs", headers: bearer, payload: { reference: ref("X"), crNumber: companyCr, rows: [{}] } }), 403, "FORBIDDEN");
    const theirs = await harness.app.inject({ method: "POST", url: "/api/v1/bulk-jobs", headers: bearer, payload: { reference: ref("THEIRS"), rows: [{ reference: "t/1", kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] } });
    const theirJob = job(theirs);
    await drain(deps());
    const theirRows = await harness.app.inject({ method: "GET", url: `/api/v1/bulk-jobs/${theirJob.id}/rows`, headers: bearer });
    assert.equal((theirRows.json() as { rows: { error: { code: string } }[] }).rows[0]!.error.code, "FILE_NOT_FOUND");
    // The same row reference is another company's own: no clash.
    const mine = job(await client.post("/api/v1/bulk-jobs", { reference: ref("MINE"), rows: [{ reference: "t/1", kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] }));
    assert.equal(mine.counts.queued, 1);
  });

  test("a client without procedures:request → 403; a revoked client's rows not yet carried out fail FORBIDDEN", async () => {
    const readOnly = await (await machineCaller(harness, ["files:read"])).client();
    assertError(await readOnly.post("/api/v1/bulk-jobs", { reference: ref("RO"), rows: [{}] }), 403, "FORBIDDEN");
    const doomed = await machineCaller(harness, ["procedures:request"]);
    const doomedClient = await doomed.client();
    const file = await companyFile(harness);
    const submitted = job(await doomedClient.post("/api/v1/bulk-jobs", { reference: ref("REVOKED"), rows: [{ reference: ref("REVOKED-ROW"), kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] }));
    const admin = await harness.clientFor(people.administrator);
    assert.equal((await admin.post(`/api/v1/machine-clients/${doomed.clientId}/revoke`, { reason: "Contract ended." })).statusCode, 200);
    await drain(deps());
    const rows = await allRows(client, submitted.id);
    assert.deepEqual([rows[0]!.status, rows[0]!.error!.code, rows[0]!.error!.details], ["failed", "FORBIDDEN", { reason: "client_revoked" }]);
  });
});
