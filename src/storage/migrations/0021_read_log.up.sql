-- Reads of a debtor's personal or financial data (docs/security.md, "Reads are recorded"):
-- who read, in which role, when, which file, what. Written in batches by the API process
-- off the request path (src/app/read-log.ts); purged per src/domain/retention/policy.ts.
-- Not part of the hash-chained action log: a read changes nothing.

CREATE TABLE read_log (
  id             bigserial PRIMARY KEY,
  read_at        timestamptz NOT NULL,
  reader         text NOT NULL,
  reader_role    text NOT NULL,
  agency_key     text,
  file_id        uuid NOT NULL,
  what           text NOT NULL,
  correlation_id text NOT NULL
);
CREATE INDEX read_log_file ON read_log (file_id, read_at DESC, id DESC);
CREATE INDEX read_log_reader ON read_log (reader, read_at DESC, id DESC);
CREATE INDEX read_log_read_at ON read_log (read_at DESC, id DESC);
COMMENT ON TABLE read_log IS 'Every read of a debtor''s personal or financial data: the file page, statements, documents, audit and file searches, agency-portal views. The debtor sees the office or role (never staff names); auditors search it.';
COMMENT ON COLUMN read_log.reader IS 'A civil ID, client:<id> for a machine client.';
COMMENT ON COLUMN read_log.reader_role IS 'The capacity read in: creditor, lawyer, debtor, clerk, judge, auditor, administrator, agency_officer, machine_client.';
COMMENT ON COLUMN read_log.what IS 'What was read: file_page, documents, document, notices, statement, file_search, audit_search, read_log_search, agency_order.';

GRANT SELECT, INSERT, DELETE ON read_log TO tanfeeth_app;
GRANT USAGE, SELECT ON SEQUENCE read_log_id_seq TO tanfeeth_app;
