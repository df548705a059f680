DELETE FROM review_items WHERE item_kind = 'instalment_plan';
DROP TABLE IF EXISTS instalment_plan_measures;
DROP TABLE IF EXISTS instalment_plan_consents;
DROP TABLE IF EXISTS instalment_credits;
DROP TABLE IF EXISTS instalments;
DROP TABLE IF EXISTS instalment_plans;
