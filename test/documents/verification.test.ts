/**
 * Issued PDFs: a receipt for a requested procedure carries a QR code whose address
 * verifies it publicly; an altered copy fails; the public answer shows only the kind,
 * file number and issue time.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { fileParties } from "../../src/storage/files/repository.ts";
import { people } from "../support/fixtures.ts";
import { documentStores, multipart, publicUrl, qrTextOfPdf, samplePdf, startDocumentsHarness, type DocumentsHarness } from "./support.ts";

// Every test here runs against each document store: on disk and on an S3-compatible server.
for (const store of documentStores) describe(`with the ${store} document store`, () => {
  let harness: DocumentsHarness;
  let file: { id: string; number: string };
  let procedureId: string;

  before(async () => {
    harness = await startDocumentsHarness(undefined, store);
    file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const debtor = (await fileParties(harness.database.db, file.id)).find((party) => party.partyRole === "debtor")!;
    const requested = await requestProcedure(harness.world.deps, await harness.world.as(people.creditor), {
      kind: "vehicle_seizure",
      fileId: file.id,
      debtorPartyId: debtor.id,
    });
    procedureId = requested.id;
  });
  after(() => harness.close());

  async function issueReceipt(civilId: string) {
    const client = await harness.clientFor(civilId);
    return client.request({ method: "POST", url: `/api/v1/files/${file.id}/documents/issue`, payload: { kind: "request_receipt", procedureId } });
  }

  describe("a request receipt", () => {
    let pdf: Buffer;
    let code: string;
    let verifyUrl: string;

    before(async () => {
      const issued = await issueReceipt(people.creditor);
      assert.equal(issued.statusCode, 201, issued.body);
      ({ verifyUrl } = issued.json());
      code = issued.json().document.verificationCode;
      const got = await (await harness.clientFor(people.creditor)).request({ method: "GET", url: `/api/v1/documents/${issued.json().document.id}/content` });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers["content-type"], "application/pdf");
      pdf = got.rawPayload;
    });

    test("is a PDF whose QR code is its verification address", () => {
      assert.ok(pdf.subarray(0, 5).equals(Buffer.from("%PDF-")));
      assert.match(code, /^[A-Za-z0-9_-]{20}$/);
      assert.equal(verifyUrl, `${publicUrl}/verify/${code}`);
      assert.equal(qrTextOfPdf(pdf), verifyUrl);
    });

    test("the address opens the app's verification page; the JSON verifies it, for anyone", async () => {
      const path = new URL(verifyUrl).pathname;
      const page = await harness.anonymous.request({ method: "GET", url: path });
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, `/app/verify/${code}`);

      const json = await harness.anonymous.request({ method: "GET", url: `/api/verify/${code}` });
      assert.equal(json.statusCode, 200);
      const body = json.json();
      assert.equal(body.kind, "request_receipt");
      assert.equal(body.fileNumber, file.number);
      assert.equal(body.authentic, true);
      assert.equal(body.label.ar, "إيصال طلب إجراء");
      assert.equal(body.copyMatches, null);
      assert.match(body.issuedAtKuwait, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Kuwait, UTC\+03:00\)$/);
      // 08:00 UTC in the test clock is 11:00 in Kuwait.
      assert.equal(body.issuedAtKuwait.slice(11, 16), "11:00");
      // The PDF's own digital signature (PAdES), by the department's key, over the whole document.
      assert.deepEqual(
        [body.signature.status, body.signature.problem, body.signature.subFilter, body.signature.coversWholeDocument, body.signature.departmentKey],
        ["valid", null, "ETSI.CAdES.detached", true, true],
      );
      assert.equal(body.signature.signer.fingerprintSha256, (await harness.services.signer.certificate()).fingerprintSha256);
      assert.equal(body.signature.signedAt.slice(0, 19), body.issuedAt.slice(0, 19), "signed when issued");
      assert.equal(body.copySignature, null);
      // Nothing personal: no civil IDs, names or amounts beyond what the document shows.
      for (const personal of [people.creditor, people.debtor, "اختبار", "Test creditor"]) {
        assert.ok(!json.body.includes(personal), personal);
      }
    });

    test("the genuine copy matches; a copy with one byte changed does not", async () => {
      const genuine = await harness.anonymous.request({ method: "POST", url: `/api/verify/${code}`, ...multipart("receipt.pdf", pdf, "application/pdf") });
      assert.equal(genuine.statusCode, 200, genuine.body);
      assert.equal(genuine.json().copyMatches, true);
      assert.equal(genuine.json().copySignature.status, "valid");

      const tampered = Buffer.from(pdf);
      const at = Math.floor(tampered.length / 2);
      tampered[at] = tampered[at]! ^ 0x01;
      const altered = await harness.anonymous.request({ method: "POST", url: `/api/verify/${code}`, ...multipart("receipt.pdf", tampered, "application/pdf") });
      assert.equal(altered.statusCode, 200);
      assert.equal(altered.json().copyMatches, false);
      assert.notEqual(altered.json().copySha256, altered.json().sha256);
      assert.deepEqual([altered.json().copySignature.status, altered.json().copySignature.problem], ["invalid", "digest_mismatch"]);
      assert.equal(altered.json().signature.status, "valid", "the document issued is still valid");

    });

    test("another document, even a PDF of ours, does not match", async () => {
      const other = await harness.anonymous.request({ method: "POST", url: `/api/verify/${code}`, ...multipart("x.pdf", await samplePdf("forgery"), "application/pdf") });
      assert.equal(other.json().copyMatches, false);
    });

    test("issuing again gives the same document; issuing is an action in the file's log", async () => {
      const again = await issueReceipt(people.lawyer);
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().document.verificationCode, code);
      const issued = await harness.database.db.selectFrom("actions").select(["action_kind", "procedure_id"]).where("action_kind", "=", "document.issued").where("file_id", "=", file.id).execute();
      assert.equal(issued.length, 1);
      assert.equal(issued[0]!.procedure_id, procedureId);
    });
  });

  test("an unknown or malformed code is not found", async () => {
    for (const url of ["/api/verify/AAAAAAAAAAAAAAAAAAAA", "/api/verify/..%2F..%2Fetc"]) {
      const response = await harness.anonymous.request({ method: "GET", url });
      assert.equal(response.statusCode, 404, url);
    }
    // The QR address leads to the app's page (which says no document was issued with the code),
    // and never off the site, whatever the code holds.
    const addresses: [code: string, location: string][] = [
      ["AAAAAAAAAAAAAAAAAAAA", "/app/verify/AAAAAAAAAAAAAAAAAAAA"],
      ["..%2F..%2Fetc", "/app/verify/..%2F..%2Fetc"],
      ["%2F%2Fevil.example", "/app/verify/%2F%2Fevil.example"],
    ];
    for (const [code, location] of addresses) {
      const response = await harness.anonymous.request({ method: "GET", url: `/verify/${code}` });
      assert.equal(response.statusCode, 303, code);
      assert.equal(response.headers.location, location);
    }
  });

  test("a stranger may not have a receipt issued; certificates need their state", async () => {
    const stranger = await issueReceipt(people.stranger);
    assert.equal(stranger.statusCode, 404);
    const client = await harness.clientFor(people.creditor);
    const release = await client.request({ method: "POST", url: `/api/v1/files/${file.id}/documents/issue`, payload: { kind: "release_certificate" } });
    assert.equal(release.statusCode, 409);
    assert.equal(release.json().code, "DOCUMENT_NOT_ISSUABLE");
    const order = await client.request({ method: "POST", url: `/api/v1/files/${file.id}/documents/issue`, payload: { kind: "lift_certificate", orderId: "00000000-0000-4000-8000-000000000000" } });
    assert.equal(order.statusCode, 404);
  });
});
