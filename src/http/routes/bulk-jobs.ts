/**
 * Bulk requests for institutional creditors (docs/bulk-api.md): submit a job as JSON or
 * as a CSV upload, read it and its rows' outcomes, and — for a person — sign it once on
 * the phone. Rows are carried out by the worker.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { BULK_MAX_BYTES, BULK_MAX_ROWS } from "../../app/bulk/bulk-rows.ts";
import { bulkRowStatuses, readBulkJob, readBulkRows, ROW_PAGE_MAX, type BulkJobView, type BulkRowView } from "../../app/bulk/read-bulk-jobs.ts";
import { requestBulkSignature, signBulkJob } from "../../app/bulk/sign-bulk-job.ts";
import { assertRowCount, submitBulkJob } from "../../app/bulk/submit-bulk-job.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { ErrorCode } from "../../domain/errors.ts";
import { presentSignature } from "../../app/present-signature.ts";
import { checkRow, clientReference, contentDigest, rowsFromCsv } from "../bulk-wire.ts";
import { iso } from "../dto.ts";
import { errorMap, errorBody } from "../error-map.ts";
import { authenticated, sessionOnly, useCaseContext, uuid, type RouteModule, type Router } from "../route-kit.ts";
import { readUploadedFile, registerMultipart } from "./documents.ts";

const counts = z.object(Object.fromEntries(bulkRowStatuses.map((status) => [status, z.number()])) as Record<(typeof bulkRowStatuses)[number], z.ZodNumber>);
const jobView = z.object({
  id: z.string(),
  reference: z.string(),
  crNumber: z.string(),
  source: z.enum(["json", "csv"]),
  status: z.enum(["awaiting_signature", "processing", "completed"]),
  submittedBy: z.string().describe("client:<clientId>, or the representative's civil ID"),
  submittedAt: z.string(),
  signedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  rowCount: z.number(),
  counts: counts.describe("Rows by outcome"),
  signedDigest: z.string().describe("sha256 of the canonical JSON of {purpose, crNumber, reference, rows: [[reference, rowDigest]...]}: what is signed"),
  summary: z.object({ ar: z.string(), en: z.string() }).describe("What the phone shows"),
  signingExpiresAt: z.string().nullable().describe("A person's unsigned job: until when the signing request on the phone is good"),
});
const errorView = z.object({ code: z.string(), message: z.object({ ar: z.string(), en: z.string() }), details: z.record(z.string(), z.unknown()) });
const rowView = z.object({
  position: z.number().describe("1 = the first row submitted (the first line after the CSV header)"),
  reference: z.string().nullable(),
  status: z.enum(bulkRowStatuses),
  procedureId: z.string().nullable(),
  error: errorView.nullable(),
  duplicateOf: z.object({ jobId: z.string(), position: z.number(), status: z.enum(bulkRowStatuses) }).nullable(),
  processedAt: z.string().nullable(),
});

const jobDto = (job: BulkJobView): z.infer<typeof jobView> => ({
  ...job,
  submittedAt: iso(job.submittedAt)!,
  signedAt: iso(job.signedAt),
  completedAt: iso(job.completedAt),
  signingExpiresAt: iso(job.signingExpiresAt),
});

/** A row's error as every error is shown: its code, the message in Arabic and English, its details. */
function rowDto(row: BulkRowView): z.infer<typeof rowView> {
  const code = row.error && row.error.code in errorMap ? (row.error.code as ErrorCode) : "INTERNAL";
  return { ...row, error: row.error ? errorBody(code, row.error.details).body : null, processedAt: iso(row.processedAt) };
}

const jobParams = z.object({ jobId: uuid }).strict();
const submitQuery = {
  crNumber: z.string().min(1).max(20).optional().describe("The company, when a representative acts for several"),
};

async function submitted(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, input: { reference: string; crNumber?: string | undefined; source: "json" | "csv"; raw: unknown[] }) {
  const context = useCaseContext(request);
  assertRowCount(input.raw.length);
  const signature = await presentSignature(deps, context, {});
  const { jobId, replayed } = await submitBulkJob(
    deps,
    context,
    { reference: input.reference, crNumber: input.crNumber, source: input.source, contentDigest: contentDigest(input.raw), rows: input.raw.map(checkRow) },
    signature,
  );
  if (!context.subject.client) await requestBulkSignature(deps, context, jobId);
  return reply
    .code(replayed ? 200 : 202)
    .header("location", `/api/v1/bulk-jobs/${jobId}`)
    .send(jobDto(await readBulkJob(deps, context, jobId)));
}

export const bulkJobRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/bulk-jobs",
    {
      bodyLimit: BULK_MAX_BYTES,
      schema: {
        summary: `Submit many procedure requests at once (JSON, at most ${BULK_MAX_ROWS} rows): each row is checked alone and carried out by the worker; idempotent by your job and row references`,
        tags: ["bulk"],
        ...authenticated,
        body: z
          .object({
            reference: clientReference.describe("Your reference for the job: submitting it again returns this job"),
            ...submitQuery,
            rows: z.array(z.unknown()).describe("Rows: a single request's fields (kind, amount, banks, evidence) with reference, fileId or fileNumber, and debtorPartyId, debtorCivilId or debtorCrNumber; see docs/bulk-api.md"),
          })
          .strict(),
        response: { 200: jobView.describe("Submitted before: the job as it stands"), 202: jobView.describe("Accepted: rows are carried out by the worker") },
      },
    },
    async (request, reply) => submitted(deps, request, reply, { reference: request.body.reference, crNumber: request.body.crNumber, source: "json", raw: request.body.rows }),
  );

  void router.register(async (plugin) => {
    const scope: Router = plugin.withTypeProvider<ZodTypeProvider>();
    await registerMultipart(scope, BULK_MAX_BYTES);
    scope.post(
      "/api/v1/bulk-jobs/csv",
      {
        schema: {
          summary: "Submit many procedure requests as a CSV file (multipart/form-data, one file; UTF-8; columns in docs/bulk-api.md)",
          tags: ["bulk"],
          consumes: ["multipart/form-data"],
          ...authenticated,
          querystring: z.object({ reference: clientReference.describe("Your reference for the job"), ...submitQuery }).strict(),
          response: { 200: jobView, 202: jobView },
        },
      },
      async (request, reply) => {
        const upload = await readUploadedFile(request, BULK_MAX_BYTES);
        return submitted(deps, request, reply, { reference: request.query.reference, crNumber: request.query.crNumber, source: "csv", raw: rowsFromCsv(upload.bytes) });
      },
    );
  });

  router.get(
    "/api/v1/bulk-jobs/:jobId",
    {
      schema: {
        summary: "A bulk job of my company: its status and rows counted by outcome",
        tags: ["bulk"],
        ...authenticated,
        params: jobParams,
        response: { 200: jobView },
      },
    },
    async (request) => jobDto(await readBulkJob(deps, useCaseContext(request), request.params.jobId)),
  );

  router.get(
    "/api/v1/bulk-jobs/:jobId/rows",
    {
      schema: {
        summary: "A bulk job's rows in order, each with its outcome (the procedure created, or the error), a page at a time",
        tags: ["bulk"],
        ...authenticated,
        params: jobParams,
        querystring: z
          .object({
            after: z.coerce.number().int().min(0).optional().describe("The position to start after (the previous page's nextAfter)"),
            limit: z.coerce.number().int().min(1).max(ROW_PAGE_MAX).optional(),
            status: z.enum(bulkRowStatuses).optional(),
          })
          .strict(),
        response: { 200: z.object({ rows: z.array(rowView), nextAfter: z.number().nullable() }) },
      },
    },
    async (request) => {
      const page = await readBulkRows(deps, useCaseContext(request), request.params.jobId, request.query);
      return { rows: page.rows.map(rowDto), nextAfter: page.nextAfter };
    },
  );

  router.post(
    "/api/v1/bulk-jobs/:jobId/signature",
    {
      schema: {
        summary: "Sign my bulk job once approved on the phone (one signature over the digest of all its rows); its rows then go to the worker",
        tags: ["bulk"],
        ...sessionOnly,
        params: jobParams,
        body: z.object({ signingProof: z.string().max(8000).optional().describe("The signing proof, if you hold it; otherwise the job's signing request is asked") }).strict().nullish(),
        response: { 200: jobView },
      },
    },
    async (request) => {
      const context = useCaseContext(request);
      await signBulkJob(deps, context, request.params.jobId, { signingProof: request.body?.signingProof });
      return jobDto(await readBulkJob(deps, context, request.params.jobId));
    },
  );
};
