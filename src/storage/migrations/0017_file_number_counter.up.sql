-- File numbers without gaps (issue 16): a sequence hands out a number even to an open that
-- then fails and rolls back, leaving a hole in the register. The counter is one row, advanced
-- inside the opening transaction (UPDATE … RETURNING): a rollback gives the number back, and
-- the row lock makes concurrent opens take their numbers in turn, each only when it commits.
CREATE TABLE enforcement_file_counter (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_value bigint NOT NULL CHECK (last_value >= 0)
);
COMMENT ON TABLE enforcement_file_counter IS 'The last enforcement-file sequence number drawn by a committed open (one row; no gaps).';
INSERT INTO enforcement_file_counter (singleton, last_value)
  SELECT true, CASE WHEN is_called THEN last_value ELSE 0 END FROM enforcement_file_sequence;
DROP SEQUENCE enforcement_file_sequence;
