ALTER TABLE claim_items DROP CONSTRAINT IF EXISTS claim_items_title_or_estimate;
DELETE FROM claim_items WHERE title_id IS NULL;
ALTER TABLE claim_items ALTER COLUMN title_id SET NOT NULL;
ALTER TABLE enforcement_files DROP COLUMN IF EXISTS basis;
