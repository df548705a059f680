DROP TABLE IF EXISTS machine_tokens, machine_clients, signature_uses, signing_requests, rp_login_states,
  idp_sign_in_failures, idp_approvals, idp_keys, idp_store CASCADE;
ALTER TABLE sessions DROP COLUMN IF EXISTS id_token;
