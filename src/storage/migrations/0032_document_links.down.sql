DROP INDEX IF EXISTS documents_instalment_plan;
DROP INDEX IF EXISTS documents_dispute;
ALTER TABLE documents DROP COLUMN IF EXISTS instalment_plan_id;
ALTER TABLE documents DROP COLUMN IF EXISTS dispute_id;
