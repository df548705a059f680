DROP INDEX IF EXISTS agency_refusals_identical;
ALTER TABLE agency_refusals
  DROP CONSTRAINT IF EXISTS agency_refusals_head_bounded,
  DROP CONSTRAINT IF EXISTS agency_refusals_header_bounded,
  DROP COLUMN IF EXISTS size_bytes,
  DROP COLUMN IF EXISTS header,
  DROP COLUMN IF EXISTS source_address,
  DROP COLUMN IF EXISTS times_seen,
  DROP COLUMN IF EXISTS last_received_at;
COMMENT ON TABLE agency_refusals IS 'Batches refused at the door: forged or wrong signatures, unknown senders, wrong audience, outside the time window, replays. Kept as evidence (the JWS cut at 64 KiB).';
