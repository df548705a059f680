/**
 * Who is calling: the session cookie is resolved server-side into a Subject; nothing the
 * client sends about its identity is trusted. State-changing requests must also carry the
 * session's CSRF token in a header (a cross-site form cannot read or send it), and must not
 * come from another site by the browser's own word (src/http/cross-site.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Subject } from "../domain/access/subject.ts";
import type { AppDeps } from "../app/deps.ts";
import { DomainError } from "../domain/errors.ts";
import { findSession, subjectFor, type ActiveSession, type SessionPolicy } from "../app/sessions.ts";
import { subjectForAccessToken } from "../app/machine-clients.ts";
import { endTimedOutSession } from "../app/sign-in.ts";
import { isCrossSiteRequest } from "./cross-site.ts";

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
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // A machine client: OAuth bearer token (no cookie, so no CSRF to fear).
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
      const subject = bearer ? await subjectForAccessToken(deps, bearer[1]!) : "token_invalid";
      if (typeof subject === "string") {
        void reply.header("www-authenticate", 'Bearer error="invalid_token"');
        throw new DomainError("UNAUTHENTICATED", { reason: subject });
      }
      request.session = null;
      request.subject = subject;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new DomainError("UNAUTHENTICATED");
    const now = deps.clock.now();
    const found = await findSession(deps, token, policy, now);
    if (found.state === "timed_out") await endTimedOutSession(deps, found, request.id);
    if (found.state !== "active") throw new DomainError("UNAUTHENTICATED", { reason: "session_expired_or_revoked" });
    const session = found.session;
    if (!safeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new DomainError("FORBIDDEN", { reason: "csrf" });
    }
    if (isCrossSiteRequest(request)) throw new DomainError("FORBIDDEN", { reason: "cross_site" });
    request.session = session;
    request.subject = await subjectFor(deps, session.civilId, now);
  };
}

/** The subject of an authenticated route (the hook guarantees it). */
export function subjectOf(request: FastifyRequest): Subject {
  if (!request.subject) throw new DomainError("UNAUTHENTICATED");
  return request.subject;
}
