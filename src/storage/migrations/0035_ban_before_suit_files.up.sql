-- A travel ban before suit (Art. 297, rule version kw-2025.5): a creditor with no executory title
-- petitions on a provisional estimate of the debt. The file is opened on that petition, with no
-- title: its basis says so, and its claim items name no title.
ALTER TABLE enforcement_files ADD COLUMN basis text NOT NULL DEFAULT 'title' CHECK (basis IN ('title', 'ban_before_suit'));
COMMENT ON COLUMN enforcement_files.basis IS 'What the file was opened on: an executory title (title), or a creditor''s petition for a travel ban before suit on a provisional estimate, with no title (ban_before_suit, Art. 297).';
ALTER TABLE claim_items ALTER COLUMN title_id DROP NOT NULL;
ALTER TABLE claim_items ADD CONSTRAINT claim_items_title_or_estimate CHECK (title_id IS NOT NULL OR item_kind = 'principal');
COMMENT ON COLUMN claim_items.title_id IS 'The title that awards the item; null for the provisional estimate of a file opened for a ban before suit.';
