-- The back office's document work and the service of the title (issue 5):
-- * titles submitted online by a creditor or their lawyer, waiting for a clerk to open a
--   file from them or to reject them with reasons (review item 'open_file_from_title');
-- * the verification of uploaded documents (the executory title copy, powers of attorney,
--   evidence) by a clerk (review item 'verify_document');
-- * the service of the title recorded from the electronic notice's legal-effect time, or
--   attested by a clerk from a process server's report;
-- * the address a person gives for notices, and which file party a notice is for.

CREATE TABLE title_submissions (
  id                  uuid PRIMARY KEY,
  status              text NOT NULL CHECK (status IN ('awaiting_copy', 'submitted', 'opened', 'rejected')),
  submitted_by        text NOT NULL,
  submitter_role      text NOT NULL CHECK (submitter_role IN ('creditor', 'lawyer')),
  title               jsonb NOT NULL,
  creditors           jsonb NOT NULL,
  debtors             jsonb NOT NULL,
  claim               jsonb NOT NULL,
  creditor_civil_ids  text[] NOT NULL,
  creditor_cr_numbers text[] NOT NULL,
  copy_sha256         text CHECK (copy_sha256 ~ '^[0-9a-f]{64}$'),
  copy_media_type     text CHECK (copy_media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  copy_size_bytes     bigint CHECK (copy_size_bytes > 0),
  copy_name           text CHECK (char_length(copy_name) <= 255),
  copy_uploaded_at    timestamptz,
  review_item_id      uuid REFERENCES review_items,
  decided_by          text,
  decided_at          timestamptz,
  rejection_reasons   text,
  file_id             uuid REFERENCES enforcement_files,
  document_id         uuid REFERENCES documents,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK ((status = 'awaiting_copy') = (copy_sha256 IS NULL)),
  CHECK ((copy_sha256 IS NULL) = (copy_media_type IS NULL) AND (copy_sha256 IS NULL) = (copy_uploaded_at IS NULL)),
  CHECK ((status = 'opened') = (file_id IS NOT NULL)),
  CHECK ((status = 'rejected') = (rejection_reasons IS NOT NULL)),
  CHECK ((status IN ('opened', 'rejected')) = (decided_at IS NOT NULL))
);
COMMENT ON TABLE title_submissions IS 'An executory title submitted online by a creditor (or their lawyer): its details as submitted and the copy of the title (bytes in the document store under copy_sha256). A clerk opens the enforcement file from it (file_id, and the copy filed as the file''s document document_id) or rejects it with reasons. Every change is an action in the stream title-submission:<id>.';
COMMENT ON COLUMN title_submissions.creditor_civil_ids IS 'The creditors'' civil IDs and (next column) commercial registrations, from creditors, for finding a person''s submissions.';
CREATE INDEX title_submissions_submitter ON title_submissions (submitted_by, created_at);
-- One submission of a title waiting at a time (the file's own titles are unique in executory_titles).
CREATE UNIQUE INDEX title_submissions_pending_title ON title_submissions ((title->>'court'), (title->>'caseNumber'), (title->>'type')) WHERE status IN ('awaiting_copy', 'submitted');
CREATE INDEX title_submissions_creditor_civil_ids ON title_submissions USING gin (creditor_civil_ids);
CREATE INDEX title_submissions_creditor_cr_numbers ON title_submissions USING gin (creditor_cr_numbers);

CREATE TABLE document_verifications (
  document_id     uuid PRIMARY KEY REFERENCES documents,
  file_id         uuid NOT NULL REFERENCES enforcement_files,
  status          text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
  review_item_id  uuid REFERENCES review_items,
  requested_at    timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  reasons         text,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK (status <> 'rejected' OR reasons IS NOT NULL)
);
COMMENT ON TABLE document_verifications IS 'A clerk''s verification of an uploaded document that needs one (the executory title copy, a power of attorney, evidence, uploaded by a party or a lawyer). No row: no verification needed (a clerk''s own upload, an issued PDF, "other").';
CREATE INDEX document_verifications_file ON document_verifications (file_id);

-- Items that are not about a procedure name what they review in subject_ref: one open item each.
CREATE UNIQUE INDEX review_items_open_subject ON review_items (item_kind, subject_ref) WHERE closed_at IS NULL AND subject_ref IS NOT NULL;

ALTER TABLE title_services
  ADD COLUMN notice_id uuid REFERENCES notices,
  ADD COLUMN document_id uuid REFERENCES documents,
  ADD COLUMN recorded_by text;
COMMENT ON COLUMN title_services.channel IS 'How the title was served: app, email or sms (the electronic notice, served_at = its legal-effect time) or process_server (attested by a clerk from the server''s report, reference = the report''s number).';
COMMENT ON COLUMN title_services.notice_id IS 'The electronic notice whose legal effect is the service; at most one service per notice.';
CREATE UNIQUE INDEX title_services_notice ON title_services (notice_id) WHERE notice_id IS NOT NULL;
CREATE UNIQUE INDEX title_services_reference ON title_services (debtor_party_id, channel, reference) WHERE reference IS NOT NULL;

ALTER TABLE notices ADD COLUMN party_id uuid REFERENCES file_parties;
COMMENT ON COLUMN notices.party_id IS 'The file party the notice is for (the person, or the company a representative receives it for): a delivered title_served notice is the service of the title on that party.';
-- Notices written before this column: the party is in their dedupe key
-- (title_served:<file>:<party>:<person>, <kind>:<procedure>:<status>:<party>:<person>).
UPDATE notices SET party_id = split_part(dedupe_key, ':', 3)::uuid
  WHERE kind = 'title_served' AND split_part(dedupe_key, ':', 3) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
UPDATE notices SET party_id = split_part(dedupe_key, ':', 4)::uuid
  WHERE kind IN ('measure_changed', 'procedure_changed') AND split_part(dedupe_key, ':', 4) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

ALTER TABLE notice_preferences ADD COLUMN email text CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND char_length(email) <= 254);
COMMENT ON COLUMN notice_preferences.email IS 'An address the person gave for notices (Resolution 26/2021: registered with the civil-information authority or given in the case); used instead of the registered one. Null: the registered address.';

GRANT SELECT, INSERT, UPDATE, DELETE ON title_submissions, document_verifications TO tanfeeth_app;
