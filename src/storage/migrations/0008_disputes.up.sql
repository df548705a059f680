-- Enforcement disputes (LEGAL.md: "an enforcement dispute suspends enforcement only with a
-- bond; earlier bans and attachments stay"). A debtor files a dispute with grounds; the
-- bond is computed by the rule version in force when it is filed, declared by the debtor
-- and verified by a clerk (or posted by a clerk at the cashier). The judge suspends the
-- file's enforcement (new measures refused, pending dispatch held) or refuses to, then
-- rules. Every change is also an action in the file's stream (dispute.*).

CREATE TABLE disputes (
  id                    uuid PRIMARY KEY,
  file_id               uuid NOT NULL REFERENCES enforcement_files (id),
  debtor_party_id       uuid NOT NULL REFERENCES file_parties (id),
  status                text NOT NULL CHECK (status IN ('filed', 'suspended', 'not_suspended', 'upheld', 'dismissed')),
  grounds               text NOT NULL CHECK (length(grounds) > 0),
  filed_by              text NOT NULL,
  filed_at              timestamptz NOT NULL,
  rule_version          text NOT NULL,
  outstanding_at_filing bigint NOT NULL CHECK (outstanding_at_filing >= 0),
  bond_amount           bigint NOT NULL CHECK (bond_amount >= 0),
  bond_status           text NOT NULL CHECK (bond_status IN ('required', 'declared', 'posted')),
  bond_reference        text,
  bond_declared_at      timestamptz,
  bond_deposited        bigint CHECK (bond_deposited >= bond_amount),
  bond_posted_by        text,
  bond_posted_at        timestamptz,
  suspended_at          timestamptz,
  suspension_ended_at   timestamptz,
  ruled_at              timestamptz,
  updated_at            timestamptz NOT NULL,
  CHECK ((bond_status = 'required') = (bond_reference IS NULL)),
  CHECK ((bond_status = 'posted') = (bond_posted_at IS NOT NULL AND bond_deposited IS NOT NULL AND bond_posted_by IS NOT NULL)),
  CHECK ((status IN ('upheld', 'dismissed')) = (ruled_at IS NOT NULL))
);
COMMENT ON TABLE disputes IS 'Enforcement disputes: the projection of the dispute.* actions. A file is suspended while one of its disputes has status suspended: new measures are refused (ENFORCEMENT_SUSPENDED), orders not yet dispatched wait, measures already in force stay.';
COMMENT ON COLUMN disputes.bond_amount IS 'The bond in fils, by the rule version in force when filed (rule_version) and what was outstanding then.';
COMMENT ON COLUMN disputes.bond_reference IS 'The deposit''s reference (receipt or transfer id): declared by the debtor, or entered by the clerk who posts it. A rejected declaration clears it (the action keeps it).';
COMMENT ON COLUMN disputes.bond_deposited IS 'The amount the clerk verified was deposited (fils); at least the bond.';
CREATE UNIQUE INDEX disputes_one_open_per_file ON disputes (file_id) WHERE status IN ('filed', 'suspended', 'not_suspended');
CREATE INDEX disputes_file ON disputes (file_id, filed_at);

-- The back office reviews disputes and instalment plans to order (migration 0011) as well.
ALTER TABLE review_items DROP CONSTRAINT review_items_item_kind_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_item_kind_check
  CHECK (item_kind IN ('procedure_decision', 'verify_document', 'open_file_from_title', 'dispute', 'instalment_plan'));
-- One open item per dispute or plan: the unique index on (item_kind, subject_ref) of open
-- items comes with migration 0009 (review_items_open_subject).
COMMENT ON COLUMN review_items.subject_ref IS 'For items not about a procedure: what is to be reviewed (a document id, a dispute id, an instalment plan id).';

GRANT SELECT, INSERT, UPDATE ON disputes TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON disputes FROM tanfeeth_app;
