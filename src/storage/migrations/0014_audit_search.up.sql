-- The auditors' search of the action log (GET /api/v1/audit/actions): newest first,
-- keyset-paged by (occurred_at, id), alone or by actor or by kind. A file's actions are
-- found by actions_file (0001). Indexes only: nothing to grant.
CREATE INDEX actions_occurred ON actions (occurred_at DESC, id DESC);
CREATE INDEX actions_actor ON actions (actor, occurred_at DESC, id DESC);
CREATE INDEX actions_kind ON actions (action_kind text_pattern_ops, occurred_at DESC, id DESC);
COMMENT ON INDEX actions_occurred IS 'Audit search: every action, newest first.';
COMMENT ON INDEX actions_actor IS 'Audit search by actor (a civil ID, an agency key, system), newest first.';
COMMENT ON INDEX actions_kind IS 'Audit search by action kind (exact or a prefix, with LIKE: hence text_pattern_ops), newest first.';
