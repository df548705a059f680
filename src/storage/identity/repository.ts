/**
 * Identity and access as stored: server-side sessions, signing requests and the signatures
 * used, machine clients and their access tokens.
 *
 * Sessions: the cookie holds a random token; only its sha256 is stored, so a copy of the
 * table opens no session. Idle and absolute timeouts; revocable.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { ApprovalStatus, MachineScope, SigningPurpose } from "./schema.ts";

export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 60 * 60_000 };

// Touching last_seen_at on every request would write on every read; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  civilId: string;
  csrfToken: string;
  tokenHash: string;
  /** The id_token the sign-in returned (to end the identity provider's session too); null for sessions made otherwise. */
  idToken: string | null;
}

export async function createSession(
  db: Db,
  civilId: string,
  now: Date,
  policy = defaultSessionPolicy,
  extra: { idToken?: string } = {},
): Promise<OpenedSession> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + policy.absoluteTimeoutMs);
  await db
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      civil_id: civilId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      id_token: extra.idToken ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export type SessionLookup =
  | { state: "active"; session: ActiveSession }
  | { state: "timed_out"; civilId: string; tokenHash: string; timeout: "idle" | "absolute" }
  | { state: "none" };

/** What a session token stands for now: an active session, one that just timed out, or nothing (unknown or ended). */
export async function lookupSession(db: Db, token: string, now: Date, policy = defaultSessionPolicy): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const session = await db
    .selectFrom("sessions")
    .select(["civil_id", "csrf_token", "last_seen_at", "expires_at", "revoked_at", "id_token"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!session || session.revoked_at !== null) return { state: "none" };
  if (session.expires_at <= now) return { state: "timed_out", civilId: session.civil_id, tokenHash, timeout: "absolute" };
  if (now.getTime() - session.last_seen_at.getTime() > policy.idleTimeoutMs) {
    return { state: "timed_out", civilId: session.civil_id, tokenHash, timeout: "idle" };
  }
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("token_hash", "=", tokenHash).execute();
  }
  return { state: "active", session: { civilId: session.civil_id, csrfToken: session.csrf_token, tokenHash, idToken: session.id_token } };
}

export async function resolveSession(db: Db, token: string, now: Date, policy = defaultSessionPolicy): Promise<ActiveSession | null> {
  const found = await lookupSession(db, token, now, policy);
  return found.state === "active" ? found.session : null;
}

/** Ends a session; true if this call ended it (false: it had already ended). */
export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const ended = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .returning("token_hash")
    .executeTakeFirst();
  return ended !== undefined;
}

// ---- signing requests and signatures used ---------------------------------------------------

export interface StoredSigningRequest {
  id: string;
  civilId: string;
  purpose: SigningPurpose;
  fileId: string;
  /** The intent signed, as JSON (amounts as strings). */
  intent: unknown;
  digest: string;
  summary: { ar: string; en: string };
  idpRequestId: string;
  status: ApprovalStatus;
  proof: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSigningRequest(tx: Tx, request: StoredSigningRequest): Promise<void> {
  await tx
    .insertInto("signing_requests")
    .values({
      id: request.id,
      civil_id: request.civilId,
      purpose: request.purpose,
      file_id: request.fileId,
      intent: JSON.stringify(request.intent),
      digest: request.digest,
      summary_ar: request.summary.ar,
      summary_en: request.summary.en,
      idp_request_id: request.idpRequestId,
      status: request.status,
      proof: request.proof,
      created_at: request.createdAt,
      expires_at: request.expiresAt,
    })
    .execute();
}

export async function signingRequestById(db: Db | Tx, id: string): Promise<StoredSigningRequest | undefined> {
  const row = await db.selectFrom("signing_requests").selectAll().where("id", "=", id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      civilId: row.civil_id,
      purpose: row.purpose,
      fileId: row.file_id,
      intent: row.intent,
      digest: row.digest,
      summary: { ar: row.summary_ar, en: row.summary_en },
      idpRequestId: row.idp_request_id,
      status: row.status,
      proof: row.proof,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }
  );
}

/** Records the provider's answer to a pending request; false when it was answered already. */
export async function answerSigningRequest(tx: Tx, id: string, answer: { status: ApprovalStatus; proof: string | null }): Promise<boolean> {
  const updated = await tx
    .updateTable("signing_requests")
    .set({ status: answer.status, proof: answer.proof })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .returning("id")
    .executeTakeFirst();
  return updated !== undefined;
}

/** Records a signature's nonce as used; false when it was used before (single use). */
export async function recordSignatureUse(tx: Tx, use: { jti: string; civilId: string; digest: string; usedAt: Date }): Promise<boolean> {
  const used = await tx
    .insertInto("signature_uses")
    .values({ jti: use.jti, civil_id: use.civilId, digest: use.digest, used_at: use.usedAt })
    .onConflict((conflict) => conflict.column("jti").doNothing())
    .returning("jti")
    .executeTakeFirst();
  return used !== undefined;
}

/**
 * The record of a batch of requests carried out under the signature whose nonce is `jti`
 * (the action procedure.request.batch, src/app/request-batch.ts), by this signer: a
 * submission repeated after it succeeded finds what it made.
 */
export async function requestBatchBySignature(db: Db | Tx, civilId: string, jti: string): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom("actions")
    .select("payload")
    .where("action_kind", "=", "procedure.request.batch")
    .where("actor", "=", civilId)
    .where(sql<string>`payload->'signature'->>'jti'`, "=", jti)
    .executeTakeFirst();
  return row ? (row.payload as Record<string, unknown>) : undefined;
}

// What a signing request asked to sign, for carrying it out once signed.

export interface StoredIntent {
  civilId: string;
  purpose: string;
  fileId: string;
  intent: { fileId: string; procedureId: string | null; request: Record<string, unknown> };
}

export async function signingRequestIntent(db: Db, id: string): Promise<StoredIntent | undefined> {
  const row = await db.selectFrom("signing_requests").select(["civil_id", "intent", "purpose", "file_id"]).where("id", "=", id).executeTakeFirst();
  return row && { civilId: row.civil_id, purpose: row.purpose, fileId: row.file_id, intent: row.intent as StoredIntent["intent"] };
}

// ---- machine clients and their access tokens ------------------------------------------------

export interface StoredMachineClient {
  clientId: string;
  crNumber: string;
  name: string;
  scopes: MachineScope[];
  createdAt: Date;
  revokedAt: Date | null;
}

export async function insertMachineClient(
  tx: Tx,
  client: { clientId: string; secretHash: string; crNumber: string; name: string; scopes: MachineScope[]; createdBy: string; createdAt: Date },
): Promise<void> {
  await tx
    .insertInto("machine_clients")
    .values({ client_id: client.clientId, secret_hash: client.secretHash, cr_number: client.crNumber, name: client.name, scopes: client.scopes, created_by: client.createdBy, created_at: client.createdAt, revoked_at: null })
    .execute();
}

/** Every machine client, oldest first. */
export async function machineClients(db: Db | Tx): Promise<StoredMachineClient[]> {
  const rows = await db
    .selectFrom("machine_clients")
    .select(["client_id", "cr_number", "name", "scopes", "created_at", "revoked_at"])
    .orderBy("created_at")
    .orderBy("client_id")
    .execute();
  return rows.map((row) => ({ clientId: row.client_id, crNumber: row.cr_number, name: row.name, scopes: row.scopes as MachineScope[], createdAt: row.created_at, revokedAt: row.revoked_at }));
}

/** A client with its secret's hash: what the token endpoint checks. */
export async function machineClientCredentials(db: Db | Tx, clientId: string): Promise<(StoredMachineClient & { secretHash: string }) | undefined> {
  const row = await db.selectFrom("machine_clients").selectAll().where("client_id", "=", clientId).executeTakeFirst();
  return row && { clientId: row.client_id, crNumber: row.cr_number, name: row.name, scopes: row.scopes as MachineScope[], createdAt: row.created_at, revokedAt: row.revoked_at, secretHash: row.secret_hash };
}

/** The scopes and revocation of these clients, for the ones that exist. */
export async function machineClientsById(db: Db | Tx, clientIds: readonly string[]): Promise<{ clientId: string; scopes: MachineScope[]; revokedAt: Date | null }[]> {
  if (clientIds.length === 0) return [];
  const rows = await db.selectFrom("machine_clients").select(["client_id", "scopes", "revoked_at"]).where("client_id", "in", [...clientIds]).execute();
  return rows.map((row) => ({ clientId: row.client_id, scopes: row.scopes as MachineScope[], revokedAt: row.revoked_at }));
}

/** Revokes a client and every token it holds, now; false when there was no such client in force. */
export async function revokeClientAndTokens(tx: Tx, clientId: string, now: Date): Promise<boolean> {
  const revoked = await tx
    .updateTable("machine_clients")
    .set({ revoked_at: now })
    .where("client_id", "=", clientId)
    .where("revoked_at", "is", null)
    .returning("client_id")
    .executeTakeFirst();
  if (!revoked) return false;
  await tx.updateTable("machine_tokens").set({ revoked_at: now }).where("client_id", "=", clientId).where("revoked_at", "is", null).execute();
  return true;
}

export async function insertMachineToken(db: Db | Tx, token: { tokenHash: string; clientId: string; scopes: string[]; issuedAt: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto("machine_tokens")
    .values({ token_hash: token.tokenHash, client_id: token.clientId, scopes: token.scopes, issued_at: token.issuedAt, expires_at: token.expiresAt, revoked_at: null })
    .execute();
}

/** An access token by its hash, with its client's company and whether either was revoked. */
export async function machineTokenByHash(
  db: Db | Tx,
  tokenHash: string,
): Promise<{ clientId: string; scopes: string[]; expiresAt: Date; tokenRevokedAt: Date | null; clientRevokedAt: Date | null; crNumber: string } | undefined> {
  return db
    .selectFrom("machine_tokens")
    .innerJoin("machine_clients", "machine_clients.client_id", "machine_tokens.client_id")
    .select([
      "machine_tokens.client_id as clientId",
      "machine_tokens.scopes as scopes",
      "machine_tokens.expires_at as expiresAt",
      "machine_tokens.revoked_at as tokenRevokedAt",
      "machine_clients.revoked_at as clientRevokedAt",
      "machine_clients.cr_number as crNumber",
    ])
    .where("machine_tokens.token_hash", "=", tokenHash)
    .executeTakeFirst();
}
