DROP INDEX IF EXISTS disclosure_requests_agencies;
DROP INDEX IF EXISTS agency_messages_retried;
DROP INDEX IF EXISTS agency_orders_deadline_missed;
DROP INDEX IF EXISTS agency_orders_agency_sent;
ALTER TABLE agency_messages DROP CONSTRAINT IF EXISTS agency_messages_submitted_by_inbound;
ALTER TABLE agency_messages DROP COLUMN IF EXISTS submitted_by;
