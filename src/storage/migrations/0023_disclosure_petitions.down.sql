ALTER TABLE disclosure_requests DROP COLUMN IF EXISTS funds;
ALTER TABLE disclosure_requests DROP COLUMN IF EXISTS petition_id;
DROP TABLE IF EXISTS disclosure_petitions;
