DROP TABLE IF EXISTS treasury_payouts;
DROP TABLE IF EXISTS treasury_lines;
DROP TABLE IF EXISTS treasury_entries;
DROP FUNCTION IF EXISTS treasury_is_append_only();
DROP FUNCTION IF EXISTS treasury_entry_balances();
