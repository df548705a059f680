-- Money in through the card network (docs/payments.md): each request's fee, owed by the
-- creditor and paid before its orders are dispatched, and the debtor's online payments
-- against a file. A payment is initiated by the hub (the amount is the hub's, never the
-- browser's), paid on the gateway's hosted page, and settled by the gateway's signed
-- callback or, when the callback is lost, by the hub's status query. Refunds go back
-- through the gateway, once per payment and reason.

CREATE TABLE payments (
  id                  uuid PRIMARY KEY,
  purpose             text NOT NULL CHECK (purpose IN ('fee', 'debt')),
  file_id             uuid NOT NULL REFERENCES enforcement_files,
  procedure_id        uuid REFERENCES procedures,
  payer               text NOT NULL,
  amount              bigint NOT NULL CHECK (amount > 0),
  status              text NOT NULL CHECK (status IN ('pending', 'captured', 'declined', 'cancelled', 'expired')),
  gateway             text NOT NULL,
  gateway_payment_id  text UNIQUE,
  payment_page_url    text,
  gateway_result      jsonb,
  settled_via         text CHECK (settled_via IN ('callback', 'status_query')),
  credited_amount     bigint NOT NULL DEFAULT 0 CHECK (credited_amount >= 0 AND credited_amount <= amount),
  initiated_at        timestamptz NOT NULL,
  settled_at          timestamptz,
  last_checked_at     timestamptz,
  updated_at          timestamptz NOT NULL,
  CHECK ((purpose = 'fee') = (procedure_id IS NOT NULL)),
  CHECK ((status = 'pending') = (settled_at IS NULL))
);
-- One payment in flight per fee: a second click while the first is open gets the first.
CREATE UNIQUE INDEX payments_one_pending_fee ON payments (procedure_id) WHERE purpose = 'fee' AND status = 'pending';
CREATE INDEX payments_pending ON payments (initiated_at) WHERE status = 'pending';
CREATE INDEX payments_file ON payments (file_id, initiated_at);
COMMENT ON TABLE payments IS 'A card payment through the gateway: a request''s fee (purpose fee, with its procedure) or a debtor''s payment against a file (purpose debt). id is the hub''s payment reference, sent to the gateway as the merchant reference: the gateway is idempotent by it. Every change is an action in the file''s log.';
COMMENT ON COLUMN payments.payer IS 'The civil ID (or machine client) that initiated the payment. Personal data: never logged.';
COMMENT ON COLUMN payments.gateway_result IS 'What the gateway reported: result, authorization code, its reference and transaction id, the time.';
COMMENT ON COLUMN payments.settled_via IS 'Whether the result came in the gateway''s signed callback or from the hub''s status query (a lost callback).';
COMMENT ON COLUMN payments.credited_amount IS 'Debt payments: the part credited to the file (the rest, if outstanding fell meanwhile, is refunded).';

CREATE TABLE procedure_fees (
  procedure_id    uuid PRIMARY KEY REFERENCES procedures,
  file_id         uuid NOT NULL REFERENCES enforcement_files,
  amount          bigint NOT NULL CHECK (amount > 0),
  rule_version    text NOT NULL,
  holds_dispatch  boolean NOT NULL,
  status          text NOT NULL CHECK (status IN ('due', 'paid', 'refunding', 'refunded')),
  payment_id      uuid REFERENCES payments,
  assessed_at     timestamptz NOT NULL,
  paid_at         timestamptz,
  updated_at      timestamptz NOT NULL,
  CHECK ((status = 'due') = (payment_id IS NULL))
);
CREATE INDEX procedure_fees_file ON procedure_fees (file_id);
CREATE INDEX procedure_fees_paid ON procedure_fees (paid_at) WHERE paid_at IS NOT NULL;
COMMENT ON TABLE procedure_fees IS 'The fee of a request, from the fee table of the rule version in force when it was made; no row when the fee is zero or the request was rejected outright. holds_dispatch: the department collects fees before dispatch, so the procedure''s orders leave only once it is paid.';

CREATE TABLE payment_callbacks (
  nonce        text PRIMARY KEY CHECK (char_length(nonce) BETWEEN 16 AND 128),
  payment_id   uuid NOT NULL REFERENCES payments,
  result       text NOT NULL,
  sent_at      timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  body         jsonb NOT NULL
);
CREATE INDEX payment_callbacks_payment ON payment_callbacks (payment_id);
COMMENT ON TABLE payment_callbacks IS 'Every accepted gateway callback, by its nonce: a callback whose nonce is here is a replay and is refused. Refused callbacks are not stored (they change nothing).';

CREATE TABLE payment_refunds (
  id                 uuid PRIMARY KEY,
  payment_id         uuid NOT NULL REFERENCES payments,
  file_id            uuid NOT NULL REFERENCES enforcement_files,
  amount             bigint NOT NULL CHECK (amount > 0),
  reason             text NOT NULL CHECK (reason IN ('fee_unused', 'fee_paid_twice', 'exceeds_outstanding')),
  status             text NOT NULL CHECK (status IN ('requested', 'completed')),
  gateway_refund_id  text,
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz,
  last_error         text,
  requested_at       timestamptz NOT NULL,
  completed_at       timestamptz,
  UNIQUE (payment_id, reason),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX payment_refunds_due ON payment_refunds (next_attempt_at) WHERE status = 'requested';
COMMENT ON TABLE payment_refunds IS 'Money given back through the gateway: a fee for a request that never reached an agency, a fee paid twice, or the part of a debtor''s payment above what was still owed. id is the refund reference the gateway is idempotent by.';

-- The worker issues release certificates for files satisfied recently: found by this index.
CREATE INDEX enforcement_files_satisfied ON enforcement_files (satisfied_at) WHERE status = 'satisfied';

-- The fee receipt joins the department's generated documents.
ALTER TABLE documents DROP CONSTRAINT documents_document_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_document_kind_check CHECK (document_kind IN (
  'executory_title_copy', 'power_of_attorney', 'evidence', 'other',
  'request_receipt', 'agency_order', 'lift_certificate', 'release_certificate', 'fee_receipt'));

-- Payments move forward and are never deleted; an accepted callback is evidence, never changed.
GRANT SELECT, INSERT, UPDATE ON payments, procedure_fees, payment_refunds TO tanfeeth_app;
GRANT SELECT, INSERT ON payment_callbacks TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON payments, procedure_fees, payment_refunds FROM tanfeeth_app;
REVOKE UPDATE, DELETE, TRUNCATE ON payment_callbacks FROM tanfeeth_app;
