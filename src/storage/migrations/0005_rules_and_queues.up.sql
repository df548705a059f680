-- Rules and the back office. The rules themselves are versioned data in
-- src/domain/rules/rule-set.ts; here are what they decided and the work they left for a
-- person: each request's automatic checks (with the rule version that judged it), the
-- clerks' and judges' review queues, and the service of the title on each debtor.

CREATE TABLE procedure_checks (
  procedure_id uuid PRIMARY KEY REFERENCES procedures (id),
  file_id uuid NOT NULL REFERENCES enforcement_files (id),
  rule_version text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('approve', 'reject', 'refer')),
  queue text CHECK (queue IN ('clerk', 'judge')),
  fee bigint NOT NULL CHECK (fee >= 0),
  checks jsonb NOT NULL,
  evaluated_at timestamptz NOT NULL,
  CHECK ((outcome = 'refer') = (queue IS NOT NULL))
);
COMMENT ON TABLE procedure_checks IS 'The automatic checks on each request, judged by the rule version in force at requested_at: each check with pass/fail/refer and its Arabic and English text. The same content is in the procedure.request action; this is its projection for reading.';
COMMENT ON COLUMN procedure_checks.fee IS 'The fee for the request in fils, computed by the rule version (charging it is separate).';
CREATE INDEX procedure_checks_file ON procedure_checks (file_id);

CREATE TABLE review_items (
  id uuid PRIMARY KEY,
  item_kind text NOT NULL CHECK (item_kind IN ('procedure_decision', 'verify_document', 'open_file_from_title')),
  queue text NOT NULL CHECK (queue IN ('clerk', 'judge')),
  file_id uuid REFERENCES enforcement_files (id),
  procedure_id uuid REFERENCES procedures (id),
  subject_ref text,
  procedure_kind text,
  rule_version text NOT NULL,
  entered_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  assigned_to text,
  assigned_at timestamptz,
  closed_at timestamptz,
  closed_by text,
  outcome text,
  CHECK (item_kind <> 'procedure_decision' OR (procedure_id IS NOT NULL AND file_id IS NOT NULL)),
  CHECK ((closed_at IS NULL) = (outcome IS NULL)),
  CHECK ((assigned_to IS NULL) = (assigned_at IS NULL))
);
COMMENT ON TABLE review_items IS 'Work waiting for a clerk or a judge: a referred request (procedure_decision), and later a document to verify or a title submitted online to open as a file (subject_ref names the document). due_at is the service level from the rules in working days. Every change is also an action in the file''s stream.';
COMMENT ON COLUMN review_items.subject_ref IS 'For items not about a procedure: what is to be reviewed (e.g. a document id).';
CREATE UNIQUE INDEX review_items_open_procedure ON review_items (procedure_id) WHERE closed_at IS NULL;
CREATE INDEX review_items_open_queue ON review_items (queue, entered_at, id) WHERE closed_at IS NULL;

CREATE TABLE title_services (
  id uuid PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES enforcement_files (id),
  debtor_party_id uuid NOT NULL REFERENCES file_parties (id),
  served_at timestamptz NOT NULL,
  channel text NOT NULL,
  reference text,
  recorded_at timestamptz NOT NULL
);
COMMENT ON TABLE title_services IS 'Service of the executory title on a debtor (legal-effect time). Enforcement may start after the waiting period of the rules in force; the earliest service counts. Written by the notices work; read by the automatic checks.';
CREATE INDEX title_services_debtor ON title_services (debtor_party_id, served_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON procedure_checks, review_items, title_services TO tanfeeth_app;
