DELETE FROM review_items WHERE item_kind IN ('dispute', 'instalment_plan');
ALTER TABLE review_items DROP CONSTRAINT review_items_item_kind_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_item_kind_check
  CHECK (item_kind IN ('procedure_decision', 'verify_document', 'open_file_from_title'));
COMMENT ON COLUMN review_items.subject_ref IS 'For items not about a procedure: what is to be reviewed (e.g. a document id).';
DROP TABLE IF EXISTS disputes;
