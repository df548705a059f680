DROP TABLE IF EXISTS title_services;
DROP TABLE IF EXISTS review_items;
DROP TABLE IF EXISTS procedure_checks;
