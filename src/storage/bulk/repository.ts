/**
 * Bulk jobs and their rows (migrations/0013_bulk_requests). A row's reference is unique
 * per company among the rows that hold it (a partial unique index decides races); rows
 * are leased to workers with SKIP LOCKED and move on only from the status they were read in.
 */
import { sql } from "kysely";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { BulkRowStatus } from "./schema.ts";

export interface StoredBulkJob {
  id: string;
  crNumber: string;
  reference: string;
  submittedBy: string;
  /** A machine client's job: the client and the token it presented. */
  clientId: string | null;
  tokenId: string | null;
  source: "json" | "csv";
  rowCount: number;
  contentDigest: string;
  signedDigest: string;
  summary: { ar: string; en: string };
  signingRequestId: string | null;
  signingExpiresAt: Date | null;
  signature: unknown;
  signedAt: Date | null;
  correlationId: string;
  submittedAt: Date;
}

export async function bulkJobById(db: Db | Tx, jobId: string): Promise<StoredBulkJob | undefined> {
  const job = await db.selectFrom("bulk_jobs").selectAll().where("id", "=", jobId).executeTakeFirst();
  return (
    job && {
      id: job.id,
      crNumber: job.cr_number,
      reference: job.reference,
      submittedBy: job.submitted_by,
      clientId: job.client_id,
      tokenId: job.token_id,
      source: job.source,
      rowCount: job.row_count,
      contentDigest: job.content_digest,
      signedDigest: job.signed_digest,
      summary: { ar: job.summary_ar, en: job.summary_en },
      signingRequestId: job.signing_request_id,
      signingExpiresAt: job.signing_expires_at,
      signature: job.signature,
      signedAt: job.signed_at,
      correlationId: job.correlation_id,
      submittedAt: job.submitted_at,
    }
  );
}

/** The company's job under this reference, if any. */
export async function bulkJobByReference(tx: Tx, crNumber: string, reference: string): Promise<{ id: string; contentDigest: string } | undefined> {
  const job = await tx.selectFrom("bulk_jobs").select(["id", "content_digest"]).where("cr_number", "=", crNumber).where("reference", "=", reference).executeTakeFirst();
  return job && { id: job.id, contentDigest: job.content_digest };
}

/** Who submitted these jobs and what they signed: what the worker acts on. */
export async function bulkJobActors(
  db: Db | Tx,
  jobIds: readonly string[],
): Promise<{ id: string; crNumber: string; submittedBy: string; clientId: string | null; tokenId: string | null; signedDigest: string; correlationId: string }[]> {
  const jobs = await db
    .selectFrom("bulk_jobs")
    .select(["id", "cr_number", "submitted_by", "client_id", "token_id", "signed_digest", "correlation_id"])
    .where("id", "in", [...jobIds])
    .execute();
  return jobs.map((job) => ({ id: job.id, crNumber: job.cr_number, submittedBy: job.submitted_by, clientId: job.client_id, tokenId: job.token_id, signedDigest: job.signed_digest, correlationId: job.correlation_id }));
}

/** Stores a new job; false when the company's reference was taken meanwhile (nothing stored). */
export async function insertBulkJob(tx: Tx, job: Omit<StoredBulkJob, "signingRequestId" | "signingExpiresAt">): Promise<boolean> {
  const inserted = await tx
    .insertInto("bulk_jobs")
    .values({
      id: job.id,
      cr_number: job.crNumber,
      reference: job.reference,
      submitted_by: job.submittedBy,
      client_id: job.clientId,
      token_id: job.tokenId,
      source: job.source,
      row_count: job.rowCount,
      content_digest: job.contentDigest,
      signed_digest: job.signedDigest,
      summary_ar: job.summary.ar,
      summary_en: job.summary.en,
      signing_request_id: null,
      signing_expires_at: null,
      signature: job.signature === null ? null : JSON.stringify(job.signature),
      signed_at: job.signedAt,
      correlation_id: job.correlationId,
      submitted_at: job.submittedAt,
    })
    .onConflict((conflict) => conflict.columns(["cr_number", "reference"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The signing request pushed to the submitter's phone for a job not signed yet. */
export async function setBulkSigningRequest(tx: Tx, jobId: string, request: { requestId: string; expiresAt: Date }): Promise<void> {
  await tx
    .updateTable("bulk_jobs")
    .set({ signing_request_id: request.requestId, signing_expires_at: request.expiresAt })
    .where("id", "=", jobId)
    .where("signed_at", "is", null)
    .execute();
}

/** Locks the job; when it was signed (null: not yet). The job must exist. */
export async function lockBulkJob(tx: Tx, jobId: string): Promise<{ signedAt: Date | null }> {
  const locked = await tx.selectFrom("bulk_jobs").select("signed_at").where("id", "=", jobId).forUpdate().executeTakeFirstOrThrow();
  return { signedAt: locked.signed_at };
}

/** Records the job's signature and releases its rows waiting for it to the worker. */
export async function markBulkJobSigned(tx: Tx, jobId: string, signature: Record<string, unknown>, now: Date): Promise<void> {
  await tx.updateTable("bulk_jobs").set({ signed_at: now, signature: JSON.stringify(signature) }).where("id", "=", jobId).execute();
  await tx.updateTable("bulk_rows").set({ status: "queued" }).where("job_id", "=", jobId).where("status", "=", "pending_signature").execute();
}

// ---- rows -------------------------------------------------------------------------------------

/** Rows of the company holding these references (from any job). */
export async function rowsHoldingReferences(tx: Tx, crNumber: string, references: readonly string[]): Promise<{ id: bigint; reference: string; digest: string | null; jobId: string }[]> {
  const rows = await tx
    .selectFrom("bulk_rows")
    .select(["id", "reference", "row_digest", "job_id"])
    .where("cr_number", "=", crNumber)
    .where("holds_reference", "=", true)
    .where("reference", "in", [...references])
    .execute();
  return rows.map((row) => ({ id: row.id, reference: row.reference!, digest: row.row_digest, jobId: row.job_id }));
}

export interface NewBulkRow {
  jobId: string;
  position: number;
  crNumber: string;
  reference: string | null;
  holdsReference: boolean;
  digest: string | null;
  request: Record<string, unknown> | null;
  status: BulkRowStatus;
  errorCode: string | null;
  errorDetails: Record<string, unknown> | null;
  /** An earlier row with the same reference, whose outcome this one is. */
  duplicateOf: bigint | null;
  processedAt: Date | null;
}

const rowValues = (row: NewBulkRow) => ({
  job_id: row.jobId,
  position: row.position,
  cr_number: row.crNumber,
  reference: row.reference,
  holds_reference: row.holdsReference,
  row_digest: row.digest,
  request: row.request === null ? null : JSON.stringify(row.request),
  status: row.status,
  procedure_id: null,
  error_code: row.errorCode,
  error_details: row.errorDetails === null ? null : JSON.stringify(row.errorDetails),
  duplicate_of: row.duplicateOf,
  lease_until: null,
  processed_at: row.processedAt,
});

/**
 * Stores rows that take their reference: the ids of those stored. A reference another
 * submission took meanwhile is skipped (fewer ids than rows come back).
 */
export async function insertReferenceHolders(tx: Tx, rows: readonly NewBulkRow[]): Promise<{ id: bigint; position: number }[]> {
  return tx
    .insertInto("bulk_rows")
    .values(rows.map(rowValues))
    .onConflict((conflict) => conflict.columns(["cr_number", "reference"]).where((eb) => eb.ref("holds_reference")).doNothing())
    .returning(["id", "position"])
    .execute();
}

/** Stores rows that hold no reference (refused, duplicates). */
export async function insertBulkRows(tx: Tx, rows: readonly NewBulkRow[]): Promise<void> {
  await tx.insertInto("bulk_rows").values(rows.map(rowValues)).execute();
}

/**
 * Leases up to `batchSize` queued rows whose lease (if any) has passed, until `until`,
 * counting the attempt: one UPDATE … RETURNING over SELECT … FOR UPDATE SKIP LOCKED, so
 * workers side by side take different rows.
 */
export async function leaseQueuedRows(
  db: Db,
  lease: { now: Date; until: Date; batchSize: number },
): Promise<{ id: bigint; jobId: string; position: number; attempts: number; request: Record<string, unknown>; digest: string }[]> {
  const { rows } = await sql<{ id: bigint; job_id: string; position: number; attempts: number; request: Record<string, unknown>; row_digest: string }>`
    UPDATE bulk_rows SET lease_until = ${lease.until}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM bulk_rows
      WHERE status = 'queued' AND (lease_until IS NULL OR lease_until <= ${lease.now})
      ORDER BY id
      LIMIT ${lease.batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, job_id, position, attempts, request, row_digest`.execute(db);
  return rows.map((row) => ({ id: BigInt(row.id), jobId: row.job_id, position: row.position, attempts: row.attempts, request: row.request, digest: row.row_digest }));
}

/** Fails a queued row with the error's code and details; false when it was no longer queued. */
export async function failQueuedRow(db: Db | Tx, rowId: bigint, error: { code: string; details: unknown }, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable("bulk_rows")
    .set({ status: "failed", error_code: error.code, error_details: JSON.stringify(error.details), processed_at: now, lease_until: null })
    .where("id", "=", rowId)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Locks a row; its status now. The row must exist. */
export async function lockBulkRow(tx: Tx, rowId: bigint): Promise<BulkRowStatus> {
  const locked = await tx.selectFrom("bulk_rows").select("status").where("id", "=", rowId).forUpdate().executeTakeFirstOrThrow();
  return locked.status;
}

export async function markRowCreated(tx: Tx, rowId: bigint, procedureId: string, now: Date): Promise<void> {
  await tx.updateTable("bulk_rows").set({ status: "created", procedure_id: procedureId, processed_at: now, lease_until: null }).where("id", "=", rowId).execute();
}

/** The job's rows counted by status, with the last time one of each was carried out. */
export async function rowCountsOfJob(db: Db | Tx, jobId: string): Promise<{ status: BulkRowStatus; count: number; lastProcessedAt: Date | null }[]> {
  const grouped = await db
    .selectFrom("bulk_rows")
    .select(["status", sql<string>`count(*)`.as("n"), sql<Date | null>`max(processed_at)`.as("last")])
    .where("job_id", "=", jobId)
    .groupBy("status")
    .execute();
  return grouped.map((group) => ({ status: group.status, count: Number(group.n), lastProcessedAt: group.last === null ? null : new Date(group.last) }));
}

export interface StoredBulkRow {
  position: number;
  reference: string | null;
  status: BulkRowStatus;
  procedureId: string | null;
  errorCode: string | null;
  errorDetails: unknown;
  processedAt: Date | null;
  /** The earlier row this one duplicates, with its outcome. */
  earlier: { jobId: string; position: number; status: BulkRowStatus; procedureId: string | null; errorCode: string | null; errorDetails: unknown } | null;
}

/** Up to `limit` of the job's rows after position `after`, in submitted order, optionally of one status. */
export async function rowsOfJob(db: Db | Tx, jobId: string, page: { after: number; limit: number; status?: BulkRowStatus | undefined }): Promise<StoredBulkRow[]> {
  let select = db
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
    .where("r.job_id", "=", jobId)
    .where("r.position", ">", page.after)
    .orderBy("r.position")
    .limit(page.limit);
  if (page.status !== undefined) select = select.where("r.status", "=", page.status);
  const rows = await select.execute();
  return rows.map((row) => ({
    position: row.position,
    reference: row.reference,
    status: row.status,
    procedureId: row.procedure_id,
    errorCode: row.error_code,
    errorDetails: row.error_details,
    processedAt: row.processed_at,
    earlier:
      row.earlier_job_id === null
        ? null
        : { jobId: row.earlier_job_id, position: row.earlier_position!, status: row.earlier_status!, procedureId: row.earlier_procedure_id, errorCode: row.earlier_error_code, errorDetails: row.earlier_error_details },
  }));
}
