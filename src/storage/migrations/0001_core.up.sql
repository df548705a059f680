-- Core schema: parties, enforcement files, procedures, agency orders, the action log,
-- the outbox and sessions. Runs on PostgreSQL 15 and on PGlite: use nothing newer.

-- The application connects as a login role that is a member of tanfeeth_app (or sets
-- that role); the migrating role owns the tables. The grants below are what the
-- application may do; the action log is append-only for it.
DO $$
BEGIN
  CREATE ROLE tanfeeth_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE persons (
  civil_id      text PRIMARY KEY CHECK (civil_id ~ '^[23][0-9]{11}$'),
  name_ar       text NOT NULL,
  name_en       text NOT NULL,
  nationality   text NOT NULL DEFAULT 'KWT',
  email         text,
  phone         text,
  created_at    timestamptz NOT NULL
);
COMMENT ON TABLE persons IS 'Natural persons known to the system, as registered with the civil-information authority.';

CREATE TABLE companies (
  cr_number     text PRIMARY KEY CHECK (cr_number ~ '^[1-9][0-9]{0,9}$'),
  name_ar       text NOT NULL,
  name_en       text NOT NULL,
  created_at    timestamptz NOT NULL
);
COMMENT ON TABLE companies IS 'Companies by commercial registration number; institutional creditors and corporate debtors.';

CREATE TABLE company_representatives (
  cr_number     text NOT NULL REFERENCES companies,
  civil_id      text NOT NULL REFERENCES persons,
  valid_from    timestamptz NOT NULL,
  valid_until   timestamptz,
  PRIMARY KEY (cr_number, civil_id)
);
CREATE INDEX company_representatives_civil_id ON company_representatives (civil_id);
COMMENT ON TABLE company_representatives IS 'Persons entitled to act for a company (commercial registration).';

CREATE TABLE staff_roles (
  id            uuid PRIMARY KEY,
  civil_id      text NOT NULL REFERENCES persons,
  role          text NOT NULL CHECK (role IN ('clerk', 'judge', 'auditor', 'administrator', 'agency_officer')),
  agency_key    text,
  granted_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  CHECK ((role = 'agency_officer') = (agency_key IS NOT NULL))
);
CREATE UNIQUE INDEX staff_roles_active ON staff_roles (civil_id, role, coalesce(agency_key, '')) WHERE revoked_at IS NULL;
COMMENT ON TABLE staff_roles IS 'Roles of department staff and agency officers; an agency officer is bound to one agency.';

CREATE SEQUENCE enforcement_file_sequence;

CREATE TABLE enforcement_files (
  id              uuid PRIMARY KEY,
  number          text NOT NULL UNIQUE,
  status          text NOT NULL CHECK (status IN ('open', 'satisfied', 'closed')),
  claim_total     bigint NOT NULL CHECK (claim_total >= 0),
  recovered_total bigint NOT NULL DEFAULT 0 CHECK (recovered_total >= 0 AND recovered_total <= claim_total),
  opened_by       text NOT NULL,
  opened_at       timestamptz NOT NULL,
  satisfied_at    timestamptz,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX enforcement_files_opened_at ON enforcement_files (opened_at DESC, id);
COMMENT ON TABLE enforcement_files IS 'Projection of an enforcement file. Outstanding = claim_total - recovered_total; both totals are projections of claim_items and ledger_entries, checked by verify-audit.';

CREATE TABLE executory_titles (
  id                      uuid PRIMARY KEY,
  file_id                 uuid NOT NULL REFERENCES enforcement_files,
  title_type              text NOT NULL CHECK (title_type IN ('final_judgment', 'provisional_judgment', 'payment_order', 'notarized_instrument', 'ratified_settlement')),
  court                   text NOT NULL,
  case_number             text NOT NULL,
  issued_on               date NOT NULL,
  is_final                boolean NOT NULL,
  has_executory_formula   boolean NOT NULL,
  grants_interest         boolean NOT NULL DEFAULT false,
  UNIQUE (court, case_number, title_type)
);
CREATE INDEX executory_titles_file ON executory_titles (file_id);
COMMENT ON TABLE executory_titles IS 'Executory titles (Art. 190) on which a file is opened; one title opens one file.';

CREATE TABLE file_parties (
  id            uuid PRIMARY KEY,
  file_id       uuid NOT NULL REFERENCES enforcement_files,
  party_role    text NOT NULL CHECK (party_role IN ('creditor', 'debtor')),
  civil_id      text REFERENCES persons,
  cr_number     text REFERENCES companies,
  payout_iban   text CHECK (payout_iban ~ '^KW[0-9]{2}[A-Z]{4}[A-Z0-9]{22}$'),
  CHECK ((civil_id IS NULL) <> (cr_number IS NULL)),
  CHECK (payout_iban IS NULL OR party_role = 'creditor')
);
CREATE UNIQUE INDEX file_parties_unique ON file_parties (file_id, party_role, coalesce(civil_id, ''), coalesce(cr_number, ''));
CREATE INDEX file_parties_civil_id ON file_parties (civil_id, file_id) WHERE civil_id IS NOT NULL;
CREATE INDEX file_parties_cr_number ON file_parties (cr_number, file_id) WHERE cr_number IS NOT NULL;
COMMENT ON TABLE file_parties IS 'Creditors and debtors of a file: persons by civil ID, companies by commercial registration.';

CREATE TABLE mandates (
  id                   uuid PRIMARY KEY,
  lawyer_civil_id      text NOT NULL REFERENCES persons,
  principal_civil_id   text REFERENCES persons,
  principal_cr_number  text REFERENCES companies,
  file_id              uuid REFERENCES enforcement_files,
  scopes               text[] NOT NULL,
  valid_from           timestamptz NOT NULL,
  valid_until          timestamptz NOT NULL,
  verified_by          text,
  verified_at          timestamptz,
  revoked_at           timestamptz,
  created_at           timestamptz NOT NULL,
  CHECK ((principal_civil_id IS NULL) <> (principal_cr_number IS NULL)),
  CHECK (valid_until > valid_from),
  CHECK (scopes <@ ARRAY['view', 'request', 'waive']::text[])
);
CREATE INDEX mandates_lawyer ON mandates (lawyer_civil_id);
COMMENT ON TABLE mandates IS 'Powers of attorney: a lawyer acts for a principal, for one file or all of the principal''s files, within scopes and a period, once verified by a clerk.';

CREATE TABLE claim_items (
  id          uuid PRIMARY KEY,
  file_id     uuid NOT NULL REFERENCES enforcement_files,
  title_id    uuid NOT NULL REFERENCES executory_titles,
  item_kind   text NOT NULL CHECK (item_kind IN ('principal', 'costs', 'fees', 'interest')),
  amount      bigint NOT NULL CHECK (amount >= 0)
);
CREATE INDEX claim_items_file ON claim_items (file_id);
COMMENT ON TABLE claim_items IS 'What the title awards: principal, costs, fees and interest where the title grants it (fils).';

CREATE TABLE ledger_entries (
  id           uuid PRIMARY KEY,
  file_id      uuid NOT NULL REFERENCES enforcement_files,
  entry_kind   text NOT NULL CHECK (entry_kind IN ('payment', 'recovery')),
  amount       bigint NOT NULL CHECK (amount > 0),
  source       text NOT NULL,
  reference    text,
  recorded_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL,
  UNIQUE (file_id, reference)
);
CREATE INDEX ledger_entries_file ON ledger_entries (file_id);
COMMENT ON TABLE ledger_entries IS 'Payments by the debtor and recoveries (e.g. transferred frozen funds) credited to a file, in fils. A reference is unique per file so a payment is never recorded twice.';

CREATE TABLE procedures (
  id               uuid PRIMARY KEY,
  file_id          uuid NOT NULL REFERENCES enforcement_files,
  procedure_kind   text NOT NULL CHECK (procedure_kind IN ('bank_attachment', 'vehicle_seizure', 'travel_ban')),
  status           text NOT NULL,
  debtor_party_id  uuid NOT NULL REFERENCES file_parties,
  amount           bigint CHECK (amount > 0),
  parameters       jsonb NOT NULL,
  requested_by     text NOT NULL,
  requested_at     timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((procedure_kind = 'bank_attachment') = (amount IS NOT NULL))
);
CREATE INDEX procedures_file ON procedures (file_id);
CREATE INDEX procedures_status ON procedures (status, procedure_kind, requested_at);
COMMENT ON TABLE procedures IS 'Projection of a procedure; status is derived from its actions by the state machine in src/domain/procedures and checked by verify-audit.';

CREATE TABLE agency_orders (
  id             uuid PRIMARY KEY,
  procedure_id   uuid NOT NULL REFERENCES procedures,
  file_id        uuid NOT NULL REFERENCES enforcement_files,
  agency_key     text NOT NULL,
  status         text NOT NULL,
  amount_held    bigint NOT NULL DEFAULT 0 CHECK (amount_held >= 0),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  UNIQUE (procedure_id, agency_key)
);
CREATE INDEX agency_orders_agency_status ON agency_orders (agency_key, status);
CREATE INDEX agency_orders_file ON agency_orders (file_id);
COMMENT ON TABLE agency_orders IS 'One order per procedure per agency (each bank is an agency); status derived from its actions.';

-- The action log. Each stream (one per enforcement file, plus a registry stream) is a
-- sha256 hash chain; action_streams keeps each chain's head so a removed tail is seen.
CREATE TABLE action_streams (
  stream     text PRIMARY KEY,
  last_seq   bigint NOT NULL,
  head_hash  text NOT NULL
);
COMMENT ON TABLE action_streams IS 'Head of each action hash chain: sequence number and hash of the last action.';

CREATE TABLE actions (
  id              bigserial PRIMARY KEY,
  stream          text NOT NULL,
  seq             bigint NOT NULL,
  occurred_at     timestamptz NOT NULL,
  actor           text NOT NULL,
  actor_role      text NOT NULL,
  action_kind     text NOT NULL,
  file_id         uuid,
  procedure_id    uuid,
  order_id        uuid,
  payload         jsonb NOT NULL,
  reason          text,
  correlation_id  text NOT NULL,
  prev_hash       text NOT NULL,
  hash            text NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX actions_file ON actions (file_id, seq) WHERE file_id IS NOT NULL;
CREATE INDEX actions_procedure ON actions (procedure_id, seq) WHERE procedure_id IS NOT NULL;
CREATE INDEX actions_order ON actions (order_id, seq) WHERE order_id IS NOT NULL;
CREATE INDEX actions_correlation ON actions (correlation_id);
COMMENT ON TABLE actions IS 'Append-only log of every change: who, when, what, why, correlation id; hash = sha256(prev_hash || canonical JSON). The application role may only INSERT and SELECT.';

CREATE FUNCTION actions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the action log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER actions_append_only BEFORE UPDATE OR DELETE ON actions
  FOR EACH ROW EXECUTE FUNCTION actions_are_append_only();

CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  available_at  timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  processed_at  timestamptz
);
CREATE INDEX outbox_pending ON outbox (available_at, id) WHERE processed_at IS NULL;
COMMENT ON TABLE outbox IS 'Side effects to carry out after commit (agency orders, lifts, notices), written in the same transaction as the change that causes them.';

CREATE TABLE sessions (
  token_hash     text PRIMARY KEY,
  civil_id       text NOT NULL REFERENCES persons,
  csrf_token     text NOT NULL,
  created_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz
);
CREATE INDEX sessions_civil_id ON sessions (civil_id);
COMMENT ON TABLE sessions IS 'Server-side sessions; the cookie carries a random token, only its sha256 is stored.';

GRANT USAGE ON SCHEMA public TO tanfeeth_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tanfeeth_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tanfeeth_app;
REVOKE UPDATE, DELETE, TRUNCATE ON actions FROM tanfeeth_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tanfeeth_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tanfeeth_app;
