ALTER TABLE executory_titles DROP COLUMN due_on;
ALTER TABLE executory_titles DROP COLUMN debt_kind;
