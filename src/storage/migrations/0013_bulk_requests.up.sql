-- Bulk requests: an institutional creditor submits thousands of procedure requests in
-- one call (JSON or CSV). The job and its rows are stored at once; the worker carries
-- out each row through the same use case as a single request, in its own transaction.
-- Idempotent by the company's own references: one per job, one per row.

CREATE TABLE bulk_jobs (
  id                 uuid PRIMARY KEY,
  cr_number          text NOT NULL REFERENCES companies,
  reference          text NOT NULL,
  submitted_by       text NOT NULL,
  client_id          text REFERENCES machine_clients,
  token_id           text,
  source             text NOT NULL CHECK (source IN ('json', 'csv')),
  row_count          integer NOT NULL CHECK (row_count > 0),
  content_digest     text NOT NULL,
  signed_digest      text NOT NULL,
  summary_ar         text NOT NULL,
  summary_en         text NOT NULL,
  signing_request_id text,
  signing_expires_at timestamptz,
  signature          jsonb,
  signed_at          timestamptz,
  correlation_id     text NOT NULL,
  submitted_at       timestamptz NOT NULL,
  UNIQUE (cr_number, reference),
  CHECK ((client_id IS NULL) = (token_id IS NULL)),
  CHECK ((signed_at IS NULL) = (signature IS NULL))
);
CREATE INDEX bulk_jobs_company ON bulk_jobs (cr_number, submitted_at);
COMMENT ON TABLE bulk_jobs IS 'A bulk submission of procedure requests by a company (a machine client or a representative). Unique by the company''s own job reference: a resubmission returns this job.';
COMMENT ON COLUMN bulk_jobs.submitted_by IS 'The actor: a representative''s civil ID, or client:<clientId> for a machine client.';
COMMENT ON COLUMN bulk_jobs.content_digest IS 'sha256 of the canonical JSON of every submitted row, good or bad: a resubmission under the same reference must match it.';
COMMENT ON COLUMN bulk_jobs.signed_digest IS 'sha256 of the canonical JSON of {purpose, crNumber, reference, rows: [[reference, rowDigest]...]} over the rows to carry out: what the submitter signs (the phone for a person, the token for a machine client).';
COMMENT ON COLUMN bulk_jobs.signing_request_id IS 'A person''s job: the identity provider''s signing request pushed to their phone; rows wait (pending_signature) until it is approved and confirmed.';
COMMENT ON COLUMN bulk_jobs.signature IS 'The accepted signature: the mobile-ID proof (with its nonce, recorded in signature_uses), or the machine client''s credentials (client id, token id).';

CREATE TABLE bulk_rows (
  id               bigserial PRIMARY KEY,
  job_id           uuid NOT NULL REFERENCES bulk_jobs,
  position         integer NOT NULL CHECK (position > 0),
  cr_number        text NOT NULL,
  reference        text,
  holds_reference  boolean NOT NULL,
  row_digest       text,
  request          jsonb,
  status           text NOT NULL CHECK (status IN ('pending_signature', 'queued', 'created', 'failed', 'rejected', 'duplicate')),
  procedure_id     uuid REFERENCES procedures,
  error_code       text,
  error_details    jsonb,
  duplicate_of     bigint REFERENCES bulk_rows,
  attempts         integer NOT NULL DEFAULT 0,
  lease_until      timestamptz,
  processed_at     timestamptz,
  UNIQUE (job_id, position),
  CHECK (NOT holds_reference OR (reference IS NOT NULL AND request IS NOT NULL)),
  CHECK ((status = 'created') = (procedure_id IS NOT NULL)),
  CHECK ((status IN ('failed', 'rejected')) = (error_code IS NOT NULL)),
  CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);
-- A company's row reference is used once: a later row with it is a duplicate (same
-- content: the earlier outcome is returned) or a conflict (different content).
CREATE UNIQUE INDEX bulk_rows_reference ON bulk_rows (cr_number, reference) WHERE holds_reference;
CREATE INDEX bulk_rows_queued ON bulk_rows (id) WHERE status = 'queued';
CREATE INDEX bulk_rows_job_status ON bulk_rows (job_id, status);
COMMENT ON TABLE bulk_rows IS 'One row of a bulk job: a procedure request on one of the company''s files, and its outcome (created procedure, or error code). Each row is carried out once, in its own transaction, under a row lock.';
COMMENT ON COLUMN bulk_rows.holds_reference IS 'True when this row owns its reference (it was valid and not a duplicate): the unique index bulk_rows_reference covers only these rows.';
COMMENT ON COLUMN bulk_rows.request IS 'The row normalized: file (id or number), debtor (party id, civil ID or CR number), kind, amount in fils, banks, evidence. Personal data: never logged.';
COMMENT ON COLUMN bulk_rows.status IS 'pending_signature (a person''s job not yet signed), queued, created, failed (refused by the use case when carried out), rejected (invalid on arrival), duplicate (reference used before: see duplicate_of).';
COMMENT ON COLUMN bulk_rows.lease_until IS 'A worker''s claim on the row: others skip it until then, so a crashed worker''s rows are taken again after the lease.';
COMMENT ON COLUMN bulk_rows.attempts IS 'Claims so far; a row that keeps failing for reasons other than its content is marked failed (INTERNAL) after a few.';

GRANT SELECT, INSERT, UPDATE ON bulk_jobs, bulk_rows TO tanfeeth_app;
GRANT USAGE, SELECT ON SEQUENCE bulk_rows_id_seq TO tanfeeth_app;
