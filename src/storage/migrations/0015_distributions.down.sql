DROP TABLE IF EXISTS treasury_distribution_shares;
DROP TABLE IF EXISTS treasury_distributions;
ALTER TABLE treasury_lines DROP CONSTRAINT treasury_lines_per_file_check;
ALTER TABLE treasury_lines ADD CONSTRAINT treasury_lines_check1
  CHECK ((file_id IS NOT NULL) = (account IN ('funds_held', 'payouts_payable', 'refunds_payable')));
ALTER TABLE treasury_lines DROP CONSTRAINT treasury_lines_account_check;
ALTER TABLE treasury_lines ADD CONSTRAINT treasury_lines_account_check
  CHECK (account IN ('gateway_clearing', 'bank_transfers_clearing', 'cash_on_hand', 'treasury_account',
                     'funds_held', 'payouts_payable', 'refunds_payable', 'fee_income'));
ALTER TABLE treasury_entries DROP CONSTRAINT treasury_entries_movement_kind_check;
ALTER TABLE treasury_entries ADD CONSTRAINT treasury_entries_movement_kind_check
  CHECK (movement_kind IN ('debtor_payment', 'bank_transfer', 'transfer_excess', 'payment_excess', 'fee_received', 'fee_refunded',
                           'payment_refunded', 'payout', 'payout_paid', 'refund_paid', 'settlement'));
