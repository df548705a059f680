-- The department's treasury ledger, double-entry (docs/treasury.md). Journal entries and
-- their lines are append-only like the action log; payouts are a projection of the payout
-- instructions and their execution.

CREATE TABLE treasury_entries (
  id             uuid PRIMARY KEY,
  position       bigserial NOT NULL UNIQUE,
  movement_kind  text NOT NULL CHECK (movement_kind IN ('debtor_payment', 'bank_transfer', 'transfer_excess', 'payment_excess', 'fee_received', 'fee_refunded',
                                                       'payment_refunded', 'payout', 'payout_paid', 'refund_paid', 'settlement')),
  reference      text NOT NULL CHECK (length(reference) > 0),
  amount         bigint NOT NULL CHECK (amount > 0),
  file_id        uuid REFERENCES enforcement_files,
  procedure_id   uuid REFERENCES procedures,
  details        jsonb NOT NULL,
  occurred_at    timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  UNIQUE (movement_kind, reference)
);
CREATE INDEX treasury_entries_occurred ON treasury_entries (occurred_at, position);
CREATE INDEX treasury_entries_file ON treasury_entries (file_id, position) WHERE file_id IS NOT NULL;
COMMENT ON TABLE treasury_entries IS 'Treasury journal: one entry per money movement (debtor payment, bank transfer, fee, refund, payout, settlement), idempotent by (movement_kind, reference). Append-only.';

CREATE TABLE treasury_lines (
  entry_id  uuid NOT NULL REFERENCES treasury_entries,
  line_no   smallint NOT NULL CHECK (line_no > 0),
  account   text NOT NULL CHECK (account IN ('gateway_clearing', 'bank_transfers_clearing', 'cash_on_hand', 'treasury_account',
                                             'funds_held', 'payouts_payable', 'refunds_payable', 'fee_income')),
  file_id   uuid REFERENCES enforcement_files,
  party_id  uuid REFERENCES file_parties,
  debit     bigint NOT NULL CHECK (debit >= 0),
  credit    bigint NOT NULL CHECK (credit >= 0),
  PRIMARY KEY (entry_id, line_no),
  CHECK ((debit > 0) <> (credit > 0)),
  CHECK ((file_id IS NOT NULL) = (account IN ('funds_held', 'payouts_payable', 'refunds_payable')))
);
CREATE INDEX treasury_lines_account ON treasury_lines (account, file_id, party_id);
CREATE INDEX treasury_lines_file ON treasury_lines (file_id) WHERE file_id IS NOT NULL;
COMMENT ON TABLE treasury_lines IS 'Lines of treasury journal entries, in fils: exactly one of debit and credit is positive; the lines of an entry balance (checked at commit). Per-file accounts carry the file, and the creditor (file party) a line is reserved or payable to. Append-only.';

-- Double entry, enforced by the database as well as the domain: at commit every entry
-- touched in the transaction has at least two lines whose debits equal its credits.
CREATE FUNCTION treasury_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  line_count integer;
  debits numeric;
  credits numeric;
BEGIN
  -- Only the branch taken is evaluated, so each table's own column is read.
  IF TG_TABLE_NAME = 'treasury_entries' THEN
    target := NEW.id;
  ELSE
    target := NEW.entry_id;
  END IF;
  SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO line_count, debits, credits
    FROM treasury_lines WHERE entry_id = target;
  IF line_count < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'treasury entry % does not balance (% lines, debits %, credits %)', target, line_count, debits, credits
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER treasury_entries_balance AFTER INSERT ON treasury_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION treasury_entry_balances();
CREATE CONSTRAINT TRIGGER treasury_lines_balance AFTER INSERT ON treasury_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION treasury_entry_balances();

CREATE FUNCTION treasury_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the treasury journal is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER treasury_entries_append_only BEFORE UPDATE OR DELETE ON treasury_entries
  FOR EACH ROW EXECUTE FUNCTION treasury_is_append_only();
CREATE TRIGGER treasury_lines_append_only BEFORE UPDATE OR DELETE ON treasury_lines
  FOR EACH ROW EXECUTE FUNCTION treasury_is_append_only();

CREATE TABLE treasury_payouts (
  id                 uuid PRIMARY KEY,
  file_id            uuid NOT NULL REFERENCES enforcement_files,
  creditor_party_id  uuid NOT NULL REFERENCES file_parties,
  iban               text NOT NULL CHECK (iban ~ '^KW[0-9]{2}[A-Z]{4}[A-Z0-9]{22}$'),
  amount             bigint NOT NULL CHECK (amount > 0),
  reserved_part      bigint NOT NULL DEFAULT 0 CHECK (reserved_part >= 0 AND reserved_part <= amount),
  status             text NOT NULL CHECK (status IN ('instructed', 'paid')),
  rule_version       text NOT NULL,
  instructed_by      text NOT NULL,
  instructed_at      timestamptz NOT NULL,
  paid_by            text,
  paid_at            timestamptz,
  bank_reference     text,
  CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX treasury_payouts_file ON treasury_payouts (file_id, instructed_at);
CREATE INDEX treasury_payouts_pending ON treasury_payouts (instructed_at) WHERE status = 'instructed';
COMMENT ON TABLE treasury_payouts IS 'Instructions to pay a creditor''s share of a file''s held funds to their IBAN, and their execution. The money itself moves in treasury_entries (payout, payout_paid).';

-- Money credited to files before the treasury existed is booked once, as it would be now
-- (src/app/treasury/post-file-credit.ts): same kinds, references and accounts.
INSERT INTO treasury_entries (id, movement_kind, reference, amount, file_id, procedure_id, details, occurred_at, recorded_at)
SELECT id,
       CASE WHEN source = 'frozen_funds_transfer' THEN 'bank_transfer' ELSE 'debtor_payment' END,
       file_id::text || '/' || coalesce(reference, id::text),
       amount, file_id, NULL,
       CASE WHEN source = 'frozen_funds_transfer'
            THEN jsonb_build_object('ledgerEntryId', id, 'bankCode', CASE WHEN recorded_by LIKE 'bank:%' THEN substr(recorded_by, 6) END, 'backfilled', true)
            ELSE jsonb_build_object('ledgerEntryId', id, 'channel', source, 'backfilled', true) END,
       recorded_at, recorded_at
  FROM ledger_entries
 WHERE source IN ('online_payment', 'cash_at_department', 'bank_transfer', 'frozen_funds_transfer');
INSERT INTO treasury_lines (entry_id, line_no, account, file_id, party_id, debit, credit)
SELECT id, 1,
       CASE source WHEN 'online_payment' THEN 'gateway_clearing' WHEN 'cash_at_department' THEN 'cash_on_hand' ELSE 'bank_transfers_clearing' END,
       NULL::uuid, NULL::uuid, amount, 0
  FROM ledger_entries
 WHERE source IN ('online_payment', 'cash_at_department', 'bank_transfer', 'frozen_funds_transfer')
UNION ALL
SELECT id, 2, 'funds_held', file_id, NULL, 0, amount
  FROM ledger_entries
 WHERE source IN ('online_payment', 'cash_at_department', 'bank_transfer', 'frozen_funds_transfer');

GRANT SELECT, INSERT ON treasury_entries, treasury_lines TO tanfeeth_app;
REVOKE UPDATE, DELETE, TRUNCATE ON treasury_entries, treasury_lines FROM tanfeeth_app;
GRANT USAGE, SELECT ON SEQUENCE treasury_entries_position_seq TO tanfeeth_app;
GRANT SELECT, INSERT, UPDATE ON treasury_payouts TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON treasury_payouts FROM tanfeeth_app;
