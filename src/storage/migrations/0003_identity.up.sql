-- Identity and access: the stand-in national identity provider's durable state (its
-- OIDC store, keys, approvals pushed to phones, failed sign-ins), the portal's sign-in
-- states, signing requests and used signing proofs, and machine clients with their
-- tokens. Runs on PostgreSQL 15 and on PGlite.

CREATE TABLE idp_store (
  model        text NOT NULL,
  id           text NOT NULL,
  payload      jsonb NOT NULL,
  grant_id     text,
  user_code    text,
  uid          text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX idp_store_grant ON idp_store (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX idp_store_uid ON idp_store (uid) WHERE uid IS NOT NULL;
CREATE INDEX idp_store_user_code ON idp_store (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX idp_store_expires ON idp_store (expires_at) WHERE expires_at IS NOT NULL;
COMMENT ON TABLE idp_store IS 'Stand-in identity provider: oidc-provider models (sessions, interactions, codes, tokens, grants) shared by every IdP node.';

CREATE TABLE idp_keys (
  kid          text PRIMARY KEY,
  use          text NOT NULL CHECK (use IN ('sig', 'cookie')),
  private_jwk  jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  retired_at   timestamptz
);
COMMENT ON TABLE idp_keys IS 'Stand-in identity provider: signing keys (ES256, newest signs, older ones stay published until retired) and cookie secrets.';

CREATE TABLE idp_approvals (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('sign_in', 'signing')),
  civil_id         text NOT NULL,
  client_id        text NOT NULL,
  interaction_uid  text,
  purpose          text,
  summary_ar       text NOT NULL,
  summary_en       text NOT NULL,
  digest           text,
  code             text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  decided_at       timestamptz,
  proof            text,
  CHECK ((kind = 'sign_in') = (interaction_uid IS NOT NULL)),
  CHECK ((kind = 'signing') = (digest IS NOT NULL))
);
CREATE INDEX idp_approvals_pending ON idp_approvals (civil_id, created_at) WHERE status = 'pending';
CREATE UNIQUE INDEX idp_approvals_interaction ON idp_approvals (interaction_uid) WHERE interaction_uid IS NOT NULL;
COMMENT ON TABLE idp_approvals IS 'Stand-in identity provider: requests pushed to a person''s phone (sign-in or signing), approved, rejected or expired.';

CREATE TABLE idp_sign_in_failures (
  id          bigserial PRIMARY KEY,
  civil_id    text NOT NULL,
  reason      text NOT NULL,
  failed_at   timestamptz NOT NULL
);
CREATE INDEX idp_sign_in_failures_recent ON idp_sign_in_failures (civil_id, failed_at);
COMMENT ON TABLE idp_sign_in_failures IS 'Stand-in identity provider: failed, rejected and expired sign-ins, for the temporary lockout.';

CREATE TABLE rp_login_states (
  handle_hash    text PRIMARY KEY,
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  consumed_at    timestamptz
);
COMMENT ON TABLE rp_login_states IS 'Portal sign-ins in progress: the browser holds a random handle (cookie), this row its OIDC state, nonce and PKCE verifier; single use.';

ALTER TABLE sessions ADD COLUMN id_token text;
COMMENT ON COLUMN sessions.id_token IS 'The id_token the session was opened with: the hint for ending the identity provider''s session at logout.';

CREATE TABLE signing_requests (
  id              uuid PRIMARY KEY,
  civil_id        text NOT NULL REFERENCES persons,
  purpose         text NOT NULL CHECK (purpose IN ('procedure.request', 'procedure.waive')),
  file_id         uuid NOT NULL REFERENCES enforcement_files,
  intent          jsonb NOT NULL,
  digest          text NOT NULL,
  summary_ar      text NOT NULL,
  summary_en      text NOT NULL,
  idp_request_id  text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  proof           text,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX signing_requests_civil_id ON signing_requests (civil_id, created_at);
COMMENT ON TABLE signing_requests IS 'Requests to sign with the mobile ID: what is signed (intent, its sha256 digest, the summary shown on the phone) and the proof returned.';

CREATE TABLE signature_uses (
  jti         text PRIMARY KEY,
  civil_id    text NOT NULL,
  digest      text NOT NULL,
  used_at     timestamptz NOT NULL
);
COMMENT ON TABLE signature_uses IS 'Signing proofs already used: each proof signs one submission only.';

CREATE TABLE machine_clients (
  client_id    text PRIMARY KEY,
  secret_hash  text NOT NULL,
  cr_number    text NOT NULL REFERENCES companies,
  name         text NOT NULL,
  scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['files:read', 'procedures:request', 'procedures:waive']::text[]),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX machine_clients_cr_number ON machine_clients (cr_number);
COMMENT ON TABLE machine_clients IS 'Institutional creditors'' API clients (OAuth client credentials), each acting for one commercial registration within scopes; the secret is stored as sha256 only.';

CREATE TABLE machine_tokens (
  token_hash  text PRIMARY KEY,
  client_id   text NOT NULL REFERENCES machine_clients,
  scopes      text[] NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX machine_tokens_client ON machine_tokens (client_id);
COMMENT ON TABLE machine_tokens IS 'Access tokens issued to machine clients (opaque; only sha256 stored), revocable at once.';

GRANT SELECT, INSERT, UPDATE, DELETE ON idp_store, idp_keys, idp_approvals, idp_sign_in_failures, rp_login_states,
  signing_requests, signature_uses, machine_clients, machine_tokens TO tanfeeth_app;
GRANT USAGE, SELECT ON SEQUENCE idp_sign_in_failures_id_seq TO tanfeeth_app;
