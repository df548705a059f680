DROP INDEX IF EXISTS actions_kind;
DROP INDEX IF EXISTS actions_actor;
DROP INDEX IF EXISTS actions_occurred;
