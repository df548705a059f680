/**
 * The bulk API's scenarios for the authorization matrix (authorization.test.ts): a job is
 * the company's (`companyCr`): its machine clients and its representative submit and see
 * it; a person's job is signed by that person alone; to anyone else a job does not exist.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";
import { companyFile, drain, multipartCsv } from "../bulk/support.ts";
import { machineCaller, type Allowed, type Denied } from "./authorization-support.ts";

export const BJNF: Denied = [404, "BULK_JOB_NOT_FOUND"];

export type BulkEndpoint =
  | "POST /api/v1/bulk-jobs"
  | "POST /api/v1/bulk-jobs/csv"
  | "GET /api/v1/bulk-jobs/{jobId}"
  | "GET /api/v1/bulk-jobs/{jobId}/rows"
  | "POST /api/v1/bulk-jobs/{jobId}/signature";

interface BulkCall {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  multipart?: { payload: Buffer; headers: Record<string, string> };
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

let serial = 0;
const isMachine = (client: Client) => client.civilId.startsWith("client:");

export function bulkScenarios(harness: () => HttpHarness): Record<BulkEndpoint, () => Promise<BulkCall>> {
  /** What an allowed submission must have done: a machine client's rows run; a person's wait for the phone. */
  const submittedAs = async (response: LightMyRequestResponse, client: Client) => {
    assert.equal(response.statusCode, 202, response.body);
    const job = response.json() as { id: string; status: string; counts: Record<string, number>; signedDigest: string };
    if (isMachine(client)) {
      assert.equal(job.status, "processing");
      await drain(harness().world.deps);
      const done = (await client.get(`/api/v1/bulk-jobs/${job.id}`)).json() as { status: string; counts: Record<string, number> };
      assert.deepEqual([done.status, done.counts.created], ["completed", 1]);
    } else {
      assert.deepEqual([job.status, job.counts.pending_signature], ["awaiting_signature", 1]);
      assert.ok((await phoneRequests(harness(), client.civilId)).some((request) => request.digest === job.signedDigest), "pushed to the signer's phone");
    }
  };
  /** A job of the company, submitted by another of its machine clients. */
  const companyJob = async () => {
    const file = await companyFile(harness());
    const other = await (await machineCaller(harness(), ["procedures:request"])).client();
    const reference = `AUTHZ-BULK-${++serial}`;
    const response = await other.post("/api/v1/bulk-jobs", { reference, rows: [{ reference, kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] });
    assert.equal(response.statusCode, 202, response.body);
    return (response.json() as { id: string }).id;
  };
  return {
    "POST /api/v1/bulk-jobs": async () => {
      const file = await companyFile(harness());
      const reference = `AUTHZ-BULK-${++serial}`;
      return {
        method: "POST",
        url: "/api/v1/bulk-jobs",
        payload: { reference, rows: [{ reference, kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] },
        allowed: async (response, _outcome, client) => submittedAs(response, client),
      };
    },
    "POST /api/v1/bulk-jobs/csv": async () => {
      const file = await companyFile(harness());
      const reference = `AUTHZ-BULK-${++serial}`;
      return {
        method: "POST",
        url: `/api/v1/bulk-jobs/csv?reference=${reference}`,
        multipart: multipartCsv(`reference,kind,file_number,debtor_civil_id\r\n${reference},vehicle_seizure,${file.number},${people.debtor}\r\n`),
        allowed: async (response, _outcome, client) => submittedAs(response, client),
      };
    },
    "GET /api/v1/bulk-jobs/{jobId}": async () => {
      const id = await companyJob();
      return {
        method: "GET",
        url: `/api/v1/bulk-jobs/${id}`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual([(response.json() as { id: string }).id, (response.json() as { rowCount: number }).rowCount], [id, 1]);
        },
      };
    },
    "GET /api/v1/bulk-jobs/{jobId}/rows": async () => {
      const id = await companyJob();
      return {
        method: "GET",
        url: `/api/v1/bulk-jobs/${id}/rows`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual((response.json() as { rows: { position: number; status: string }[] }).rows.map((row) => [row.position, row.status]), [[1, "queued"]]);
        },
      };
    },
    "POST /api/v1/bulk-jobs/{jobId}/signature": async () => {
      const file = await companyFile(harness());
      const rep = await harness().clientFor(people.companyRep);
      const reference = `AUTHZ-BULK-${++serial}`;
      const submitted = await rep.post("/api/v1/bulk-jobs", { reference, rows: [{ reference, kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId }] });
      assert.equal(submitted.statusCode, 202, submitted.body);
      const job = submitted.json() as { id: string; signedDigest: string };
      const request = (await phoneRequests(harness(), people.companyRep)).find((candidate) => candidate.digest === job.signedDigest)!;
      assert.equal((await answerOnPhone(harness(), people.companyRep, request.id, "approve")).statusCode, 200);
      return {
        method: "POST",
        url: `/api/v1/bulk-jobs/${job.id}/signature`,
        payload: {},
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const signed = response.json() as { status: string; counts: Record<string, number> };
          assert.deepEqual([signed.status, signed.counts.queued], ["processing", 1]);
        },
      };
    },
  };
}
