/**
 * Papers filed with a request, a dispute and an instalment plan (issue 18): uploaded to the
 * file first, then named by the filing (documentIds), which links them in its transaction;
 * the judge then finds them with the request, the dispute or the plan. A hostile upload is
 * refused at the upload with its code and writes nothing; a document that is not the filer's
 * own, unfiled upload on this file refuses the whole filing, writing nothing. The limits an
 * upload page states come from the server (GET /api/v1/documents/upload-limits).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fileParties } from "../../src/storage/files/repository.ts";
import { people } from "../support/fixtures.ts";
import { pdfWithCatalog } from "./hostile-files.ts";
import { multipart, samplePdf, samplePng, startDocumentsHarness, type Client, type DocumentsHarness } from "./support.ts";
import { travelBanEvidence } from "../disputes/support.ts";

describe("documents filed with a request, a dispute and a plan", () => {
  let harness: DocumentsHarness;
  let fileId: string;
  let debtorPartyId: string;

  before(async () => {
    harness = await startDocumentsHarness(256 * 1024);
    // Signing on the stand-in's phone needs the provider to know its address.
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    fileId = (await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })).id;
    debtorPartyId = (await fileParties(harness.database.db, fileId)).find((party) => party.partyRole === "debtor")!.id;
  });
  after(() => harness.close());

  const db = () => harness.database.db;

  async function upload(civilId: string, name: string, bytes: Buffer, kind = "evidence") {
    return (await harness.clientFor(civilId)).request({ method: "POST", url: `/api/v1/files/${fileId}/documents?kind=${kind}`, ...multipart(name, bytes, "application/pdf") });
  }

  async function uploaded(civilId: string, name: string, bytes: Buffer): Promise<string> {
    const response = await upload(civilId, name, bytes);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id;
  }

  /** Signs on the stand-in's simulated phone, as the app does; returns the signing request's id and the summary the phone showed. */
  async function signOnPhone(client: Client, civilId: string, request: Record<string, unknown>) {
    const created = await client.request({ method: "POST", url: "/api/v1/signing-requests", payload: { purpose: "procedure.request", fileId, request } });
    assert.equal(created.statusCode, 201, created.body);
    const { id, digest } = created.json() as { id: string; digest: string };
    const phone = await harness.app.inject({ method: "GET", url: `/idp/phone/api/requests?civilId=${civilId}` });
    const pending = (phone.json() as { requests: { id: string; digest: string | null; summary: { ar: string; en: string } }[] }).requests.find((candidate) => candidate.digest === digest);
    assert.ok(pending, "the signing request reached the phone");
    const approved = await harness.app.inject({ method: "POST", url: `/idp/phone/api/requests/${pending.id}/approve`, payload: { civilId } });
    assert.equal(approved.statusCode, 200, approved.body);
    return { id, summary: pending.summary };
  }

  async function signedBan(documentIds: string[]) {
    const client = await harness.clientFor(people.creditor);
    const request = { kind: "travel_ban", debtorPartyId, evidence: travelBanEvidence, documentIds };
    const signed = await signOnPhone(client, people.creditor, request);
    const response = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/procedures`, payload: { ...request, signingRequestId: signed.id } });
    return { response, summary: signed.summary };
  }

  async function documents(civilId = people.judge) {
    const response = await (await harness.clientFor(civilId)).request({ method: "GET", url: `/api/v1/files/${fileId}/documents` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().documents as { id: string; procedureId: string | null; disputeId: string | null; instalmentPlanId: string | null; verification: { status: string } }[];
  }

  async function written() {
    const count = async (table: "documents" | "actions" | "procedures" | "disputes" | "instalment_plans" | "review_items") =>
      Number((await db().selectFrom(table).select(db().fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const linked = await db().selectFrom("documents").select(["id", "procedure_id", "dispute_id", "instalment_plan_id"]).orderBy("id").execute();
    return {
      documents: await count("documents"),
      actions: await count("actions"),
      procedures: await count("procedures"),
      disputes: await count("disputes"),
      plans: await count("instalment_plans"),
      reviewItems: await count("review_items"),
      links: JSON.stringify(linked),
      bytes: (await harness.storedFiles()).length,
    };
  }

  test("the limits an upload page states are the server's: the size limit and the types", async () => {
    const response = await (await harness.clientFor(people.creditor)).request({ method: "GET", url: "/api/v1/documents/upload-limits" });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { maxBytes: 256 * 1024, mediaTypes: ["application/pdf", "image/jpeg", "image/png"], extensions: [".pdf", ".jpg", ".jpeg", ".png"] });
  });

  test("a hostile PDF uploaded as evidence is refused with its code, and writes nothing", async () => {
    const before = await written();
    const response = await upload(people.creditor, "evidence.pdf", pdfWithCatalog("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"));
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().code, "DOCUMENT_ACTIVE_CONTENT");
    assert.ok(response.json().message.ar.length > 0 && response.json().message.en.length > 0);
    assert.deepEqual(await written(), before);
  });

  let banId: string;
  let evidenceIds: string[];

  test("a travel ban signed with two pieces of evidence: the signature covers them, the judge finds them with the request", async () => {
    evidenceIds = [await uploaded(people.creditor, "ticket.pdf", await samplePdf("one-way ticket")), await uploaded(people.creditor, "salary.png", await samplePng("salary"))];
    const { response, summary } = await signedBan(evidenceIds);
    assert.equal(response.statusCode, 201, response.body);
    banId = response.json().id;
    assert.match(summary.en, /with 2 documents attached/);
    assert.match(summary.ar, /مع مستندات مرفقة عددها 2/);
    const filed = (await documents()).filter((document) => document.procedureId === banId);
    assert.deepEqual(filed.map((document) => document.id).sort(), [...evidenceIds].sort());
    assert.ok(filed.every((document) => document.verification.status === "pending"), "a party's evidence waits for a clerk");
    const action = await db().selectFrom("actions").select("payload").where("action_kind", "=", "procedure.request").where("procedure_id", "=", banId).executeTakeFirstOrThrow();
    assert.deepEqual((action.payload as { documentIds: string[] }).documentIds, [...evidenceIds].sort());
  });

  test("a request naming papers already filed, or someone else's, is refused whole: nothing written", async () => {
    // The ban is active: a bank attachment names the evidence instead.
    const client = await harness.clientFor(people.creditor);
    const debtorsPaper = await uploaded(people.debtor, "receipt.pdf", await samplePdf("debtor's paper"));
    for (const documentIds of [[evidenceIds[0]!], [debtorsPaper]]) {
      const request = { kind: "bank_attachment", debtorPartyId, amount: "100.000", banks: ["NBOK"], documentIds };
      const signed = await signOnPhone(client, people.creditor, request);
      const before = await written();
      const response = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/procedures`, payload: { ...request, signingRequestId: signed.id } });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().code, "DOCUMENT_NOT_ATTACHABLE");
      assert.deepEqual(response.json().details.documentIds, documentIds);
      const afterwards = await written();
      // The signing request is spent or not, as the signature rules say; nothing of the request is written.
      assert.deepEqual({ ...afterwards, actions: 0 }, { ...before, actions: 0 });
      assert.equal(afterwards.procedures, before.procedures);
    }
  });

  test("a dispute files the debtor's documents; the judge finds them with the dispute", async () => {
    const paper = await uploaded(people.debtor, "payment-proof.pdf", await samplePdf("paid already"));
    const response = await (await harness.clientFor(people.debtor)).request({
      method: "POST",
      url: `/api/v1/files/${fileId}/disputes`,
      payload: { debtorPartyId, grounds: "The debt was paid in full before the title was issued.", documentIds: [paper] },
    });
    assert.equal(response.statusCode, 201, response.body);
    const filed = (await documents()).filter((document) => document.disputeId === response.json().id);
    assert.deepEqual(filed.map((document) => document.id), [paper]);
  });

  test("a plan names documents the debtor uploaded; someone else's refuses the proposal, writing nothing", async () => {
    const client = await harness.clientFor(people.debtor);
    const creditorsPaper = await uploaded(people.creditor, "statement.pdf", await samplePdf("creditor's paper"));
    const dueOn = new Date(harness.world.clock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const body = (documentIds: string[]) => ({ debtorPartyId, instalments: [{ dueOn, amount: "10160.000" }], documentIds });
    const before = await written();
    const refused = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/instalment-plans`, payload: body([creditorsPaper]) });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().code, "DOCUMENT_NOT_ATTACHABLE");
    assert.deepEqual(await written(), before);

    const paper = await uploaded(people.debtor, "salary-certificate.pdf", await samplePdf("salary certificate"));
    const proposed = await client.request({ method: "POST", url: `/api/v1/files/${fileId}/instalment-plans`, payload: body([paper]) });
    assert.equal(proposed.statusCode, 201, proposed.body);
    const filed = (await documents(people.creditor)).filter((document) => document.instalmentPlanId === proposed.json().id);
    assert.deepEqual(filed.map((document) => document.id), [paper]);
  });
});
