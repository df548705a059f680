/**
 * Clerks verify what parties and lawyers upload (the executory title copy, powers of
 * attorney, evidence): the upload opens a 'verify_document' item in the clerks' queue in
 * its own transaction; the clerk verifies or rejects with reasons; the status shows to
 * everyone who may read the document, so a petition's rejected evidence shows to the
 * creditor (and to the judge deciding the petition). Over HTTP, on both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { people } from "../support/fixtures.ts";
import { multipart, samplePdf, samplePng, startDocumentsHarness, type DocumentsHarness } from "../documents/support.ts";
import { assertError, travelBanEvidence } from "../http/helpers.ts";
import { actionKinds, assertNothingWritten, get, ok, post } from "./support.ts";

let harness: DocumentsHarness;
before(async () => {
  harness = await startDocumentsHarness();
});
after(async () => {
  await harness?.close();
});

interface DocumentDto {
  id: string;
  kind: string;
  procedureId: string | null;
  verification: { status: string; reasons: string | null; decidedAt: string | null };
}
interface QueueItem {
  id: string;
  itemKind: string;
  fileId: string | null;
  fileNumber: string | null;
  subjectRef: string | null;
  procedureId: string | null;
}

const as = (civilId: string) => harness.clientFor(civilId);
const db = () => harness.database.db;

async function newFile() {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const debtor = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return { ...file, debtorPartyId: debtor.id };
}

async function upload(who: string, fileId: string, kind: string, bytes: Buffer, procedureId?: string) {
  return (await as(who)).request({
    method: "POST",
    url: `/api/v1/files/${fileId}/documents?kind=${kind}${procedureId ? `&procedureId=${procedureId}` : ""}`,
    ...multipart(`${kind}.pdf`, bytes),
  });
}

async function clerkItems(): Promise<QueueItem[]> {
  return ok<{ items: QueueItem[] }>(await get(await as(people.clerk), "/api/v1/queues/clerk?itemKind=verify_document&limit=200")).items;
}

async function documentsOf(who: string, fileId: string): Promise<DocumentDto[]> {
  return ok<{ documents: DocumentDto[] }>(await get(await as(who), `/api/v1/files/${fileId}/documents`)).documents;
}

describe("verifying uploaded documents", () => {
  test("a travel-ban petition's evidence: queued for the clerks on upload; rejected with reasons; the creditor and the judge see it on the petition", async () => {
    const file = await newFile();
    const petition = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "travel_ban", fileId: file.id, debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence });
    assert.equal(petition.status, "under_review");
    const uploaded = ok<DocumentDto>(await upload(people.creditor, file.id, "evidence", await samplePdf("Flight booking"), petition.id), 201);
    assert.deepEqual(uploaded.verification, { status: "pending", reasons: null, decidedAt: null });
    const item = (await clerkItems()).find((candidate) => candidate.subjectRef === uploaded.id);
    assert.ok(item, "the evidence is in the clerks' queue");
    assert.equal(item.fileId, file.id);
    assert.equal(item.fileNumber, file.number);
    // The petition's own item stays in the judges' queue: the two are separate work.
    const judgeItems = ok<{ items: QueueItem[] }>(await get(await as(people.judge), "/api/v1/queues/judge")).items;
    assert.ok(judgeItems.some((candidate) => candidate.procedureId === petition.id));

    const clerk = await as(people.clerk);
    const rejected = ok<DocumentDto>(await post(clerk, `/api/v1/documents/${uploaded.id}/verification`, { decision: "reject", reasons: "The booking is for another person." }));
    assert.equal(rejected.verification.status, "rejected");
    assert.equal(rejected.verification.reasons, "The booking is for another person.");
    assert.ok(!(await clerkItems()).some((candidate) => candidate.subjectRef === uploaded.id), "the item is closed");

    for (const who of [people.creditor, people.lawyer, people.judge, people.debtor]) {
      const evidence = (await documentsOf(who, file.id)).find((document) => document.id === uploaded.id)!;
      assert.equal(evidence.procedureId, petition.id, who);
      assert.equal(evidence.verification.status, "rejected", who);
      assert.equal(evidence.verification.reasons, "The booking is for another person.", who);
    }
    const action = await db()
      .selectFrom("actions")
      .select(["action_kind", "actor", "actor_role", "procedure_id", "reason"])
      .where("stream", "=", `file:${file.id}`)
      .where("action_kind", "=", "document.rejected")
      .executeTakeFirstOrThrow();
    assert.deepEqual(action, { action_kind: "document.rejected", actor: people.clerk, actor_role: "clerk", procedure_id: petition.id, reason: "The booking is for another person." });
    // Decided once.
    await assertNothingWritten(db(), async () =>
      assertError(await post(clerk, `/api/v1/documents/${uploaded.id}/verification`, { decision: "verify" }), 409, "DOCUMENT_NOT_PENDING_VERIFICATION"),
    );
  });

  test("a lawyer's power of attorney and a debtor's evidence are verified; assignment by item id goes to staff of the queue only", async () => {
    const file = await newFile();
    const power = ok<DocumentDto>(await upload(people.lawyer, file.id, "power_of_attorney", await samplePng("power of attorney")), 201);
    const debtorEvidence = ok<DocumentDto>(await upload(people.debtor, file.id, "evidence", await samplePdf("Receipt of a payment to the creditor")), 201);
    assert.equal(power.verification.status, "pending");
    assert.equal(debtorEvidence.verification.status, "pending");
    const items = await clerkItems();
    const powerItem = items.find((candidate) => candidate.subjectRef === power.id)!;
    assert.ok(items.some((candidate) => candidate.subjectRef === debtorEvidence.id));

    const clerk = await as(people.clerk);
    await assertNothingWritten(db(), async () => assertError(await post(clerk, `/api/v1/queues/clerk/items/${powerItem.id}/assign`, { to: people.creditor }), 422, "ASSIGNEE_NOT_STAFF"));
    await assertNothingWritten(db(), async () => assertError(await post(await as(people.judge), `/api/v1/queues/judge/items/${powerItem.id}/assign`, {}), 404, "QUEUE_ITEM_NOT_FOUND"));
    await assertNothingWritten(db(), async () => assertError(await post(await as(people.auditor), `/api/v1/queues/clerk/items/${powerItem.id}/assign`, {}), 403, "FORBIDDEN"));
    const assigned = ok<{ assignedTo: string; itemKind: string }>(await post(clerk, `/api/v1/queues/clerk/items/${powerItem.id}/assign`, { to: people.judge }));
    assert.deepEqual(assigned.assignedTo, people.judge);
    const mine = ok<{ items: QueueItem[] }>(await get(await as(people.judge), "/api/v1/queues/clerk?assigned=me")).items;
    assert.deepEqual(mine.map((candidate) => candidate.id), [powerItem.id]);

    // A judge may take a clerk's work and decide it.
    const verified = ok<DocumentDto>(await post(await as(people.judge), `/api/v1/documents/${power.id}/verification`, { decision: "verify", reasons: "Seen the notarised original." }));
    assert.deepEqual([verified.verification.status, verified.verification.reasons], ["verified", "Seen the notarised original."]);
    ok(await post(clerk, `/api/v1/documents/${debtorEvidence.id}/verification`, { decision: "verify" }));
    const listed = await documentsOf(people.debtor, file.id);
    assert.deepEqual(listed.map((document) => document.verification.status).sort(), ["verified", "verified"]);
    assert.deepEqual(await actionKinds(db(), `file:${file.id}`), ["file.open", "document.uploaded", "document.uploaded", "review.assign", "document.verified", "document.verified"]);
  });

  test("what needs no verification opens no item: a clerk's own upload, an 'other' paper", async () => {
    const file = await newFile();
    const before = (await clerkItems()).length;
    const byClerk = ok<DocumentDto>(await upload(people.clerk, file.id, "evidence", await samplePdf("Filed by the department")), 201);
    const other = ok<DocumentDto>(await upload(people.creditor, file.id, "other", await samplePdf("A letter")), 201);
    assert.equal(byClerk.verification.status, "not_required");
    assert.equal(other.verification.status, "not_required");
    assert.equal((await clerkItems()).length, before);
    await assertNothingWritten(db(), async () =>
      assertError(await post(await as(people.clerk), `/api/v1/documents/${other.id}/verification`, { decision: "verify" }), 409, "DOCUMENT_NOT_PENDING_VERIFICATION"),
    );
  });
});

describe("refusals write nothing", () => {
  test("a refused upload opens no item; a debtor may not bring the title's copy", async () => {
    const file = await newFile();
    await assertNothingWritten(db(), async () => assertError(await upload(people.creditor, file.id, "evidence", Buffer.from("plain text")), 415, "UNSUPPORTED_MEDIA_TYPE"));
    const denied = await assertNothingWritten(db(), async () => assertError(await upload(people.debtor, file.id, "executory_title_copy", await samplePdf()), 403, "FORBIDDEN"));
    assert.equal(denied.details.kind, "executory_title_copy");
    await assertNothingWritten(db(), async () => assertError(await upload(people.otherDebtor, file.id, "evidence", await samplePdf()), 404, "FILE_NOT_FOUND"));
  });

  test("deciding: only staff of the clerks' queue; reasons to reject; unknown or hidden documents do not exist", async () => {
    const file = await newFile();
    const uploaded = ok<DocumentDto>(await upload(people.creditor, file.id, "evidence", await samplePdf("To decide")), 201);
    const url = `/api/v1/documents/${uploaded.id}/verification`;
    for (const who of [people.creditor, people.lawyer, people.debtor, people.auditor, people.administrator]) {
      await assertNothingWritten(db(), async () => assertError(await post(await as(who), url, { decision: "verify" }), 403, "FORBIDDEN"));
    }
    for (const who of [people.otherCreditor, people.stranger, people.bankOfficer]) {
      await assertNothingWritten(db(), async () => assertError(await post(await as(who), url, { decision: "verify" }), 404, "DOCUMENT_NOT_FOUND"));
    }
    const clerk = await as(people.clerk);
    await assertNothingWritten(db(), async () => assertError(await post(clerk, url, { decision: "reject" }), 400, "VALIDATION_FAILED"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, url, { decision: "reject", reasons: " \n " }), 400, "VALIDATION_FAILED"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, url, { decision: "maybe" }), 400, "VALIDATION_FAILED"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, url, { decision: "verify", extra: 1 }), 400, "VALIDATION_FAILED"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, "/api/v1/documents/00000000-0000-4000-8000-000000000009/verification", { decision: "verify" }), 404, "DOCUMENT_NOT_FOUND"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, "/api/v1/queues/clerk/items/not-a-uuid/assign", {}), 400, "VALIDATION_FAILED"));
    await assertNothingWritten(db(), async () => assertError(await post(clerk, "/api/v1/queues/clerk/items/00000000-0000-4000-8000-000000000009/assign", {}), 404, "QUEUE_ITEM_NOT_FOUND"));
    assertError(await harness.anonymous.request({ method: "POST", url, payload: { decision: "verify" } }), 401, "UNAUTHENTICATED");
  });
});
