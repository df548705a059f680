/**
 * A bulk job as its company sees it: its status and counts by outcome, and its rows page
 * by page, each with its outcome (the procedure created, or the error's code and details).
 * Counts are taken from the rows when asked (one grouped query on an index), so workers
 * never contend on a counter in the job's row.
 */
import { DomainError } from "../../domain/errors.ts";
import type { BulkRowStatus } from "../../storage/bulk/schema.ts";
import { bulkJobById, rowCountsOfJob, rowsOfJob } from "../../storage/bulk/repository.ts";
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
  const job = await bulkJobById(deps.db, jobId);
  if (!job) throw new DomainError("BULK_JOB_NOT_FOUND", { jobId });
  authorizeBulkRead(context.subject, { id: job.id, crNumber: job.crNumber });
  return job;
}

export async function readBulkJob(deps: AppDeps, context: UseCaseContext, jobId: string): Promise<BulkJobView> {
  const job = await visibleJob(deps, context, jobId);
  const grouped = await rowCountsOfJob(deps.db, job.id);
  const counts = Object.fromEntries(bulkRowStatuses.map((status) => [status, 0])) as Record<BulkRowStatus, number>;
  let last: Date | null = null;
  for (const group of grouped) {
    counts[group.status] = group.count;
    const at = group.lastProcessedAt;
    if (at !== null && (last === null || at > last)) last = at;
  }
  const status: BulkJobStatus = job.signedAt === null ? "awaiting_signature" : counts.queued > 0 ? "processing" : "completed";
  return {
    id: job.id,
    reference: job.reference,
    crNumber: job.crNumber,
    source: job.source,
    status,
    submittedBy: job.submittedBy,
    submittedAt: job.submittedAt,
    signedAt: job.signedAt,
    completedAt: status === "completed" ? (last !== null && job.signedAt !== null && last > job.signedAt ? last : job.signedAt) : null,
    rowCount: job.rowCount,
    counts,
    signedDigest: job.signedDigest,
    summary: job.summary,
    signingExpiresAt: job.signedAt === null ? job.signingExpiresAt : null,
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
  const rows = await rowsOfJob(deps.db, job.id, { after: query.after ?? 0, limit: limit + 1, status: query.status });
  const page = rows.slice(0, limit).map((row): BulkRowView => {
    const { earlier } = row;
    const code = earlier ? earlier.errorCode : row.errorCode;
    return {
      position: row.position,
      reference: row.reference,
      status: row.status,
      procedureId: earlier ? earlier.procedureId : row.procedureId,
      error: code === null ? null : { code, details: ((earlier ? earlier.errorDetails : row.errorDetails) ?? {}) as Record<string, unknown> },
      duplicateOf: earlier ? { jobId: earlier.jobId, position: earlier.position, status: earlier.status } : null,
      processedAt: row.processedAt,
    };
  });
  return { rows: page, nextAfter: rows.length > limit ? page[page.length - 1]!.position : null };
}
