/**
 * What the portal records about signing in and out: the session it opens, the person it
 * registers when the identity provider vouches for someone not yet known, and an action
 * for every sign-in, failure and session end (stream `subject:<civilId>`; failures the
 * portal cannot attribute to a person go to the `identity` stream).
 */
import type { ActionKind, PayloadOf } from "../domain/audit/action-kinds.ts";
import { actionOf, appendActions, type Tx } from "../storage/action-log.ts";
import { createSession, revokeSession, type OpenedSession, type SessionPolicy } from "../storage/identity/repository.ts";
import { insertPersonIfNew } from "../storage/registry/repository.ts";
import type { AppDeps } from "./deps.ts";
import { subjectStream } from "./signing-requests.ts";

export const IDENTITY_STREAM = "identity";

/** The person as the identity provider vouches for them (from the civil-information authority). */
export interface IdentityClaims {
  civilId: string;
  nameAr: string;
  nameEn: string;
  nationality: string;
  email: string | null;
  phone: string | null;
}

async function log<K extends ActionKind>(tx: Tx, stream: string, actor: string, kind: K, payload: PayloadOf<K>, correlationId: string, now: Date) {
  await appendActions(tx, [actionOf<K>({ stream, actor: { id: actor, role: "citizen" }, kind, payload, correlationId, occurredAt: now })]);
}

/** A completed sign-in: registers the person if unknown, opens a session, logs it. */
export async function signIn(
  deps: AppDeps,
  claims: IdentityClaims,
  meta: { idToken: string; authTime: Date | null; method: string },
  correlationId: string,
  policy: SessionPolicy,
): Promise<OpenedSession> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const inserted = await insertPersonIfNew(tx, claims, now);
    if (inserted) {
      await appendActions(tx, [
        {
          stream: "registry",
          actor: { id: "identity-provider", role: "civil_information" },
          kind: "registry.person.from_identity",
          payload: { civilId: claims.civilId },
          correlationId,
          occurredAt: now,
        },
      ]);
    }
    const session = await createSession(tx, claims.civilId, now, policy, { idToken: meta.idToken });
    await log(tx, subjectStream(claims.civilId), claims.civilId, "identity.sign_in", { method: meta.method, authTime: meta.authTime, newPerson: inserted !== undefined }, correlationId, now);
    return session;
  });
}

/** The identity provider answered with an error (rejected, expired, cancelled) or the answer failed its checks. */
export async function recordSignInFailure(deps: AppDeps, reason: string, correlationId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute((tx) => log(tx, IDENTITY_STREAM, "anonymous", "identity.sign_in_failed", { reason }, correlationId, now));
}

/** Ends a session (logout) and logs it; nothing is logged if it had already ended. */
export async function signOut(deps: AppDeps, session: { civilId: string; tokenHash: string }, correlationId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (await revokeSession(tx, session.tokenHash, now)) {
      await log(tx, subjectStream(session.civilId), session.civilId, "identity.sign_out", {}, correlationId, now);
    }
  });
}

/** A session found past its idle or absolute timeout is ended and logged, once. */
export async function endTimedOutSession(
  deps: AppDeps,
  session: { civilId: string; tokenHash: string; timeout: "idle" | "absolute" },
  correlationId: string,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (await revokeSession(tx, session.tokenHash, now)) {
      await log(tx, subjectStream(session.civilId), session.civilId, "identity.session_expired", { timeout: session.timeout }, correlationId, now);
    }
  });
}
