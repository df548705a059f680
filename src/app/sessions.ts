/**
 * Who a request comes from: the session behind a browser's cookie (src/http/session-auth.ts
 * resolves it on every request) and the subject it stands for, built from the registries
 * each time, so a role revoked or a mandate ended counts at once. Opening and ending
 * sessions, with their actions, is in sign-in.ts.
 */
import type { Subject } from "../domain/access/subject.ts";
import { defaultSessionPolicy, lookupSession, type ActiveSession, type SessionLookup, type SessionPolicy } from "../storage/identity/repository.ts";
import { loadSubject } from "../storage/registry/repository.ts";
import type { AppDeps } from "./deps.ts";

export { defaultSessionPolicy };
export type { ActiveSession, SessionLookup, SessionPolicy };

/** What a session token stands for at `now`: an active session, one that just timed out, or nothing. */
export function findSession(deps: AppDeps, token: string, policy: SessionPolicy, now: Date = deps.clock.now()): Promise<SessionLookup> {
  return lookupSession(deps.db, token, now, policy);
}

/** The subject a person is at `now`: their staff roles, the companies they represent, the mandates they hold. */
export function subjectFor(deps: AppDeps, civilId: string, now: Date = deps.clock.now()): Promise<Subject> {
  return loadSubject(deps.db, civilId, now);
}
