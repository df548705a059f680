-- Breaches of the agency protocol by an agency's answers, recorded against the agency and
-- shown on the agency monitor (issue 17). A declaration above the maximum the bank was told
-- is applied as the cap allows and answered with hold.adjust; the breach stays here.
CREATE TABLE agency_breaches (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_key  text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('over_declaration')),
  order_id    uuid        NOT NULL REFERENCES agency_orders (id),
  file_id     uuid        NOT NULL,
  message_id  uuid        NOT NULL,
  declared    bigint      NOT NULL CHECK (declared >= 0),
  maximum     bigint      NOT NULL CHECK (maximum >= 0),
  occurred_at timestamptz NOT NULL,
  UNIQUE (agency_key, message_id)
);
CREATE INDEX agency_breaches_agency ON agency_breaches (agency_key, occurred_at);
COMMENT ON TABLE agency_breaches IS 'Protocol breaches by agencies'' answers (over-declarations), for the agency monitor.';
COMMENT ON COLUMN agency_breaches.declared IS 'Fils the bank declared frozen under the order.';
COMMENT ON COLUMN agency_breaches.maximum IS 'Fils the bank had been told it may hold at most (attachment.order or hold.adjust it had received).';
COMMENT ON COLUMN agency_breaches.message_id IS 'The declaration''s messageId (its inbound agency_messages row).';
CREATE INDEX agency_messages_refused_answers ON agency_messages (agency_key, updated_at) WHERE direction = 'in' AND status = 'invalid';
COMMENT ON INDEX agency_messages_refused_answers IS 'Answers the hub refused (their checks failed): the monitor counts recent ones per agency.';
