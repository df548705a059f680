/**
 * An institutional creditor submits a bulk job: thousands of procedure requests at once.
 * Each row was checked on arrival (the same schema as a single request); here the job and
 * its rows are stored in one transaction with a few batched inserts, and the worker
 * carries out the rows later (process-bulk-rows.ts).
 *
 * Idempotent twice over: by the job's reference (the same job again returns the job; a
 * different one under the same reference is IDEMPOTENCY_CONFLICT), and by each row's
 * reference, unique per company across all jobs (the same row again is a `duplicate`
 * pointing at the earlier outcome; a different row under a used reference is rejected).
 *
 * Signing: a machine client's credentials sign the job at once. A person's job waits for
 * one approval on their phone over the digest of all its rows (sign-bulk-job.ts).
 */
import { DomainError } from "../../domain/errors.ts";
import { appendActions, type Tx } from "../../storage/action-log.ts";
import type { BulkRowStatus } from "../../storage/bulk/schema.ts";
import { companyNames } from "../../storage/registry/repository.ts";
import { bulkJobByReference, insertBulkJob, insertBulkRows, insertReferenceHolders, rowsHoldingReferences, type NewBulkRow } from "../../storage/bulk/repository.ts";
import { authorizeBulkSubmission } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { acceptSignedDigest, type PresentedSignature } from "../signing.ts";
import { BULK_MAX_ROWS, BULK_SIGNING_PURPOSE, bulkStream, jobDigest, rowDigest, storedRow, summarizeJob, type BulkRow } from "./bulk-rows.ts";

/** One submitted row after the arrival checks: the request, or why it was refused. */
export type CheckedRow = { row: BulkRow } | { reference: string | null; error: DomainError };

export interface BulkSubmission {
  /** The company acted for; needed only from a person who represents several. */
  crNumber?: string | undefined;
  reference: string;
  source: "json" | "csv";
  /** sha256 of every row as received: the same reference must come back with the same content. */
  contentDigest: string;
  /** In submitted order: position n is rows[n - 1]. */
  rows: readonly CheckedRow[];
}

export interface SubmittedJob {
  jobId: string;
  /** True when this reference was submitted before: nothing new was stored. */
  replayed: boolean;
}

// Rows per INSERT: 12 columns each stays far below PostgreSQL's 65,535 parameters.
const INSERT_CHUNK = 1000;
const SUBMIT_ATTEMPTS = 3;

/** Another submission took a reference between our read and our insert: start again, it is now visible. */
class ReferenceTaken extends Error {}

export async function submitBulkJob(deps: AppDeps, context: UseCaseContext, submission: BulkSubmission, presented: PresentedSignature): Promise<SubmittedJob> {
  const crNumber = authorizeBulkSubmission(context.subject, submission.crNumber);
  assertRowCount(submission.rows.length);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((tx) => submitIn(tx, deps, context, crNumber, submission, presented));
    } catch (error) {
      if (!(error instanceof ReferenceTaken) || attempt >= SUBMIT_ATTEMPTS) throw error;
    }
  }
}

/** At least one row, at most BULK_MAX_ROWS (checked before the rows are, too: a huge batch is refused at once). */
export function assertRowCount(rows: number): void {
  if (rows === 0) throw new DomainError("VALIDATION_FAILED", { field: "rows", reason: "empty" });
  if (rows > BULK_MAX_ROWS) throw new DomainError("BULK_TOO_MANY_ROWS", { maxRows: BULK_MAX_ROWS, rows });
}

interface PlannedRow {
  position: number;
  reference: string | null;
  holdsReference: boolean;
  digest: string | null;
  request: Record<string, unknown> | null;
  status: BulkRowStatus;
  errorCode: string | null;
  errorDetails: Record<string, unknown> | null;
  /** An earlier row of the company (its id), or of this job (its position). */
  duplicateOf: { id: bigint } | { position: number } | null;
}

async function submitIn(tx: Tx, deps: AppDeps, context: UseCaseContext, crNumber: string, submission: BulkSubmission, presented: PresentedSignature): Promise<SubmittedJob> {
  const existing = await bulkJobByReference(tx, crNumber, submission.reference);
  if (existing) {
    if (existing.contentDigest !== submission.contentDigest) throw new DomainError("IDEMPOTENCY_CONFLICT", { reference: submission.reference });
    return { jobId: existing.id, replayed: true };
  }
  const now = deps.clock.now();
  const company = await companyNames(tx, crNumber);

  const valid = submission.rows.flatMap((checked, index) => ("row" in checked ? [{ position: index + 1, row: checked.row, digest: rowDigest(checked.row) }] : []));
  const digestAt = new Map(valid.map((entry) => [entry.position, entry.digest]));
  const held = new Map<string, { id: bigint; digest: string | null; jobId: string }>();
  for (let start = 0; start < valid.length; start += INSERT_CHUNK) {
    const references = [...new Set(valid.slice(start, start + INSERT_CHUNK).map((entry) => entry.row.reference))];
    const rows = await rowsHoldingReferences(tx, crNumber, references);
    for (const row of rows) held.set(row.reference, { id: row.id, digest: row.digest, jobId: row.jobId });
  }

  const signed = context.subject.client !== undefined && context.subject.client !== null;
  const firstInJob = new Map<string, { position: number; digest: string }>();
  const toCarryOut: { position: number; row: BulkRow; digest: string }[] = [];
  const planned: PlannedRow[] = submission.rows.map((checked, index) => {
    const position = index + 1;
    if (!("row" in checked)) {
      return { position, reference: checked.reference, holdsReference: false, digest: null, request: null, status: "rejected", errorCode: checked.error.code, errorDetails: checked.error.details, duplicateOf: null };
    }
    const { row } = checked;
    const digest = digestAt.get(position)!;
    const base = { position, reference: row.reference, digest, request: storedRow(row), errorCode: null, errorDetails: null };
    const earlier = held.get(row.reference) ?? firstInJob.get(row.reference);
    if (earlier) {
      if (earlier.digest !== digest) {
        return { ...base, holdsReference: false, status: "rejected", errorCode: "IDEMPOTENCY_CONFLICT", errorDetails: { reference: row.reference }, duplicateOf: null };
      }
      return { ...base, holdsReference: false, status: "duplicate", duplicateOf: "id" in earlier ? { id: earlier.id } : { position: earlier.position } };
    }
    firstInJob.set(row.reference, { position, digest });
    toCarryOut.push({ position, row, digest });
    return { ...base, holdsReference: true, status: signed ? "queued" : "pending_signature", duplicateOf: null };
  });

  const signedDigest = jobDigest(crNumber, submission.reference, toCarryOut.map((entry) => ({ reference: entry.row.reference, digest: entry.digest })));
  const refused = planned.filter((row) => row.status === "rejected").length;
  const summary = summarizeJob({ ar: company.nameAr, en: company.nameEn }, submission.reference, toCarryOut.map((entry) => entry.row), refused);
  // A machine client's token is its signature; a job with nothing to carry out needs none.
  const signature = signed
    ? await acceptSignedDigest(tx, context.subject, BULK_SIGNING_PURPOSE, signedDigest, presented, now)
    : toCarryOut.length === 0
      ? { method: "not_required", reason: "no row to carry out" }
      : null;

  const jobId = deps.newId();
  const inserted = await insertBulkJob(tx, {
    id: jobId,
    crNumber,
    reference: submission.reference,
    submittedBy: context.subject.civilId,
    clientId: context.subject.client?.clientId ?? null,
    tokenId: context.subject.client?.tokenId ?? null,
    source: submission.source,
    rowCount: submission.rows.length,
    contentDigest: submission.contentDigest,
    signedDigest,
    summary,
    signature,
    signedAt: signature === null ? null : now,
    correlationId: context.correlationId,
    submittedAt: now,
  });
  if (!inserted) throw new ReferenceTaken();

  const values = (row: PlannedRow, duplicateOf: bigint | null): NewBulkRow => ({
    jobId,
    position: row.position,
    crNumber,
    reference: row.reference,
    holdsReference: row.holdsReference,
    digest: row.digest,
    request: row.request,
    status: row.status,
    errorCode: row.errorCode,
    errorDetails: row.errorDetails,
    duplicateOf,
    processedAt: row.status === "rejected" || row.status === "duplicate" ? now : null,
  });
  // First the rows that take their reference (the unique index decides races), then the rest, which may point at them.
  const holders = planned.filter((row) => row.holdsReference);
  const idAt = new Map<number, bigint>();
  for (let start = 0; start < holders.length; start += INSERT_CHUNK) {
    const chunk = holders.slice(start, start + INSERT_CHUNK);
    const ids = await insertReferenceHolders(tx, chunk.map((row) => values(row, null)));
    if (ids.length !== chunk.length) throw new ReferenceTaken();
    for (const { id, position } of ids) idAt.set(position, id);
  }
  const others = planned.filter((row) => !row.holdsReference);
  for (let start = 0; start < others.length; start += INSERT_CHUNK) {
    const chunk = others.slice(start, start + INSERT_CHUNK);
    await insertBulkRows(tx, chunk.map((row) => values(row, row.duplicateOf === null ? null : "id" in row.duplicateOf ? row.duplicateOf.id : idAt.get(row.duplicateOf.position)!)));
  }

  await appendActions(tx, [
    {
      stream: bulkStream(crNumber),
      actor: { id: context.subject.civilId, role: "creditor" },
      kind: "bulk.job.submit",
      payload: {
        jobId,
        crNumber,
        reference: submission.reference,
        source: submission.source,
        rows: submission.rows.length,
        toCarryOut: toCarryOut.length,
        rejected: refused,
        duplicates: planned.filter((row) => row.status === "duplicate").length,
        contentDigest: submission.contentDigest,
        signedDigest,
        ...(signature ? { signature } : {}),
      },
      correlationId: context.correlationId,
      occurredAt: now,
    },
  ]);
  return { jobId, replayed: false };
}
