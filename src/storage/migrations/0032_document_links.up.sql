-- Documents filed with an enforcement dispute or an instalment plan (issue 18): uploaded first
-- (each refused or accepted on its own, with its progress), then named by the dispute or
-- plan when it is filed, which links them here. A request's evidence uses procedure_id.
ALTER TABLE documents ADD COLUMN dispute_id uuid REFERENCES disputes (id);
ALTER TABLE documents ADD COLUMN instalment_plan_id uuid REFERENCES instalment_plans (id);
CREATE INDEX documents_dispute ON documents (dispute_id) WHERE dispute_id IS NOT NULL;
CREATE INDEX documents_instalment_plan ON documents (instalment_plan_id) WHERE instalment_plan_id IS NOT NULL;
COMMENT ON COLUMN documents.dispute_id IS 'The enforcement dispute this document was filed with (the debtor''s papers).';
COMMENT ON COLUMN documents.instalment_plan_id IS 'The instalment plan this document was filed with.';
