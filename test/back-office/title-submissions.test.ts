/**
 * Titles submitted online (issue 5, back office): a creditor or their lawyer submits the
 * title's details and its copy; the submission enters the clerks' queue in the same
 * transaction; a clerk opens the file from it (the same code as opening one directly) or
 * rejects it with reasons; the submitter follows it to the file. Over HTTP, on both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { people } from "../support/fixtures.ts";
import { multipart, samplePdf, samplePng, startDocumentsHarness, type DocumentsHarness } from "../documents/support.ts";
import { assertError, openFileBody, unregisteredCivilId } from "../http/helpers.ts";
import { actionKinds, assertNothingWritten, get, ok, post } from "./support.ts";

let harness: DocumentsHarness;

before(async () => {
  harness = await startDocumentsHarness();
});
after(async () => {
  await harness?.close();
});

interface Submission {
  id: string;
  status: string;
  submittedBy: string;
  submitterRole: string;
  claim: { principal: string; costs: string; fees: string; interest: string };
  copy: { sha256: string; mediaType: string; sizeBytes: number; name: string | null } | null;
  reviewItemId: string | null;
  rejectionReasons: string | null;
  fileId: string | null;
  fileNumber: string | null;
  documentId: string | null;
}
interface QueueItem {
  id: string;
  itemKind: string;
  fileId: string | null;
  subjectRef: string | null;
  assignedTo: string | null;
  slaWorkingDays: number;
}

const as = (civilId: string) => harness.clientFor(civilId);
const db = () => harness.database.db;

async function submit(who = people.creditor, body = openFileBody()): Promise<Submission> {
  return ok<Submission>(await post(await as(who), "/api/v1/title-submissions", body), 201);
}

async function attachCopy(who: string, id: string, bytes: Buffer, name = "title.pdf") {
  return (await as(who)).request({ method: "POST", url: `/api/v1/title-submissions/${id}/copy`, ...multipart(name, bytes) });
}

async function clerkQueue(): Promise<QueueItem[]> {
  return ok<{ items: QueueItem[] }>(await get(await as(people.clerk), "/api/v1/queues/clerk?itemKind=open_file_from_title")).items;
}

describe("a title submitted online becomes an enforcement file", () => {
  test("submitted, copy attached (queued in the same transaction), assigned, opened by a clerk; the creditor sees the file", async () => {
    const body = openFileBody();
    const created = await submit(people.creditor, body);
    assert.equal(created.status, "awaiting_copy");
    assert.equal(created.submittedBy, people.creditor);
    assert.equal(created.submitterRole, "creditor");
    assert.deepEqual(created.claim, { principal: "5000.000", costs: "150.000", fees: "10.000", interest: "0.000" });
    assert.ok(!(await clerkQueue()).some((item) => item.subjectRef === created.id), "no copy yet: not the clerks' work");

    const pdf = await samplePdf("Executory title, certified copy");
    const attached = ok<Submission>(await attachCopy(people.creditor, created.id, pdf, "حكم.pdf"));
    assert.equal(attached.status, "submitted");
    assert.equal(attached.copy?.mediaType, "application/pdf");
    assert.equal(attached.copy?.sizeBytes, pdf.length);
    assert.equal(attached.copy?.name, "حكم.pdf");
    const item = (await clerkQueue()).find((candidate) => candidate.subjectRef === created.id);
    assert.ok(item, "the submission is in the clerks' queue");
    assert.equal(item.id, attached.reviewItemId);
    assert.equal(item.fileId, null);
    assert.equal(item.slaWorkingDays, 2);
    // The item and the copy were written together with the submission's move.
    const row = await db().selectFrom("review_items").select(["item_kind", "queue", "entered_at"]).where("id", "=", item.id).executeTakeFirstOrThrow();
    assert.deepEqual({ kind: row.item_kind, queue: row.queue }, { kind: "open_file_from_title", queue: "clerk" });

    const clerk = await as(people.clerk);
    const assigned = ok<{ assignedTo: string; itemKind: string; procedureId: string | null }>(await post(clerk, `/api/v1/queues/clerk/items/${item.id}/assign`, {}));
    assert.deepEqual(assigned.assignedTo, people.clerk);
    assert.equal(assigned.itemKind, "open_file_from_title");
    assert.equal(assigned.procedureId, null);

    const copy = await get(clerk, `/api/v1/title-submissions/${created.id}/copy`);
    assert.equal(copy.statusCode, 200);
    assert.equal(copy.headers["content-type"], "application/pdf");
    assert.deepEqual(copy.rawPayload, pdf);

    const opened = ok<Submission>(await post(clerk, `/api/v1/title-submissions/${created.id}/open`, { note: "Copy matches the court's register." }));
    assert.equal(opened.status, "opened");
    assert.ok(opened.fileId && opened.fileNumber && opened.documentId);
    assert.ok(!(await clerkQueue()).some((candidate) => candidate.subjectRef === created.id), "the item is closed");

    // The creditor follows it to the file, which has the title, parties and claim submitted.
    const creditor = await as(people.creditor);
    const seen = ok<Submission>(await get(creditor, `/api/v1/title-submissions/${created.id}`));
    assert.equal(seen.status, "opened");
    assert.equal(seen.fileNumber, opened.fileNumber);
    const file = ok<{ number: string; claimTotal: string; titles?: unknown }>(await get(creditor, `/api/v1/files/${opened.fileId}`));
    assert.equal(file.number, opened.fileNumber);
    assert.equal(file.claimTotal, "5160.000");
    const title = await db().selectFrom("executory_titles").selectAll().where("file_id", "=", opened.fileId).executeTakeFirstOrThrow();
    assert.equal(title.case_number, (body.title as { caseNumber: string }).caseNumber);
    const parties = await db().selectFrom("file_parties").select(["party_role", "civil_id", "payout_iban"]).where("file_id", "=", opened.fileId).orderBy("party_role").execute();
    assert.deepEqual(parties.map((party) => [party.party_role, party.civil_id]), [["creditor", people.creditor], ["debtor", people.debtor]]);

    // The copy is the file's title document, verified by the clerk who opened it.
    const documents = ok<{ documents: { id: string; kind: string; sha256: string; verification: { status: string; reasons: string | null; decidedAt: string | null } }[] }>(
      await get(creditor, `/api/v1/files/${opened.fileId}/documents`),
    ).documents;
    assert.equal(documents.length, 1);
    assert.equal(documents[0]!.id, opened.documentId);
    assert.equal(documents[0]!.kind, "executory_title_copy");
    assert.equal(documents[0]!.sha256, attached.copy!.sha256);
    assert.deepEqual(documents[0]!.verification, { status: "verified", reasons: "Copy matches the court's register.", decidedAt: harness.world.clock.now().toISOString() });

    // Opening served the title through the outbox, like any file opened by a clerk.
    const served = await db().selectFrom("outbox").select("payload").where("topic", "=", "notice.title_served").execute();
    assert.ok(served.some((entry) => (entry.payload as { fileId: string }).fileId === opened.fileId));

    // Every step is an action: the submission's own stream, then the file's.
    assert.deepEqual(await actionKinds(db(), `title-submission:${created.id}`), [
      "title_submission.create",
      "title_submission.copy_attached",
      "review.assign",
      "title_submission.copy_downloaded",
      "title_submission.opened",
    ]);
    assert.deepEqual(await actionKinds(db(), `file:${opened.fileId}`), ["file.open", "document.filed", "document.verified"]);
    const report = await verifyAudit(db());
    assert.deepEqual([...report.chainProblems, ...report.projectionProblems], []);
  });

  test("a lawyer submits for the creditor; the clerk rejects it with reasons both see; it may be submitted again", async () => {
    const body = openFileBody();
    const created = await submit(people.lawyer, body);
    assert.equal(created.submitterRole, "lawyer");
    ok<Submission>(await attachCopy(people.lawyer, created.id, await samplePng("title")));
    const clerk = await as(people.clerk);
    assertError(await post(clerk, `/api/v1/title-submissions/${created.id}/rejection`, { reasons: "   " }), 400, "VALIDATION_FAILED");
    const rejected = ok<Submission>(await post(clerk, `/api/v1/title-submissions/${created.id}/rejection`, { reasons: "The copy does not bear the executory formula." }));
    assert.equal(rejected.status, "rejected");
    for (const who of [people.lawyer, people.creditor]) {
      const seen = ok<Submission>(await get(await as(who), `/api/v1/title-submissions/${created.id}`));
      assert.equal(seen.status, "rejected");
      assert.equal(seen.rejectionReasons, "The copy does not bear the executory formula.");
      assert.equal(seen.fileId, null);
    }
    const listed = ok<{ submissions: Submission[] }>(await get(await as(people.creditor), "/api/v1/title-submissions?status=rejected")).submissions;
    assert.ok(listed.some((submission) => submission.id === created.id), "the creditor lists what their lawyer submitted");
    assert.ok(!(await clerkQueue()).some((item) => item.subjectRef === created.id));
    // Decided: neither opened nor rejected again, and no second copy.
    await assertNothingWritten(db(), async () => assertError(await post(clerk, `/api/v1/title-submissions/${created.id}/open`, {}), 409, "TITLE_SUBMISSION_NOT_PENDING"));
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.lawyer, created.id, await samplePdf()), 409, "TITLE_SUBMISSION_NOT_PENDING"));
    // The same title may come again once the first was rejected.
    assert.equal((await submit(people.creditor, body)).status, "awaiting_copy");
    assert.deepEqual(await actionKinds(db(), `title-submission:${created.id}`), ["title_submission.create", "title_submission.copy_attached", "title_submission.rejected"]);
  });
});

describe("refusals write nothing", () => {
  test("only a creditor named in it (or their lawyer) may submit; staff and others are refused", async () => {
    for (const who of [people.otherCreditor, people.debtor, people.stranger, people.clerk, people.expiredLawyer, people.unverifiedLawyer]) {
      const denied = await assertNothingWritten(db(), async () => assertError(await post(await as(who), "/api/v1/title-submissions", openFileBody()), 403, "FORBIDDEN"));
      assert.equal(denied.details.permission, "title_submission.submit", who);
    }
    assertError(await harness.anonymous.request({ method: "POST", url: "/api/v1/title-submissions", payload: openFileBody() }), 401, "UNAUTHENTICATED");
  });

  test("the title's details are checked at once, as for a clerk opening a file", async () => {
    const creditor = await as(people.creditor);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [openFileBody(people.creditor, unregisteredCivilId(91)), 422, "PERSON_NOT_FOUND"],
      [{ ...openFileBody(), title: { ...openFileBody().title, hasExecutoryFormula: false } }, 422, "FILE_NOT_ENFORCEABLE"],
      [{ ...openFileBody(), title: { ...openFileBody().title, isFinal: false } }, 422, "FILE_NOT_ENFORCEABLE"],
      [openFileBody(people.creditor, people.creditor), 422, "PARTY_ON_BOTH_SIDES"],
      [openFileBody(people.creditor, "123456789012"), 400, "CIVIL_ID_INVALID"],
      [openFileBody(people.creditor, people.debtor, { principal: "12.3456" }), 400, "MONEY_SUB_FILS"],
      [openFileBody(people.creditor, people.debtor, { principal: "0.000" }), 400, "VALIDATION_FAILED"],
      [openFileBody(people.creditor, people.debtor, { principal: "100.000", interest: "5.000" }), 422, "INTEREST_NOT_GRANTED"],
      [{ ...openFileBody(), debtors: [] }, 400, "VALIDATION_FAILED"],
      [{ ...openFileBody(), extra: true }, 400, "VALIDATION_FAILED"],
    ];
    for (const [body, status, code] of cases) {
      await assertNothingWritten(db(), async () => assertError(await post(creditor, "/api/v1/title-submissions", body), status, code));
    }
  });

  test("a title already opened as a file, or already waiting, is refused as a duplicate", async () => {
    const body = openFileBody();
    ok(await post(await as(people.clerk), "/api/v1/files", body), 201);
    await assertNothingWritten(db(), async () => assertError(await post(await as(people.creditor), "/api/v1/title-submissions", body), 409, "DUPLICATE_TITLE"));
    const waiting = openFileBody();
    await submit(people.creditor, waiting);
    await assertNothingWritten(db(), async () => assertError(await post(await as(people.lawyer), "/api/v1/title-submissions", waiting), 409, "DUPLICATE_TITLE"));
  });

  test("the copy: its type from its content, not empty, within the limit, by the creditor's side only", async () => {
    const created = await submit();
    const url = `/api/v1/title-submissions/${created.id}/copy`;
    const creditor = await as(people.creditor);
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.creditor, created.id, Buffer.from("just text, named like a PDF"), "title.pdf"), 415, "UNSUPPORTED_MEDIA_TYPE"));
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.creditor, created.id, Buffer.alloc(0)), 400, "VALIDATION_FAILED"));
    const tooLarge = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(harness.maxUploadBytes + 1, 0x20)]);
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.creditor, created.id, tooLarge), 413, "PAYLOAD_TOO_LARGE"));
    await assertNothingWritten(db(), async () => assertError(await post(creditor, url, { file: "x" }), 415, "UNSUPPORTED_MEDIA_TYPE"));
    // Staff read it but do not bring the creditor's copy; strangers do not learn it exists.
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.clerk, created.id, await samplePdf()), 403, "FORBIDDEN"));
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.otherCreditor, created.id, await samplePdf()), 404, "TITLE_SUBMISSION_NOT_FOUND"));
    await assertNothingWritten(db(), async () => assertError(await attachCopy(people.creditor, "00000000-0000-4000-8000-000000000009", await samplePdf()), 404, "TITLE_SUBMISSION_NOT_FOUND"));
    // Without its copy a submission cannot be opened.
    await assertNothingWritten(db(), async () => assertError(await post(await as(people.clerk), `/api/v1/title-submissions/${created.id}/open`, {}), 409, "TITLE_SUBMISSION_NOT_PENDING"));
    await assertNothingWritten(db(), async () => assertError(await get(await as(people.clerk), `/api/v1/title-submissions/${created.id}/copy`), 404, "DOCUMENT_NOT_FOUND"));
  });

  test("only a clerk decides; readers are the submitter's side and staff", async () => {
    const created = await submit();
    ok(await attachCopy(people.creditor, created.id, await samplePdf()));
    for (const who of [people.judge, people.auditor, people.administrator, people.creditor, people.lawyer, people.stranger]) {
      const client = await as(who);
      const open = await assertNothingWritten(db(), async () => assertError(await post(client, `/api/v1/title-submissions/${created.id}/open`, {}), 403, "FORBIDDEN"));
      assert.equal(open.details.permission, "title_submission.decide");
      await assertNothingWritten(db(), async () => assertError(await post(client, `/api/v1/title-submissions/${created.id}/rejection`, { reasons: "No." }), 403, "FORBIDDEN"));
    }
    for (const who of [people.otherCreditor, people.debtor, people.stranger, people.expiredLawyer, people.bankOfficer]) {
      await assertNothingWritten(db(), async () => assertError(await get(await as(who), `/api/v1/title-submissions/${created.id}`), 404, "TITLE_SUBMISSION_NOT_FOUND"));
      const listed = ok<{ submissions: Submission[] }>(await get(await as(who), "/api/v1/title-submissions")).submissions;
      assert.ok(!listed.some((submission) => submission.id === created.id), who);
    }
    for (const who of [people.clerk, people.judge, people.auditor, people.lawyer]) {
      assert.equal(ok<Submission>(await get(await as(who), `/api/v1/title-submissions/${created.id}`)).id, created.id, who);
    }
    assertError(await get(await as(people.creditor), "/api/v1/title-submissions?status=lost"), 400, "VALIDATION_FAILED");
    assertError(await get(await as(people.creditor), "/api/v1/title-submissions/not-a-uuid"), 400, "VALIDATION_FAILED");
    assertError(await post(await as(people.clerk), `/api/v1/title-submissions/${created.id}/open`, { note: 5 }), 400, "VALIDATION_FAILED");
  });
});
