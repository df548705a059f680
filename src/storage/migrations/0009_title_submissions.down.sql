ALTER TABLE notice_preferences DROP COLUMN IF EXISTS email;
ALTER TABLE notices DROP COLUMN IF EXISTS party_id;
DROP INDEX IF EXISTS title_services_reference;
DROP INDEX IF EXISTS title_services_notice;
ALTER TABLE title_services DROP COLUMN IF EXISTS recorded_by, DROP COLUMN IF EXISTS document_id, DROP COLUMN IF EXISTS notice_id;
DROP INDEX IF EXISTS review_items_open_subject;
DROP TABLE IF EXISTS document_verifications;
DROP TABLE IF EXISTS title_submissions;
