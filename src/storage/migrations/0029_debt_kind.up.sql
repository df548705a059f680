-- Salary shares by kind of debt (issue 15; Art. 216): the kind of debt an executory title is for.
-- Existing titles are ordinary debts (the smallest share); a clerk corrects an alimony title.
ALTER TABLE executory_titles ADD COLUMN debt_kind text NOT NULL DEFAULT 'general'
  CHECK (debt_kind IN ('general', 'alimony', 'state'));
COMMENT ON COLUMN executory_titles.debt_kind IS 'Kind of debt (Art. 216): general, alimony (alimony and maintenance), state (debts owed to the state); sets the share of a salary that may be held.';
