DROP TABLE IF EXISTS staff_conflicts;
DROP TABLE IF EXISTS staff_role_proposals;
