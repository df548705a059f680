/**
 * Server-side sessions. The cookie holds a random token; only its sha256 is stored, so
 * a copy of the table opens no session. Idle and absolute timeouts; revocable.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "./database.ts";

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
