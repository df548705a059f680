/**
 * The worker's side of bulk jobs: claim queued rows in batches, carry out each one through
 * the single request's use case (`requestProcedureIn`) in its own transaction.
 *
 * - Claim: one UPDATE … RETURNING over `SELECT … FOR UPDATE SKIP LOCKED` moves a batch's
 *   lease ahead, so workers side by side take different rows; a crashed worker's rows are
 *   taken again once its lease has passed.
 * - Exactly once: each row's transaction locks the row and goes on only while it is still
 *   `queued`; the procedure, its actions and the row's `created` commit together, or none
 *   of them does. A refusal by the use case (a DomainError: the row's own fault) rolls
 *   back and the row is marked `failed` with the code; any other error leaves the row
 *   queued for the next lease, and after a few attempts it is failed as INTERNAL.
 * - Few round trips: a batch's jobs, submitters, file numbers and debtors are resolved
 *   with one query each before the rows run.
 */
import { DomainError, isDomainError } from "../../domain/errors.ts";
import { loadSubject } from "../../storage/registry/repository.ts";
import { debtorsOfFiles, fileIdsByNumber } from "../../storage/files/repository.ts";
import { machineClientsById } from "../../storage/identity/repository.ts";
import { bulkJobActors, failQueuedRow, leaseQueuedRows, lockBulkRow, markRowCreated } from "../../storage/bulk/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { requestProcedureIn } from "../request-procedure.ts";
import type { Subject } from "../../domain/access/subject.ts";
import { procedureRequestOf, rowFromStored, type BulkRow } from "./bulk-rows.ts";

export interface BulkRunOptions {
  /** Rows claimed at once (default 200). */
  batchSize?: number;
  /** How long a claim keeps other workers off its rows (default 60 s). */
  leaseMs?: number;
  /** Claims after which a row that never completes is failed as INTERNAL (default 5). */
  maxAttempts?: number;
  /** Rows carried out side by side (default 1; more helps only on PostgreSQL's pool). */
  concurrency?: number;
}

export interface BulkRound {
  claimed: number;
  created: number;
  failed: number;
  /** Left queued after an error that was not the row's fault: retried after the lease. */
  deferred: number;
  /** Found done by another worker when locked. */
  skipped: number;
}

export interface ClaimedRow {
  id: bigint;
  jobId: string;
  position: number;
  attempts: number;
  row: BulkRow;
  digest: string;
}

// Stands for "no such file / no such debtor": the use case then refuses the row with the
// same code, after its own authorization, as it would an id that does not exist.
const NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

export async function claimBulkRows(deps: AppDeps, batchSize = 200, leaseMs = 60_000): Promise<ClaimedRow[]> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + leaseMs);
  const rows = await leaseQueuedRows(deps.db, { now, until, batchSize });
  return rows
    .map((row) => ({ id: row.id, jobId: row.jobId, position: row.position, attempts: row.attempts, row: rowFromStored(row.request), digest: row.digest }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

interface JobActor {
  jobId: string;
  crNumber: string;
  submittedBy: string;
  signedDigest: string;
  correlationId: string;
  /** Who the rows act as, now; or why they may not. */
  subject: Subject | DomainError;
}

/** The submitter as they stand now, limited to the company the job is for. */
async function jobActors(deps: AppDeps, jobIds: readonly string[]): Promise<Map<string, JobActor>> {
  const jobs = await bulkJobActors(deps.db, jobIds);
  const clientIds = jobs.flatMap((job) => (job.clientId === null ? [] : [job.clientId]));
  const clients = await machineClientsById(deps.db, clientIds);
  const now = deps.clock.now();
  const actors = new Map<string, JobActor>();
  for (const job of jobs) {
    let subject: Subject | DomainError;
    if (job.clientId !== null) {
      const client = clients.find((candidate) => candidate.clientId === job.clientId);
      // A revoked client's rows not yet carried out are not carried out.
      subject =
        !client || client.revokedAt !== null
          ? new DomainError("FORBIDDEN", { reason: "client_revoked" })
          : { civilId: job.submittedBy, staffRoles: [], companies: [job.crNumber], mandates: [], client: { clientId: job.clientId, crNumber: job.crNumber, scopes: client.scopes, tokenId: job.tokenId! } };
    } else {
      // A representative acts here for the company only: not as a lawyer, a party in person or staff.
      const person = await loadSubject(deps.db, job.submittedBy, now);
      subject = { civilId: person.civilId, staffRoles: [], companies: person.companies.filter((cr) => cr === job.crNumber), mandates: [] };
    }
    actors.set(job.id, { jobId: job.id, crNumber: job.crNumber, submittedBy: job.submittedBy, signedDigest: job.signedDigest, correlationId: job.correlationId, subject });
  }
  return actors;
}

/** File ids for the numbers, and debtor party ids by civil ID or CR number, for a batch. */
async function resolveParties(deps: AppDeps, rows: readonly ClaimedRow[]) {
  const numbers = [...new Set(rows.flatMap(({ row }) => ("number" in row.file ? [row.file.number] : [])))];
  const fileByNumber = await fileIdsByNumber(deps.db, numbers);
  const fileIdOf = (row: BulkRow) => ("id" in row.file ? row.file.id : (fileByNumber.get(row.file.number) ?? NO_SUCH_ID));
  const byIdentifier = rows.filter(({ row }) => !("partyId" in row.debtor)).map(({ row }) => fileIdOf(row));
  const fileIds = [...new Set(byIdentifier)].filter((id) => id !== NO_SUCH_ID);
  const debtors = await debtorsOfFiles(deps.db, fileIds);
  const debtorOf = (row: BulkRow, fileId: string) => {
    const debtor = row.debtor;
    if ("partyId" in debtor) return debtor.partyId;
    const found = debtors.find((party) => party.fileId === fileId && ("civilId" in debtor ? party.civilId === debtor.civilId : party.crNumber === debtor.crNumber));
    return found?.id ?? NO_SUCH_ID;
  };
  return (row: BulkRow) => {
    const fileId = fileIdOf(row);
    return { fileId, debtorPartyId: debtorOf(row, fileId) };
  };
}

async function markFailed(deps: AppDeps, claimed: ClaimedRow, error: DomainError): Promise<boolean> {
  // A file refused by number shows the number the client sent, not our stand-in id.
  const details = error.code === "FILE_NOT_FOUND" ? { file: claimed.row.file } : error.details;
  return failQueuedRow(deps.db, claimed.id, { code: error.code, details }, deps.clock.now());
}

type RowOutcome = "created" | "failed" | "deferred" | "skipped";

async function carryOut(deps: AppDeps, claimed: ClaimedRow, actor: JobActor | undefined, resolve: (row: BulkRow) => { fileId: string; debtorPartyId: string }, maxAttempts: number): Promise<RowOutcome> {
  if (!actor) return "deferred";
  if (claimed.attempts > maxAttempts) return (await markFailed(deps, claimed, new DomainError("INTERNAL", { reason: "attempts", attempts: claimed.attempts - 1 }))) ? "failed" : "skipped";
  if (actor.subject instanceof DomainError) return (await markFailed(deps, claimed, actor.subject)) ? "failed" : "skipped";
  const context: UseCaseContext = { subject: actor.subject, correlationId: actor.correlationId };
  const { fileId, debtorPartyId } = resolve(claimed.row);
  try {
    return await deps.db.transaction().execute(async (tx): Promise<RowOutcome> => {
      if ((await lockBulkRow(tx, claimed.id)) !== "queued") return "skipped";
      const procedure = await requestProcedureIn(tx, deps, context, procedureRequestOf(claimed.row, fileId, debtorPartyId), {
        method: "bulk_job",
        jobId: actor.jobId,
        signedBy: actor.submittedBy,
        rowReference: claimed.row.reference,
        rowDigest: claimed.digest,
        jobDigest: actor.signedDigest,
      });
      await markRowCreated(tx, claimed.id, procedure.id, deps.clock.now());
      return "created";
    });
  } catch (error) {
    if (!isDomainError(error)) return "deferred";
    return (await markFailed(deps, claimed, error)) ? "failed" : "skipped";
  }
}

/** Carries out claimed rows (normally those `claimBulkRows` just returned). */
export async function processClaimedRows(deps: AppDeps, claimed: readonly ClaimedRow[], options: BulkRunOptions = {}): Promise<BulkRound> {
  const round: BulkRound = { claimed: claimed.length, created: 0, failed: 0, deferred: 0, skipped: 0 };
  if (claimed.length === 0) return round;
  const actors = await jobActors(deps, [...new Set(claimed.map((row) => row.jobId))]);
  const resolve = await resolveParties(deps, claimed);
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const row = claimed[next++]!;
      round[await carryOut(deps, row, actors.get(row.jobId), resolve, options.maxAttempts ?? 5)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  return round;
}

/** One round: claim a batch and carry it out. */
export async function processBulkRows(deps: AppDeps, options: BulkRunOptions = {}): Promise<BulkRound> {
  return processClaimedRows(deps, await claimBulkRows(deps, options.batchSize, options.leaseMs), options);
}
