/** Kysely table types of identity and access (migrations/0001 sessions, 0003_identity): sessions, the stand-in identity provider and the portal as its relying party, signing requests and signatures used, machine clients and their tokens. Kept by hand, next to the SQL. */
import type { ColumnType, Generated } from "kysely";
import type { MachineScope } from "../../domain/access/subject.ts";

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

export type SigningPurpose = "procedure.request" | "procedure.waive" | "procedure.request.batch";

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

export type { MachineScope };

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

export interface SessionsTable {
  token_hash: string;
  civil_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** The id_token the session was opened with (hint for ending the IdP session). */
  id_token: string | null;
}

export interface IdentitySchema {
  sessions: SessionsTable;
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
