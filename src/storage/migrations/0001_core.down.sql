DROP TABLE IF EXISTS sessions, outbox, actions, action_streams, agency_orders, procedures,
  ledger_entries, claim_items, mandates, file_parties, executory_titles, enforcement_files,
  staff_roles, company_representatives, companies, persons CASCADE;
DROP FUNCTION IF EXISTS actions_are_append_only();
DROP SEQUENCE IF EXISTS enforcement_file_sequence;
