-- The agency web portal and the exchange monitor. A bank or ministry without a machine
-- integration answers orders in the portal: each answer is the same protocol message a
-- machine would send, stored as an inbound message with the officer who gave it. The
-- indexes serve the portal's order lists and the monitor's grouped counts.

ALTER TABLE agency_messages ADD COLUMN submitted_by text;
ALTER TABLE agency_messages ADD CONSTRAINT agency_messages_submitted_by_inbound CHECK (submitted_by IS NULL OR (direction = 'in' AND batch_id IS NULL));
COMMENT ON COLUMN agency_messages.submitted_by IS 'Inbound answers given in the agency web portal: the civil ID of the agency officer who gave it. NULL for answers that came in a signed batch (batch_id).';

CREATE INDEX agency_orders_agency_sent ON agency_orders (agency_key, sent_at DESC, id DESC) WHERE sent_at IS NOT NULL;
CREATE INDEX agency_orders_deadline_missed ON agency_orders (agency_key) WHERE deadline_missed_at IS NOT NULL;
CREATE INDEX agency_messages_retried ON agency_messages (agency_key, updated_at) WHERE direction = 'out' AND attempts > 1;
COMMENT ON INDEX agency_messages_retried IS 'Outbound messages that needed more than one attempt: the monitor counts recent delivery retries per agency.';
CREATE INDEX disclosure_requests_agencies ON disclosure_requests USING gin (agencies);
