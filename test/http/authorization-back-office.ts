/**
 * The back office's operations in the authorization matrix (authorization.test.ts):
 * titles submitted online (a creditor or their lawyer submits and attaches the copy;
 * the submitter's side and staff read; a clerk opens or rejects), the verification of
 * uploaded documents (clerks, and judges taking clerks' work), items of the queues by id,
 * the service of the title (read as the file is; attested by a clerk), and notices (one's
 * own for anyone signed in; a file's for clerks, judges and auditors).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { noticeTitleServed } from "../../src/notices/create-notices.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed, Denied } from "./authorization-support.ts";
import { samplePdf } from "../documents/support.ts";
import { openFileBody } from "./helpers.ts";

export type BackOfficeEndpoint =
  | "POST /api/v1/title-submissions"
  | "GET /api/v1/title-submissions"
  | "GET /api/v1/title-submissions/{submissionId}"
  | "POST /api/v1/title-submissions/{submissionId}/copy"
  | "GET /api/v1/title-submissions/{submissionId}/copy"
  | "POST /api/v1/title-submissions/{submissionId}/open"
  | "POST /api/v1/title-submissions/{submissionId}/rejection"
  | "POST /api/v1/documents/{documentId}/verification"
  | "POST /api/v1/queues/{queue}/items/{itemId}/assign"
  | "GET /api/v1/files/{fileId}/title-services"
  | "POST /api/v1/files/{fileId}/title-services"
  | "GET /api/v1/me/notice-preferences"
  | "POST /api/v1/me/notice-preferences"
  | "GET /api/v1/me/notices"
  | "GET /api/v1/files/{fileId}/notices";

/** A title submission one may not read does not exist. */
export const TSNF: Denied = [404, "TITLE_SUBMISSION_NOT_FOUND"];

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  multipart?: { payload: Buffer; headers: Record<string, string> };
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

/** A real PDF (uploads are inspected, not only sniffed) as a multipart body. */
async function pdfUpload(text: string): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const boundary = "----tanfeeth-matrix-back-office";
  const bytes = await samplePdf(text);
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="title.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export function backOfficeScenarios(harness: () => HttpHarness): Record<BackOfficeEndpoint, () => Promise<Call>> {
  const db = () => harness().database.db;
  const client = (civilId: string) => harness().clientFor(civilId);
  const submission = async (withCopy: boolean): Promise<string> => {
    const creditor = await client(people.creditor);
    const created = await creditor.post("/api/v1/title-submissions", openFileBody());
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };
    if (withCopy) {
      const attached = await creditor.request({ method: "POST", url: `/api/v1/title-submissions/${id}/copy`, ...(await pdfUpload(`title ${id}`)) });
      assert.equal(attached.statusCode, 200, attached.body);
    }
    return id;
  };
  const statusOf = async (id: string) => (await db().selectFrom("title_submissions").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  const freshFile = async () => {
    const file = await harness().world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const debtor = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    return { ...file, debtorPartyId: debtor.id };
  };
  /** A fresh file whose service notice to the debtor is written (as the worker's outbox handler does). */
  const servedFile = async () => {
    const file = await freshFile();
    await db().transaction().execute((tx) => noticeTitleServed(tx, { fileId: file.id }, harness().world.clock.now()));
    return file;
  };
  /** Evidence the creditor uploaded on a fresh file: pending, with its item in the clerks' queue. */
  const pendingEvidence = async () => {
    const file = await freshFile();
    const uploaded = await (await client(people.creditor)).request({ method: "POST", url: `/api/v1/files/${file.id}/documents?kind=evidence`, ...(await pdfUpload(`evidence ${file.id}`)) });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const documentId = (uploaded.json() as { id: string }).id;
    const item = await db().selectFrom("review_items").select("id").where("subject_ref", "=", documentId).where("closed_at", "is", null).executeTakeFirstOrThrow();
    return { file, documentId, itemId: item.id };
  };
  const ok = (response: LightMyRequestResponse, status = 200) => assert.equal(response.statusCode, status, response.body);

  return {
    "POST /api/v1/title-submissions": async () => ({
      method: "POST",
      url: "/api/v1/title-submissions",
      payload: openFileBody(),
      allowed: async (response, _outcome, caller) => {
        ok(response, 201);
        const body = response.json() as { id: string; status: string; submittedBy: string };
        assert.deepEqual([body.status, body.submittedBy], ["awaiting_copy", caller.civilId]);
        assert.equal(await statusOf(body.id), "awaiting_copy");
      },
    }),
    "GET /api/v1/title-submissions": async () => {
      const id = await submission(false);
      return {
        method: "GET",
        url: "/api/v1/title-submissions?limit=200",
        allowed: async (response, outcome) => {
          ok(response);
          const ids = (response.json() as { submissions: { id: string }[] }).submissions.map((entry) => entry.id);
          assert.equal(ids.includes(id), outcome === "listed");
        },
      };
    },
    "GET /api/v1/title-submissions/{submissionId}": async () => {
      const id = await submission(false);
      return {
        method: "GET",
        url: `/api/v1/title-submissions/${id}`,
        allowed: async (response) => {
          ok(response);
          assert.equal((response.json() as { id: string }).id, id);
        },
      };
    },
    "POST /api/v1/title-submissions/{submissionId}/copy": async () => {
      const id = await submission(false);
      return {
        method: "POST",
        url: `/api/v1/title-submissions/${id}/copy`,
        multipart: await pdfUpload(`copy ${id}`),
        allowed: async (response) => {
          ok(response);
          assert.equal((response.json() as { status: string }).status, "submitted");
          const item = await db().selectFrom("review_items").select("item_kind").where("subject_ref", "=", id).executeTakeFirstOrThrow();
          assert.equal(item.item_kind, "open_file_from_title");
        },
      };
    },
    "GET /api/v1/title-submissions/{submissionId}/copy": async () => {
      const id = await submission(true);
      return {
        method: "GET",
        url: `/api/v1/title-submissions/${id}/copy`,
        allowed: async (response) => {
          ok(response);
          assert.equal(response.headers["content-type"], "application/pdf");
          const row = await db().selectFrom("title_submissions").select("copy_sha256").where("id", "=", id).executeTakeFirstOrThrow();
          assert.equal(response.headers["x-document-sha256"], row.copy_sha256);
          assert.equal(createHash("sha256").update(response.rawPayload).digest("hex"), row.copy_sha256);
        },
      };
    },
    "POST /api/v1/title-submissions/{submissionId}/open": async () => {
      const id = await submission(true);
      return {
        method: "POST",
        url: `/api/v1/title-submissions/${id}/open`,
        payload: {},
        allowed: async (response) => {
          ok(response);
          const body = response.json() as { status: string; fileId: string };
          assert.equal(body.status, "opened");
          assert.ok(await db().selectFrom("enforcement_files").select("id").where("id", "=", body.fileId).executeTakeFirst());
        },
      };
    },
    "POST /api/v1/title-submissions/{submissionId}/rejection": async () => {
      const id = await submission(true);
      return {
        method: "POST",
        url: `/api/v1/title-submissions/${id}/rejection`,
        payload: { reasons: "Illegible copy." },
        allowed: async (response) => {
          ok(response);
          assert.equal(await statusOf(id), "rejected");
        },
      };
    },
    "POST /api/v1/documents/{documentId}/verification": async () => {
      const { documentId } = await pendingEvidence();
      return {
        method: "POST",
        url: `/api/v1/documents/${documentId}/verification`,
        payload: { decision: "reject", reasons: "Not legible." },
        allowed: async (response, _outcome, caller) => {
          ok(response);
          const row = await db().selectFrom("document_verifications").select(["status", "decided_by"]).where("document_id", "=", documentId).executeTakeFirstOrThrow();
          assert.deepEqual(row, { status: "rejected", decided_by: caller.civilId });
        },
      };
    },
    "POST /api/v1/queues/{queue}/items/{itemId}/assign": async () => {
      const { itemId } = await pendingEvidence();
      return {
        method: "POST",
        url: `/api/v1/queues/clerk/items/${itemId}/assign`,
        payload: {},
        allowed: async (response, _outcome, caller) => {
          ok(response);
          const row = await db().selectFrom("review_items").select("assigned_to").where("id", "=", itemId).executeTakeFirstOrThrow();
          assert.equal(row.assigned_to, caller.civilId);
        },
      };
    },
    "GET /api/v1/files/{fileId}/title-services": async () => {
      const file = await freshFile();
      return {
        method: "GET",
        url: `/api/v1/files/${file.id}/title-services`,
        allowed: async (response) => {
          ok(response);
          assert.deepEqual((response.json() as { debtors: { debtorPartyId: string }[] }).debtors.map((debtor) => debtor.debtorPartyId), [file.debtorPartyId]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/title-services": async () => {
      const file = await freshFile();
      return {
        method: "POST",
        url: `/api/v1/files/${file.id}/title-services`,
        payload: { debtorPartyId: file.debtorPartyId, servedAt: harness().world.clock.now().toISOString(), reference: `PS-${file.id}` },
        allowed: async (response) => {
          ok(response, 201);
          const row = await db().selectFrom("title_services").select("channel").where("file_id", "=", file.id).executeTakeFirstOrThrow();
          assert.equal(row.channel, "process_server");
        },
      };
    },
    "GET /api/v1/me/notice-preferences": async () => ({
      method: "GET",
      url: "/api/v1/me/notice-preferences",
      allowed: async (response) => {
        ok(response);
        assert.ok(["ar", "en"].includes((response.json() as { language: string }).language));
      },
    }),
    "POST /api/v1/me/notice-preferences": async () => ({
      method: "POST",
      url: "/api/v1/me/notice-preferences",
      payload: { language: "en" },
      allowed: async (response, _outcome, caller) => {
        ok(response);
        const row = await db().selectFrom("notice_preferences").select("language").where("civil_id", "=", caller.civilId).executeTakeFirstOrThrow();
        assert.equal(row.language, "en");
      },
    }),
    "GET /api/v1/me/notices": async () => {
      const file = await servedFile();
      return {
        method: "GET",
        url: `/api/v1/me/notices?fileId=${file.id}`,
        allowed: async (response, outcome) => {
          ok(response);
          const notices = (response.json() as { notices: { kind: string }[] }).notices;
          assert.deepEqual(notices.map((notice) => notice.kind), outcome === "listed" ? ["title_served"] : []);
        },
      };
    },
    "GET /api/v1/files/{fileId}/notices": async () => {
      const file = await servedFile();
      return {
        method: "GET",
        url: `/api/v1/files/${file.id}/notices`,
        allowed: async (response) => {
          ok(response);
          const notices = (response.json() as { notices: { recipientCivilId: string; attempts: { channel: string }[] }[] }).notices;
          assert.deepEqual(notices.map((notice) => notice.recipientCivilId), [people.debtor]);
          assert.deepEqual(notices[0]!.attempts.map((attempt) => attempt.channel), ["app", "email", "sms"]);
        },
      };
    },
  };
}
