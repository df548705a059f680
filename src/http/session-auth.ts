/**
 * Who is calling: the session cookie is resolved server-side into a Subject; nothing the
 * client sends about its identity is trusted. State-changing requests must also carry the
 * session's CSRF token in a header (a cross-site form cannot read or send it).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Subject } from "../app/subject.ts";
import type { AppDeps } from "../app/deps.ts";
import { DomainError } from "../domain/errors.ts";
import { loadSubject } from "../storage/subjects.ts";
import { resolveSession, type ActiveSession, type SessionPolicy } from "../storage/sessions.ts";

export const SESSION_COOKIE = "tanfeeth_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    session: ActiveSession | null;
    subject: Subject | null;
  }
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function sessionAuthHook(deps: AppDeps, policy: SessionPolicy) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new DomainError("UNAUTHENTICATED");
    const now = deps.clock.now();
    const session = await resolveSession(deps.db, token, now, policy);
    if (!session) throw new DomainError("UNAUTHENTICATED", { reason: "session_expired_or_revoked" });
    if (!safeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new DomainError("FORBIDDEN", { reason: "csrf" });
    }
    request.session = session;
    request.subject = await loadSubject(deps.db, session.civilId, now);
  };
}

/** The subject of an authenticated route (the hook guarantees it). */
export function subjectOf(request: FastifyRequest): Subject {
  if (!request.subject) throw new DomainError("UNAUTHENTICATED");
  return request.subject;
}
