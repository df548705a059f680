DELETE FROM documents WHERE document_kind = 'payment_receipt';
ALTER TABLE documents DROP CONSTRAINT documents_document_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_document_kind_check CHECK (document_kind IN (
  'executory_title_copy', 'power_of_attorney', 'evidence', 'other',
  'request_receipt', 'agency_order', 'lift_certificate', 'release_certificate', 'fee_receipt'));
DROP INDEX IF EXISTS documents_payment_receipt;
ALTER TABLE documents DROP COLUMN IF EXISTS ledger_entry_id;
