/**
 * A company representative's bulk job is signed once, on their phone, over the digest of
 * all its rows (`bulk_jobs.signed_digest`, see bulk-rows.ts `jobDigest`): one approval for
 * thousands of requests, showing how many of each kind and the total attached. Until it
 * is signed the rows wait (`pending_signature`); the worker does not touch them.
 *
 * 1. `requestBulkSignature`, right after the submission: pushes the signing request to
 *    the submitter's phone (again, when the job is resubmitted and the last one expired
 *    or was rejected).
 * 2. `signBulkJob`, once approved: fetches the proof (or takes one given), checks it like
 *    a single request's signature (signer, purpose, digest, 5 minutes, single use), records
 *    it with the job and releases the rows to the worker, in one transaction.
 */
import { DomainError } from "../../domain/errors.ts";
import { appendActions } from "../../storage/action-log.ts";
import { authorizeBulkSigning } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { identityOf } from "../ports/identity.ts";
import { presentSignature } from "../present-signature.ts";
import { subjectStream } from "../signing-requests.ts";
import { acceptSignedDigest } from "../signing.ts";
import { BULK_SIGNING_PURPOSE, bulkStream } from "./bulk-rows.ts";
import { bulkJobById, lockBulkJob, markBulkJobSigned, setBulkSigningRequest } from "../../storage/bulk/repository.ts";

async function loadJob(deps: AppDeps, jobId: string) {
  const job = await bulkJobById(deps.db, jobId);
  if (!job) throw new DomainError("BULK_JOB_NOT_FOUND", { jobId });
  return job;
}

/** Makes sure a person's unsigned job has a live signing request on their phone. */
export async function requestBulkSignature(deps: AppDeps, context: UseCaseContext, jobId: string): Promise<void> {
  const { authority } = identityOf(deps);
  const job = await loadJob(deps, jobId);
  // Signed already, a machine client's, or another representative's job resubmitted: nothing to ask of this person.
  if (job.signedAt !== null || job.clientId !== null || job.submittedBy !== context.subject.civilId) return;
  const now = deps.clock.now();
  if (job.signingRequestId !== null && job.signingExpiresAt !== null && job.signingExpiresAt > now) {
    const answer = await authority.status(job.signingRequestId);
    if (answer.status === "pending" || answer.status === "approved") return;
  }
  const pushed = await authority.push({
    civilId: job.submittedBy,
    purpose: BULK_SIGNING_PURPOSE,
    digest: job.signedDigest,
    summary: job.summary,
  });
  await deps.db.transaction().execute(async (tx) => {
    await setBulkSigningRequest(tx, job.id, { requestId: pushed.requestId, expiresAt: pushed.expiresAt });
    await appendActions(tx, [
      {
        stream: subjectStream(job.submittedBy),
        actor: { id: job.submittedBy, role: "signer" },
        kind: "identity.signing.requested",
        payload: { bulkJobId: job.id, purpose: BULK_SIGNING_PURPOSE, digest: job.signedDigest, idpRequestId: pushed.requestId },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
  });
}

export interface BulkSignatureInput {
  /** A proof the caller already holds; otherwise the job's own signing request is asked. */
  signingProof?: string | undefined;
}

/**
 * Signs the job with the approved proof: its cryptography checked by the identity port
 * (`presentSignature`), what it binds by this use case. Signing a signed job again changes nothing.
 */
export async function signBulkJob(
  deps: AppDeps,
  context: UseCaseContext,
  jobId: string,
  input: BulkSignatureInput,
): Promise<void> {
  const job = await loadJob(deps, jobId);
  authorizeBulkSigning(context.subject, { id: job.id, crNumber: job.crNumber, submittedBy: job.submittedBy });
  if (job.signedAt !== null) return;
  let proof = input.signingProof;
  if (proof === undefined) {
    if (job.signingRequestId === null) throw new DomainError("SIGNATURE_REQUIRED", { purpose: BULK_SIGNING_PURPOSE });
    const answer = await identityOf(deps).authority.status(job.signingRequestId);
    if (answer.status === "pending") throw new DomainError("SIGNATURE_PENDING", { jobId });
    if (answer.status === "rejected") throw new DomainError("SIGNATURE_REJECTED", { jobId });
    if (answer.status === "expired" || answer.proof === null) throw new DomainError("SIGNATURE_EXPIRED", { jobId });
    proof = answer.proof;
  }
  const presented = await presentSignature(deps, context, { signingProof: proof });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const locked = await lockBulkJob(tx, job.id);
    if (locked.signedAt !== null) return;
    const signature = await acceptSignedDigest(tx, context.subject, BULK_SIGNING_PURPOSE, job.signedDigest, presented, now);
    await markBulkJobSigned(tx, job.id, signature, now);
    await appendActions(tx, [
      {
        stream: bulkStream(job.crNumber),
        actor: { id: context.subject.civilId, role: "creditor" },
        kind: "bulk.job.sign",
        payload: { jobId: job.id, reference: job.reference, signedDigest: job.signedDigest, signature },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
  });
}
