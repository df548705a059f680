DELETE FROM documents WHERE document_kind = 'fee_receipt';
ALTER TABLE documents DROP CONSTRAINT documents_document_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_document_kind_check CHECK (document_kind IN (
  'executory_title_copy', 'power_of_attorney', 'evidence', 'other',
  'request_receipt', 'agency_order', 'lift_certificate', 'release_certificate'));
DROP INDEX IF EXISTS enforcement_files_satisfied;
DROP TABLE IF EXISTS payment_refunds;
DROP TABLE IF EXISTS payment_callbacks;
DROP TABLE IF EXISTS procedure_fees;
DROP TABLE IF EXISTS payments;
