-- The agency channel bounded (issue 16): a refused batch was kept whole (up to 64 KiB) once
-- per attempt, so anonymous floods filled the database (500 forged 60 KB batches: 31 MB).
-- A refusal now keeps a bounded record: the body's hash and size, its protected header
-- (decoded, at most 1 KiB), its first 4 KiB and the source address; the same body refused
-- again for the same reason is counted on the first record (times_seen, last_received_at),
-- not stored again. Records already kept stay as they were (the checks are NOT VALID for
-- them); identical ones among them are folded into one, counted.
ALTER TABLE agency_refusals
  ADD COLUMN size_bytes       integer,
  ADD COLUMN header           text,
  ADD COLUMN source_address   text,
  ADD COLUMN times_seen       integer NOT NULL DEFAULT 1 CHECK (times_seen >= 1),
  ADD COLUMN last_received_at timestamptz;
UPDATE agency_refusals SET size_bytes = octet_length(jws), last_received_at = received_at;
UPDATE agency_refusals r SET times_seen = d.n, last_received_at = d.last
  FROM (SELECT min(id) AS id, count(*) AS n, max(received_at) AS last FROM agency_refusals GROUP BY jws_sha256, code) d
  WHERE r.id = d.id;
DELETE FROM agency_refusals r USING agency_refusals k
  WHERE k.jws_sha256 = r.jws_sha256 AND k.code = r.code AND k.id < r.id;
ALTER TABLE agency_refusals ALTER COLUMN size_bytes SET NOT NULL, ALTER COLUMN last_received_at SET NOT NULL;
ALTER TABLE agency_refusals
  ADD CONSTRAINT agency_refusals_head_bounded CHECK (octet_length(jws) <= 4096) NOT VALID,
  ADD CONSTRAINT agency_refusals_header_bounded CHECK (octet_length(header) <= 1024) NOT VALID;
CREATE UNIQUE INDEX agency_refusals_identical ON agency_refusals (jws_sha256, code);
COMMENT ON TABLE agency_refusals IS 'Batches refused at the door: forged or wrong signatures, unknown senders, wrong audience, outside the time window, replays. A bounded record each (hash, size, header, first 4 KiB, source address); the same body refused again for the same reason is counted (times_seen), not stored again.';
COMMENT ON COLUMN agency_refusals.jws IS 'The first 4 KiB of the refused body (whole records before migration 0018 kept up to 64 KiB).';
