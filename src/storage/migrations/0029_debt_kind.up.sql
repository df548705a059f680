-- Salary shares by kind of debt (issue 15; Art. 216): the kind of debt an executory title is for.
-- Existing titles are ordinary debts (the smallest share); a clerk corrects an alimony title.
ALTER TABLE executory_titles ADD COLUMN debt_kind text NOT NULL DEFAULT 'general'
  CHECK (debt_kind IN ('general', 'alimony', 'state'));
COMMENT ON COLUMN executory_titles.debt_kind IS 'Kind of debt (Art. 216): general, alimony (alimony and maintenance), state (debts owed to the state); sets the share of a salary that may be held.';
-- Art. 190 (issue 15): the day the title's right falls due, when later than its issue; null: due on issue.
ALTER TABLE executory_titles ADD COLUMN due_on date;
COMMENT ON COLUMN executory_titles.due_on IS 'Art. 190: the day the right in the title falls due, when later than its issue (deferred payment); null: due on issue.';
