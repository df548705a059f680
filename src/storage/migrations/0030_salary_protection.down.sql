ALTER TABLE agency_orders DROP COLUMN protection_sequence;
ALTER TABLE agency_orders DROP COLUMN protected_credits;
ALTER TABLE agency_orders DROP COLUMN protection;
