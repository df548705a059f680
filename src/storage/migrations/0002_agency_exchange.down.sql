DROP TABLE IF EXISTS agency_refusals, disclosure_requests, hub_signing_keys, agency_messages, agency_batches CASCADE;
ALTER TABLE persons DROP COLUMN IF EXISTS identity_confirmed_at;
DROP INDEX IF EXISTS agency_orders_due;
ALTER TABLE agency_orders
  DROP COLUMN IF EXISTS max_amount, DROP COLUMN IF EXISTS frozen_declared, DROP COLUMN IF EXISTS declaration_sequence,
  DROP COLUMN IF EXISTS first_executed_at, DROP COLUMN IF EXISTS details, DROP COLUMN IF EXISTS sent_at,
  DROP COLUMN IF EXISTS answer_due_at, DROP COLUMN IF EXISTS deadline_missed_at;
