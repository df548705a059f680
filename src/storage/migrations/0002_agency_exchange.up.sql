-- The exchange with agencies: every message kept (both directions), the batches they
-- travelled in with their signatures, the hub's signing keys, and what each order holds.

CREATE TABLE agency_batches (
  agency_key    text NOT NULL,
  direction     text NOT NULL CHECK (direction IN ('in', 'out')),
  batch_id      uuid NOT NULL,
  jws           text NOT NULL,
  message_count integer NOT NULL,
  outcome       text NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (agency_key, direction, batch_id)
);
COMMENT ON TABLE agency_batches IS 'Each signed batch sent or received, with its compact JWS as evidence; a batch id seen twice from one agency is a replay.';

CREATE TABLE agency_refusals (
  id              bigserial PRIMARY KEY,
  claimed_sender  text,
  code            text NOT NULL,
  detail          text,
  batch_id        text,
  jws_sha256      text NOT NULL,
  jws             text NOT NULL,
  received_at     timestamptz NOT NULL
);
CREATE INDEX agency_refusals_received ON agency_refusals (received_at);
COMMENT ON TABLE agency_refusals IS 'Batches refused at the door: forged or wrong signatures, unknown senders, wrong audience, outside the time window, replays. Kept as evidence (the JWS cut at 64 KiB).';

CREATE TABLE agency_messages (
  id               bigserial PRIMARY KEY,
  direction        text NOT NULL CHECK (direction IN ('in', 'out')),
  agency_key       text NOT NULL,
  message_id       uuid NOT NULL,
  message_type     text NOT NULL,
  file_id          uuid REFERENCES enforcement_files,
  order_id         uuid REFERENCES agency_orders,
  request_id       uuid,
  body             jsonb NOT NULL,
  batch_id         uuid,
  status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'refused', 'dead', 'applied', 'ignored', 'invalid')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  UNIQUE (agency_key, direction, message_id)
);
CREATE INDEX agency_messages_due ON agency_messages (next_attempt_at, agency_key) WHERE direction = 'out' AND status = 'pending';
CREATE INDEX agency_messages_dead ON agency_messages (agency_key, updated_at) WHERE status = 'dead';
CREATE INDEX agency_messages_order ON agency_messages (order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX agency_messages_request ON agency_messages (request_id) WHERE request_id IS NOT NULL;
COMMENT ON TABLE agency_messages IS 'Every message to and from agencies. Outbound: pending until the agency''s receipt accepts it, retried with backoff, dead after too many attempts (visible, re-drivable). Inbound: applied once; a duplicate message id is dropped by the unique key.';

CREATE TABLE hub_signing_keys (
  kid          text PRIMARY KEY,
  private_jwk  jsonb NOT NULL,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  retired_at   timestamptz
);
COMMENT ON TABLE hub_signing_keys IS 'Keys the hub signs agency batches with when none is configured (development); the newest unretired key signs, all unretired public keys are published.';

ALTER TABLE agency_orders
  ADD COLUMN max_amount            bigint CHECK (max_amount >= 0),
  ADD COLUMN frozen_declared       bigint NOT NULL DEFAULT 0 CHECK (frozen_declared >= 0),
  ADD COLUMN declaration_sequence  integer NOT NULL DEFAULT 0,
  ADD COLUMN first_executed_at     timestamptz,
  ADD COLUMN details               jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN sent_at               timestamptz,
  ADD COLUMN answer_due_at         timestamptz,
  ADD COLUMN deadline_missed_at    timestamptz;
CREATE INDEX agency_orders_due ON agency_orders (answer_due_at) WHERE deadline_missed_at IS NULL AND status IN ('sent', 'acknowledged');
COMMENT ON COLUMN agency_orders.frozen_declared IS 'What the bank last declared frozen under the order (its latest declaration).';
COMMENT ON COLUMN agency_orders.amount_held IS 'What the hub counts as held under the order: the declared amount within the cap (file outstanding, procedure amount).';
COMMENT ON COLUMN agency_orders.answer_due_at IS 'When the agency''s answer is due (banks: 10 days after service, Art. 230(e)).';

ALTER TABLE persons ADD COLUMN identity_confirmed_at timestamptz;
COMMENT ON COLUMN persons.identity_confirmed_at IS 'When the civil-information authority last confirmed this person (orders wait for it).';

CREATE TABLE disclosure_requests (
  id               uuid PRIMARY KEY,
  file_id          uuid NOT NULL REFERENCES enforcement_files,
  debtor_party_id  uuid NOT NULL REFERENCES file_parties,
  requested_by     text NOT NULL,
  requested_at     timestamptz NOT NULL,
  agencies         text[] NOT NULL
);
CREATE INDEX disclosure_requests_file ON disclosure_requests (file_id);
COMMENT ON TABLE disclosure_requests IS 'Art. 204 bis: statements of a debtor''s funds and securities asked of banks and the clearing company; the statements are the inbound disclosure.statement messages.';
