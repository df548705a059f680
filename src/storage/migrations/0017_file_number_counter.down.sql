CREATE SEQUENCE enforcement_file_sequence;
SELECT setval('enforcement_file_sequence', greatest(last_value, 1), last_value > 0) FROM enforcement_file_counter;
DROP TABLE enforcement_file_counter;
