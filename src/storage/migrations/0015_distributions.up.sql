-- Distribution of enforcement proceeds among a debtor's attaching creditors
-- (src/domain/treasury/distribution.ts, docs/treasury.md): a bank's transfer received on one
-- file while other files of the same debtor attach the debtor's funds is held in
-- proceeds_to_distribute on that file, then shared pro rata by the worker.

ALTER TABLE treasury_entries DROP CONSTRAINT treasury_entries_movement_kind_check;
ALTER TABLE treasury_entries ADD CONSTRAINT treasury_entries_movement_kind_check
  CHECK (movement_kind IN ('debtor_payment', 'bank_transfer', 'transfer_excess', 'proceeds_received', 'proceeds_shared', 'proceeds_excess',
                           'payment_excess', 'fee_received', 'fee_refunded', 'payment_refunded', 'payout', 'payout_paid', 'refund_paid', 'settlement'));

ALTER TABLE treasury_lines DROP CONSTRAINT treasury_lines_account_check;
ALTER TABLE treasury_lines ADD CONSTRAINT treasury_lines_account_check
  CHECK (account IN ('gateway_clearing', 'bank_transfers_clearing', 'cash_on_hand', 'treasury_account',
                     'funds_held', 'payouts_payable', 'refunds_payable', 'proceeds_to_distribute', 'fee_income'));
ALTER TABLE treasury_lines DROP CONSTRAINT treasury_lines_check1;
ALTER TABLE treasury_lines ADD CONSTRAINT treasury_lines_per_file_check
  CHECK ((file_id IS NOT NULL) = (account IN ('funds_held', 'payouts_payable', 'refunds_payable', 'proceeds_to_distribute')));

CREATE TABLE treasury_distributions (
  id               uuid PRIMARY KEY,
  source_file_id   uuid NOT NULL REFERENCES enforcement_files,
  source_order_id  uuid REFERENCES agency_orders,
  -- The transfer as the source file's ledger would have named it: transfer:<agency>:<reference>.
  reference        text NOT NULL UNIQUE,
  amount           bigint NOT NULL CHECK (amount > 0),
  rule_version     text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'distributed')),
  excess           bigint CHECK (excess >= 0),
  received_at      timestamptz NOT NULL,
  distributed_at   timestamptz,
  CHECK ((status = 'distributed') = (distributed_at IS NOT NULL AND excess IS NOT NULL))
);
CREATE INDEX treasury_distributions_source ON treasury_distributions (source_file_id, received_at);
CREATE INDEX treasury_distributions_pending ON treasury_distributions (received_at) WHERE status = 'pending';
COMMENT ON TABLE treasury_distributions IS 'Proceeds of attached funds received on one file and shared pro rata among the open files of the same debtor whose bank attachments reached the banks (fils).';

CREATE TABLE treasury_distribution_shares (
  distribution_id  uuid NOT NULL REFERENCES treasury_distributions,
  file_id          uuid NOT NULL REFERENCES enforcement_files,
  outstanding      bigint NOT NULL CHECK (outstanding >= 0),
  amount           bigint NOT NULL CHECK (amount >= 0 AND amount <= outstanding),
  ledger_entry_id  uuid REFERENCES ledger_entries,
  PRIMARY KEY (distribution_id, file_id)
);
CREATE INDEX treasury_distribution_shares_file ON treasury_distribution_shares (file_id);
COMMENT ON TABLE treasury_distribution_shares IS 'Each participating file''s share of a distribution: what it was owed then, what it received, and the ledger entry that credited it.';

GRANT SELECT, INSERT, UPDATE ON treasury_distributions TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON treasury_distributions FROM tanfeeth_app;
GRANT SELECT, INSERT ON treasury_distribution_shares TO tanfeeth_app;
REVOKE UPDATE, DELETE, TRUNCATE ON treasury_distribution_shares FROM tanfeeth_app;
