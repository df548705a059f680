-- Salary shares and exempt sums (issue 15; Art. 216): the terms an attachment order was sent with,
-- and the salary and exempt credits its bank last declared under it (protection.declaration).
ALTER TABLE agency_orders ADD COLUMN protection jsonb;
ALTER TABLE agency_orders ADD COLUMN protected_credits jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE agency_orders ADD COLUMN protection_sequence integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN agency_orders.protection IS 'The salary share and exempt kinds the order was sent with (attachment.protection); null: left to the bank (rules before kw-2025.3).';
COMMENT ON COLUMN agency_orders.protected_credits IS 'The salary and exempt credits the bank last declared under the order: iban, reference, category, credited, frozen (fils as strings).';
COMMENT ON COLUMN agency_orders.protection_sequence IS 'The declaration sequence the stored protected credits belong to (a lower one arriving late is ignored).';
