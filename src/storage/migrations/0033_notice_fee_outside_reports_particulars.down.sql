ALTER TABLE agency_orders DROP COLUMN IF EXISTS particulars_sequence;
ALTER TABLE agency_orders DROP COLUMN IF EXISTS particulars;
ALTER TABLE ledger_entries DROP COLUMN IF EXISTS reported_late_days;
ALTER TABLE ledger_entries DROP COLUMN IF EXISTS received_on;
ALTER TABLE procedure_fees DROP CONSTRAINT IF EXISTS procedure_fees_notice_amount_check;
ALTER TABLE procedure_fees DROP COLUMN IF EXISTS notice_amount;
