DROP INDEX IF EXISTS payment_refunds_once;
DELETE FROM payment_refunds WHERE procedure_id IS NOT NULL;
ALTER TABLE payment_refunds ADD CONSTRAINT payment_refunds_payment_id_reason_key UNIQUE (payment_id, reason);
ALTER TABLE payment_refunds DROP COLUMN IF EXISTS procedure_id;
DROP TABLE IF EXISTS payment_fee_items;
ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
ALTER TABLE payments ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('fee', 'debt'));
ALTER TABLE signing_requests DROP CONSTRAINT signing_requests_purpose_check;
ALTER TABLE signing_requests ADD CONSTRAINT signing_requests_purpose_check CHECK (purpose IN ('procedure.request', 'procedure.waive'));
