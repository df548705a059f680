-- A receipt for every payment the debtor makes on a file, part payments included (issue 18):
-- one generated document per ledger entry of a payment through the department.
ALTER TABLE documents ADD COLUMN ledger_entry_id uuid REFERENCES ledger_entries (id);
CREATE UNIQUE INDEX documents_payment_receipt ON documents (ledger_entry_id) WHERE document_kind = 'payment_receipt';
COMMENT ON COLUMN documents.ledger_entry_id IS 'A payment receipt: the ledger entry (payment) it is the receipt of.';

ALTER TABLE documents DROP CONSTRAINT documents_document_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_document_kind_check CHECK (document_kind IN (
  'executory_title_copy', 'power_of_attorney', 'evidence', 'other',
  'request_receipt', 'agency_order', 'lift_certificate', 'release_certificate', 'fee_receipt', 'payment_receipt'));
