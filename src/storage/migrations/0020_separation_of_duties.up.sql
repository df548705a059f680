-- Separation of duties (docs/security.md): a deciding staff role (judge, clerk,
-- administrator, auditor) is granted only when a second administrator approves another's
-- proposal; conflicts of interest recorded against a staff member keep them from deciding,
-- assigning or reviewing anything on the files they touch.

CREATE TABLE staff_role_proposals (
  id            uuid PRIMARY KEY,
  civil_id      text NOT NULL REFERENCES persons,
  role          text NOT NULL CHECK (role IN ('clerk', 'judge', 'auditor', 'administrator')),
  status        text NOT NULL CHECK (status IN ('proposed', 'approved', 'refused')),
  proposed_by   text NOT NULL,
  proposed_at   timestamptz NOT NULL,
  reason        text,
  decided_by    text,
  decided_at    timestamptz,
  decision_reason text,
  staff_role_id uuid REFERENCES staff_roles,
  CHECK (proposed_by <> civil_id),
  CHECK (decided_by IS NULL OR (decided_by <> proposed_by AND decided_by <> civil_id)),
  CHECK ((status = 'proposed') = (decided_at IS NULL)),
  CHECK ((status = 'approved') = (staff_role_id IS NOT NULL))
);
CREATE UNIQUE INDEX staff_role_proposals_open ON staff_role_proposals (civil_id, role) WHERE status = 'proposed';
CREATE INDEX staff_role_proposals_status ON staff_role_proposals (status, proposed_at);
COMMENT ON TABLE staff_role_proposals IS 'A deciding staff role proposed by one administrator; it takes effect (a staff_roles row) only when another administrator approves. Both acts are registry actions.';
COMMENT ON COLUMN staff_role_proposals.decided_by IS 'The approving or refusing administrator: never the proposer, never the person concerned (checked by the use case and here).';

CREATE TABLE staff_conflicts (
  id              uuid PRIMARY KEY,
  staff_civil_id  text NOT NULL REFERENCES persons,
  file_id         uuid REFERENCES enforcement_files,
  party_civil_id  text,
  party_cr_number text,
  reason          text NOT NULL,
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL,
  ended_by        text,
  ended_at        timestamptz,
  CHECK (num_nonnulls(file_id, party_civil_id, party_cr_number) = 1)
);
CREATE INDEX staff_conflicts_staff ON staff_conflicts (staff_civil_id) WHERE ended_at IS NULL;
COMMENT ON TABLE staff_conflicts IS 'A recorded conflict of interest: the staff member may not decide, assign or review on this file, or on any file of this person or company.';

GRANT SELECT, INSERT, UPDATE ON staff_role_proposals, staff_conflicts TO tanfeeth_app;
