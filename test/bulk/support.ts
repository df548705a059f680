/**
 * Bulk-job tests: files of the fixtures' company, a machine client of it calling with a
 * bearer token, CSV uploads as a browser or curl would send them, and the worker's bulk
 * runner driven to the end.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { processBulkRows, type BulkRound } from "../../src/app/bulk/process-bulk-rows.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Db } from "../../src/storage/database.ts";
import { companyCr, people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";

export interface CompanyFile {
  id: string;
  number: string;
  debtorPartyId: string;
}

/** A file whose creditor is the fixtures' company, against `debtor` (a person), claim 10,160 KWD. */
export async function companyFile(harness: HttpHarness, creditor: { crNumber: string } | { civilId: string } = { crNumber: companyCr }): Promise<CompanyFile> {
  const file = await harness.world.openFileFor(creditor, { civilId: people.debtor });
  const debtor = await harness.database.db
    .selectFrom("file_parties")
    .select("id")
    .where("file_id", "=", file.id)
    .where("party_role", "=", "debtor")
    .executeTakeFirstOrThrow();
  return { ...file, debtorPartyId: debtor.id };
}

export function multipartCsv(csv: string | Buffer, name = "rows.csv"): { payload: Buffer; headers: Record<string, string> } {
  const boundary = "----tanfeeth-bulk-test";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
    typeof csv === "string" ? Buffer.from(csv, "utf8") : csv,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export function postCsv(client: Client, reference: string, csv: string | Buffer, extraQuery = ""): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartCsv(csv);
  return client.request({ method: "POST", url: `/api/v1/bulk-jobs/csv?reference=${encodeURIComponent(reference)}${extraQuery}`, payload, headers });
}

export interface JobBody {
  id: string;
  reference: string;
  status: string;
  rowCount: number;
  counts: Record<string, number>;
  signedDigest: string;
  summary: { ar: string; en: string };
  completedAt: string | null;
}

export interface RowBody {
  position: number;
  reference: string | null;
  status: string;
  procedureId: string | null;
  error: { code: string; message: { ar: string; en: string }; details: Record<string, unknown> } | null;
  duplicateOf: { jobId: string; position: number; status: string } | null;
}

export function job(response: LightMyRequestResponse, status = 202): JobBody {
  assert.equal(response.statusCode, status, response.body);
  return response.json() as JobBody;
}

/** Every row of a job, following the pages. */
export async function allRows(client: Client, jobId: string, limit = 1000): Promise<RowBody[]> {
  const rows: RowBody[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const response = await client.get(`/api/v1/bulk-jobs/${jobId}/rows?after=${after}&limit=${limit}`);
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json() as { rows: RowBody[]; nextAfter: number | null };
    rows.push(...page.rows);
    after = page.nextAfter;
  }
  return rows;
}

/** Runs the worker's bulk runner until no row is left queued; returns the rounds' totals. */
export async function drain(deps: AppDeps): Promise<BulkRound> {
  const total: BulkRound = { claimed: 0, created: 0, failed: 0, deferred: 0, skipped: 0 };
  for (;;) {
    const round = await processBulkRows(deps);
    if (round.claimed === 0) return total;
    for (const key of Object.keys(total) as (keyof BulkRound)[]) total[key] += round[key];
  }
}

/** Procedures requested through a bulk job, by its id (from the request action's signature). */
export async function proceduresOfJob(db: Db, jobId: string): Promise<{ procedureId: string; reference: string }[]> {
  const { rows } = await sql<{ procedure_id: string; reference: string }>`
    SELECT procedure_id, payload->'signature'->>'rowReference' AS reference FROM actions
    WHERE action_kind = 'procedure.request' AND payload->'signature'->>'jobId' = ${jobId}
    ORDER BY id`.execute(db);
  return rows.map((row) => ({ procedureId: row.procedure_id, reference: row.reference }));
}

export async function bulkCounts(db: Db): Promise<{ jobs: number; rows: number; procedures: number; actions: number }> {
  const { rows } = await sql<{ jobs: string; rows: string; procedures: string; actions: string }>`
    SELECT (SELECT count(*) FROM bulk_jobs) AS jobs, (SELECT count(*) FROM bulk_rows) AS rows,
           (SELECT count(*) FROM procedures) AS procedures, (SELECT count(*) FROM actions) AS actions`.execute(db);
  const row = rows[0]!;
  return { jobs: Number(row.jobs), rows: Number(row.rows), procedures: Number(row.procedures), actions: Number(row.actions) };
}
