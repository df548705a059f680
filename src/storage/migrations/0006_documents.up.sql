-- Documents: uploaded copies (executory title, powers of attorney, evidence) and the PDFs
-- the department issues (request receipts, agency orders, lift and release certificates).
-- The bytes live in a content-addressed store (by default <data dir>/documents/ab/cd/<sha256>);
-- this table is the index: one row per document linked to a file, the same bytes stored once.

CREATE TABLE documents (
  id                 uuid PRIMARY KEY,
  file_id            uuid NOT NULL REFERENCES enforcement_files,
  procedure_id       uuid REFERENCES procedures,
  order_id           uuid REFERENCES agency_orders,
  document_kind      text NOT NULL CHECK (document_kind IN (
                       'executory_title_copy', 'power_of_attorney', 'evidence', 'other',
                       'request_receipt', 'agency_order', 'lift_certificate', 'release_certificate')),
  origin             text NOT NULL CHECK (origin IN ('uploaded', 'generated')),
  media_type         text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  sha256             text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes         bigint NOT NULL CHECK (size_bytes > 0),
  original_name      text CHECK (char_length(original_name) <= 255),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL,
  verification_code  text UNIQUE CHECK (verification_code ~ '^[A-Za-z0-9_-]{16,64}$'),
  CHECK ((origin = 'generated') = (verification_code IS NOT NULL)),
  CHECK (origin = 'generated' OR document_kind IN ('executory_title_copy', 'power_of_attorney', 'evidence', 'other'))
);
CREATE INDEX documents_file ON documents (file_id, created_at);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_generated ON documents (file_id, document_kind, procedure_id, order_id) WHERE origin = 'generated';
COMMENT ON TABLE documents IS 'Index of stored documents. The content is in the document store under its sha256 (content-addressed, stored once however many rows point at it). Uploads and downloads are actions in the file''s log.';
COMMENT ON COLUMN documents.media_type IS 'Sniffed from the content (magic bytes), never taken from the file name or the declared type.';
COMMENT ON COLUMN documents.original_name IS 'The name the uploader gave: metadata only, never used as a path.';
COMMENT ON COLUMN documents.verification_code IS 'Generated documents only: the random code of the public /verify/<code> address printed with a QR code on the PDF; sha256 proves the copy unaltered.';
