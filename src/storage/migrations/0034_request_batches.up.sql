-- Several procedures at once (issue 18, item 2): one phone signature over a batch of
-- requests (a purpose of its own), and one card payment for the fees of several requests,
-- possibly on several files (purpose 'fees', its fees listed in payment_fee_items). A
-- refund of one fee of such a payment names the fee's procedure, so two fees of the same
-- payment refunded for the same reason are two refunds.
ALTER TABLE signing_requests DROP CONSTRAINT signing_requests_purpose_check;
ALTER TABLE signing_requests ADD CONSTRAINT signing_requests_purpose_check CHECK (purpose IN ('procedure.request', 'procedure.waive', 'procedure.request.batch'));
COMMENT ON COLUMN signing_requests.file_id IS 'The file of the act signed; for a batch (procedure.request.batch), the file of its first request (every file is in the intent).';

ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
ALTER TABLE payments ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('fee', 'debt', 'fees'));
COMMENT ON COLUMN payments.purpose IS 'fee: one request''s fee (procedure_id); debt: a debtor''s payment; fees: the fees of several requests at once (payment_fee_items), file_id the first of their files.';

CREATE TABLE payment_fee_items (
  payment_id    uuid NOT NULL REFERENCES payments,
  procedure_id  uuid NOT NULL REFERENCES procedures,
  file_id       uuid NOT NULL REFERENCES enforcement_files,
  amount        bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (payment_id, procedure_id)
);
CREATE INDEX payment_fee_items_procedure ON payment_fee_items (procedure_id);
COMMENT ON TABLE payment_fee_items IS 'The fees one payment of purpose fees pays, each with its file and the amount due when the payment was started; the payment''s amount is their sum. Each is booked in the treasury on its own (fee_received per fee).';

ALTER TABLE payment_refunds ADD COLUMN procedure_id uuid REFERENCES procedures;
COMMENT ON COLUMN payment_refunds.procedure_id IS 'The fee refunded, when the payment paid several fees (purpose fees); null otherwise.';
ALTER TABLE payment_refunds DROP CONSTRAINT payment_refunds_payment_id_reason_key;
CREATE UNIQUE INDEX payment_refunds_once ON payment_refunds (payment_id, reason, (COALESCE(procedure_id, '00000000-0000-0000-0000-000000000000'::uuid)));

GRANT SELECT, INSERT ON payment_fee_items TO tanfeeth_app;
REVOKE UPDATE, DELETE, TRUNCATE ON payment_fee_items FROM tanfeeth_app;
