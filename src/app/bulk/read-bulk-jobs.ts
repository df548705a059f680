/**
 * A bulk job as its company sees it: its status and counts by outcome, and its rows page
 * by page, each with its outcome (the procedure created, or the error's code and details).
 * Counts are taken from the rows when asked (one grouped query on an index), so workers
 * never contend on a counter in the job's row.
 */
import { sql } from "kysely";
import { DomainError } from "../../domain/errors.ts";
import type { BulkRowStatus } from "../../storage/bulk-schema.ts";
import { authorizeBulkRead } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export const bulkRowStatuses = ["pending_signature", "queued", "created", "failed", "rejected", "duplicate"] as const satisfies readonly BulkRowStatus[];
export type BulkJobStatus = "awaiting_signature" | "processing" | "completed";

export interface BulkJobView {
  id: string;
  reference: string;
  crNumber: string;
  source: "json" | "csv";
  status: BulkJobStatus;
  submittedBy: string;
  submittedAt: Date;
  signedAt: Date | null;
  /** When the last row was carried out (completed jobs only). */
  completedAt: Date | null;
  rowCount: number;
  counts: Record<BulkRowStatus, number>;
  /** What the submitter signs (or signed): see docs/bulk-api.md. */
  signedDigest: string;
  summary: { ar: string; en: string };
  /** A person's unsigned job: the signing request on their phone, while it lasts. */
  signingExpiresAt: Date | null;
}

export interface BulkRowView {
  position: number;
  reference: string | null;
  status: BulkRowStatus;
  /** created: the procedure; duplicate: the earlier row's procedure, if it made one. */
  procedureId: string | null;
  /** failed or rejected: why; duplicate: the earlier row's error, if it failed. */
  error: { code: string; details: Record<string, unknown> } | null;
  /** duplicate: the earlier row with the same reference, whose outcome this is. */
  duplicateOf: { jobId: string; position: number; status: BulkRowStatus } | null;
  processedAt: Date | null;
}

async function visibleJob(deps: AppDeps, context: UseCaseContext, jobId: string) {
  const job = await deps.db.selectFrom("bulk_jobs").selectAll().where("id", "=", jobId).executeTakeFirst();
  if (!job) throw new DomainError("BULK_JOB_NOT_FOUND", { jobId });
  authorizeBulkRead(context.subject, { id: job.id, crNumber: job.cr_number });
  return job;
}

export async function readBulkJob(deps: AppDeps, context: UseCaseContext, jobId: string): Promise<BulkJobView> {
  const job = await visibleJob(deps, context, jobId);
  const grouped = await deps.db
    .selectFrom("bulk_rows")
    .select(["status", sql<string>`count(*)`.as("n"), sql<Date | null>`max(processed_at)`.as("last")])
    .where("job_id", "=", job.id)
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(bulkRowStatuses.map((status) => [status, 0])) as Record<BulkRowStatus, number>;
  let last: Date | null = null;
  for (const group of grouped) {
    counts[group.status] = Number(group.n);
    const at = group.last === null ? null : new Date(group.last);
    if (at !== null && (last === null || at > last)) last = at;
  }
  const status: BulkJobStatus = job.signed_at === null ? "awaiting_signature" : counts.queued > 0 ? "processing" : "completed";
  return {
    id: job.id,
    reference: job.reference,
    crNumber: job.cr_number,
    source: job.source,
    status,
    submittedBy: job.submitted_by,
    submittedAt: job.submitted_at,
    signedAt: job.signed_at,
    completedAt: status === "completed" ? (last !== null && job.signed_at !== null && last > job.signed_at ? last : job.signed_at) : null,
    rowCount: job.row_count,
    counts,
    signedDigest: job.signed_digest,
    summary: { ar: job.summary_ar, en: job.summary_en },
    signingExpiresAt: job.signed_at === null ? job.signing_expires_at : null,
  };
}

export interface RowPage {
  rows: BulkRowView[];
  /** The `after` for the next page, or null at the end. */
  nextAfter: number | null;
}

export const ROW_PAGE_MAX = 1000;

/** Rows in submitted order after position `after`, optionally of one status. */
export async function readBulkRows(
  deps: AppDeps,
  context: UseCaseContext,
  jobId: string,
  query: { after?: number | undefined; limit?: number | undefined; status?: BulkRowStatus | undefined },
): Promise<RowPage> {
  const job = await visibleJob(deps, context, jobId);
  const limit = Math.min(query.limit ?? 100, ROW_PAGE_MAX);
  let select = deps.db
    .selectFrom("bulk_rows as r")
    .leftJoin("bulk_rows as e", "e.id", "r.duplicate_of")
    .select([
      "r.position",
      "r.reference",
      "r.status",
      "r.procedure_id",
      "r.error_code",
      "r.error_details",
      "r.processed_at",
      "e.job_id as earlier_job_id",
      "e.position as earlier_position",
      "e.status as earlier_status",
      "e.procedure_id as earlier_procedure_id",
      "e.error_code as earlier_error_code",
      "e.error_details as earlier_error_details",
    ])
    .where("r.job_id", "=", job.id)
    .where("r.position", ">", query.after ?? 0)
    .orderBy("r.position")
    .limit(limit + 1);
  if (query.status !== undefined) select = select.where("r.status", "=", query.status);
  const rows = await select.execute();
  const page = rows.slice(0, limit).map((row): BulkRowView => {
    const earlier = row.earlier_job_id !== null;
    const code = earlier ? row.earlier_error_code : row.error_code;
    return {
      position: row.position,
      reference: row.reference,
      status: row.status,
      procedureId: earlier ? row.earlier_procedure_id : row.procedure_id,
      error: code === null ? null : { code, details: ((earlier ? row.earlier_error_details : row.error_details) ?? {}) as Record<string, unknown> },
      duplicateOf: earlier ? { jobId: row.earlier_job_id!, position: row.earlier_position!, status: row.earlier_status! } : null,
      processedAt: row.processed_at,
    };
  });
  return { rows: page, nextAfter: rows.length > limit ? page[page.length - 1]!.position : null };
}
