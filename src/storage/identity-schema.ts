/** Kysely table types for migrations/0003_identity (identity and access). Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface IdpStoreTable {
  model: string;
  id: string;
  payload: JsonValue;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
}

export interface IdpKeysTable {
  kid: string;
  use: "sig" | "cookie";
  private_jwk: JsonValue;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired";

export interface IdpApprovalsTable {
  id: string;
  kind: "sign_in" | "signing";
  civil_id: string;
  client_id: string;
  interaction_uid: string | null;
  purpose: string | null;
  summary_ar: string;
  summary_en: string;
  digest: string | null;
  code: string;
  status: ApprovalStatus;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
  proof: string | null;
}

export interface IdpSignInFailuresTable {
  id: Generated<bigint>;
  civil_id: string;
  reason: string;
  failed_at: Timestamp;
}

export interface RpLoginStatesTable {
  handle_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}

export type SigningPurpose = "procedure.request" | "procedure.waive";

export interface SigningRequestsTable {
  id: string;
  civil_id: string;
  purpose: SigningPurpose;
  file_id: string;
  intent: JsonValue;
  digest: string;
  summary_ar: string;
  summary_en: string;
  idp_request_id: string;
  status: ApprovalStatus;
  proof: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SignatureUsesTable {
  jti: string;
  civil_id: string;
  digest: string;
  used_at: Timestamp;
}

export type MachineScope = "files:read" | "procedures:request" | "procedures:waive";

export interface MachineClientsTable {
  client_id: string;
  secret_hash: string;
  cr_number: string;
  name: string;
  scopes: string[];
  created_by: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface MachineTokensTable {
  token_hash: string;
  client_id: string;
  scopes: string[];
  issued_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface IdentitySchema {
  idp_store: IdpStoreTable;
  idp_keys: IdpKeysTable;
  idp_approvals: IdpApprovalsTable;
  idp_sign_in_failures: IdpSignInFailuresTable;
  rp_login_states: RpLoginStatesTable;
  signing_requests: SigningRequestsTable;
  signature_uses: SignatureUsesTable;
  machine_clients: MachineClientsTable;
  machine_tokens: MachineTokensTable;
}
