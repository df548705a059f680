-- Issue 15's last defects (rule version kw-2025.4):
-- the notice fee owed with a request, a creditor's late report of an outside payment (Art. 298(b)),
-- and the cause and documents a bank states for what it holds (Art. 234(2)).
ALTER TABLE procedure_fees ADD COLUMN notice_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE procedure_fees ADD CONSTRAINT procedure_fees_notice_amount_check CHECK (notice_amount >= 0 AND notice_amount <= amount);
COMMENT ON COLUMN procedure_fees.notice_amount IS 'The part of amount that is the notice fee (the notice serving the measure on the debtor, kw-2025.4); the rest is the order''s fee. 0 under earlier versions.';

ALTER TABLE ledger_entries ADD COLUMN received_on date;
ALTER TABLE ledger_entries ADD COLUMN reported_late_days integer CHECK (reported_late_days > 0);
COMMENT ON COLUMN ledger_entries.received_on IS 'A payment made outside the department: the Kuwait day the creditor (or debtor) says it was received.';
COMMENT ON COLUMN ledger_entries.reported_late_days IS 'Art. 298(b): a creditor''s report recorded this many days after the week it had (null: in time, or not checked under the rule version).';

ALTER TABLE agency_orders ADD COLUMN particulars jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE agency_orders ADD COLUMN particulars_sequence integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN agency_orders.particulars IS 'Art. 234(2): per account, the cause of what the bank owes the debtor and the documents supporting it, as the bank last stated them (declaration.particulars).';
COMMENT ON COLUMN agency_orders.particulars_sequence IS 'The declaration sequence the stored particulars belong to (a lower one arriving late is ignored).';
