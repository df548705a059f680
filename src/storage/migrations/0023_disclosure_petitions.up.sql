-- Art. 204 bis (Decree-Law 38/1980 as amended in 2025): a statement of the debtor's funds is
-- asked only on the creditor's petition, recorded on the file, for a duly notified debtor who
-- has not paid, decided by the director's delegate, and it asks for present and future funds.

CREATE TABLE disclosure_petitions (
  id               uuid PRIMARY KEY,
  file_id          uuid NOT NULL REFERENCES enforcement_files,
  debtor_party_id  uuid NOT NULL REFERENCES file_parties,
  petitioned_by    text NOT NULL,
  petitioned_at    timestamptz NOT NULL,
  grounds          text NOT NULL CHECK (length(grounds) BETWEEN 1 AND 2000),
  status           text NOT NULL CHECK (status IN ('pending', 'granted')),
  decided_by       text,
  decided_at       timestamptz,
  CHECK ((status = 'granted') = (decided_by IS NOT NULL AND decided_at IS NOT NULL))
);
CREATE INDEX disclosure_petitions_file ON disclosure_petitions (file_id, petitioned_at);
COMMENT ON TABLE disclosure_petitions IS 'Art. 204 bis: creditors'' petitions for a statement of the debtor''s present and future funds; granted by the director''s delegate (a judge), which sends the disclosure request.';

ALTER TABLE disclosure_requests ADD COLUMN petition_id uuid REFERENCES disclosure_petitions;
ALTER TABLE disclosure_requests ADD COLUMN funds text NOT NULL DEFAULT 'present' CHECK (funds IN ('present', 'present_and_future'));
COMMENT ON COLUMN disclosure_requests.petition_id IS 'The creditor''s petition the request grants (null for requests made before petitions were recorded).';
COMMENT ON COLUMN disclosure_requests.funds IS 'What was asked: present funds (requests before 0023) or present and future funds (Art. 204 bis).';

GRANT SELECT, INSERT, UPDATE ON disclosure_petitions TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON disclosure_petitions FROM tanfeeth_app;
