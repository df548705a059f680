ALTER TABLE executory_titles DROP COLUMN debt_kind;
