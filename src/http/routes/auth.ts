/**
 * Sign-in with the national mobile ID (the portal as relying party) and sign-out:
 *   GET  /auth/login       start: PKCE, state and nonce, then off to the identity provider
 *   GET  /auth/callback    back from it: code exchanged, id_token verified, session opened
 *   POST /auth/logout      our session ends, then the provider's (RP-initiated logout)
 *   GET  /auth/logged-out  where the provider sends the browser afterwards
 * Sign-in endpoints are rate-limited per client address.
 */
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../../app/deps.ts";
import { recordSignInFailure, signIn, signOut } from "../../app/sign-in.ts";
import { esc, langOf, page, withLang, type Lang } from "../../lib/html.ts";
import { SignInFailed } from "../../identity/index.ts";
import type { IdentityRuntime } from "../../identity/index.ts";
import { findSession, type ActiveSession, type SessionPolicy } from "../../app/sessions.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../session-auth.ts";
import { isCrossSiteRequest } from "../cross-site.ts";

export const LOGIN_COOKIE = "tanfeeth_login";

export interface AuthRouteOptions {
  deps: AppDeps;
  identity: IdentityRuntime;
  secureCookies: boolean;
  sessionPolicy: SessionPolicy;
  signInRateLimit: number;
}

/** Only a path on this site: never somewhere else after sign-in. */
export function safeReturnTo(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 500 ? value : "/";
}

/** The session of a browser request outside /api/v1 (portal pages), or null. */
export async function browserSession(deps: AppDeps, request: FastifyRequest, policy: SessionPolicy): Promise<ActiveSession | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const found = await findSession(deps, token, policy);
  return found.state === "active" ? found.session : null;
}

/** A state-changing browser request carries the session's CSRF token (header, or a form field). */
export function csrfOk(request: FastifyRequest, session: ActiveSession): boolean {
  const header = request.headers[CSRF_HEADER];
  const field = (request.body as Record<string, unknown> | undefined)?.csrf;
  return (header === session.csrfToken || field === session.csrfToken) && !isCrossSiteRequest(request);
}

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const { deps, identity } = options;
  const rp = identity.rp;
  const cookieBase = { httpOnly: true, sameSite: "lax" as const, secure: options.secureCookies };
  const limited = { rateLimit: { max: options.signInRateLimit, timeWindow: 60_000 } };

  await app.register(async (scope) => {
    await scope.register(formbody);
    await scope.register(rateLimit, { global: false });

    scope.get("/auth/login", { config: limited, schema: { summary: "Sign in with the mobile ID (redirects to the identity provider)", tags: ["session"] } }, async (request, reply) => {
      const { handle, url } = await rp.startLogin(safeReturnTo((request.query as Record<string, unknown>).returnTo));
      void reply.setCookie(LOGIN_COOKIE, handle, { ...cookieBase, path: "/auth", maxAge: 600 });
      return reply.redirect(url.href, 303);
    });

    scope.get("/auth/callback", { config: limited, schema: { hide: true } }, async (request, reply) => {
      const lang = langOf(request.query, request.cookies);
      const handle = request.cookies[LOGIN_COOKIE];
      void reply.clearCookie(LOGIN_COOKIE, { ...cookieBase, path: "/auth" });
      try {
        const currentUrl = new URL(request.url, `${identity.publicUrl()}/`);
        const done = await rp.completeLogin(handle, currentUrl);
        const session = await signIn(deps, done.claims, { idToken: done.idToken, authTime: done.authTime, method: "mobile_id" }, request.id, options.sessionPolicy);
        // A browser-session cookie: the server enforces the idle and absolute timeouts.
        void reply.setCookie(SESSION_COOKIE, session.token, { ...cookieBase, path: "/" });
        return reply.redirect(done.returnTo, 303);
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        await recordSignInFailure(deps, error.reason, request.id);
        return reply.code(401).type("text/html; charset=utf-8").send(failedPage(lang, error.reason));
      }
    });

    scope.post("/auth/logout", { schema: { summary: "Sign out: ends this session and the identity provider's (send the CSRF token as x-csrf-token or the form field csrf)", tags: ["session"] } }, async (request, reply) => {
      const session = await browserSession(deps, request, options.sessionPolicy);
      if (!session) return reply.redirect("/auth/logged-out", 303);
      if (!csrfOk(request, session)) return reply.code(403).type("text/html; charset=utf-8").send(page({ lang: langOf(request.query, request.cookies), title: { ar: "طلب مرفوض", en: "Request refused" }, body: "" }));
      await signOut(deps, session, request.id);
      void reply.clearCookie(SESSION_COOKIE, { ...cookieBase, path: "/" });
      return reply.redirect((await rp.endSessionUrl(session.idToken)).href, 303);
    });

    scope.get("/auth/logged-out", { schema: { hide: true } }, async (request, reply) => {
      const lang = langOf(request.query, request.cookies);
      return reply.type("text/html; charset=utf-8").send(
        page({
          lang,
          title: { ar: "تم تسجيل الخروج", en: "You are signed out" },
          switchTo: "/auth/logged-out",
          body: `<p id="signed-out">${lang === "ar" ? "انتهت جلستك." : "Your session has ended."}</p><p><a href="${esc(withLang("/auth/login", lang))}">${lang === "ar" ? "تسجيل الدخول مرة أخرى" : "Sign in again"}</a></p>`,
        }),
      );
    });
  });
}

function failedPage(lang: Lang, reason: string): string {
  const why: Record<string, { ar: string; en: string }> = {
    sign_in_rejected: { ar: "رُفض طلب الدخول على الهاتف.", en: "The sign-in was rejected on the phone." },
    sign_in_expired: { ar: "انتهت مهلة الموافقة (دقيقتان).", en: "The approval was not given in time (two minutes)." },
  };
  const text = why[reason] ?? { ar: "تعذر التحقق من الدخول.", en: "The sign-in could not be verified." };
  return page({
    lang,
    title: { ar: "لم يكتمل تسجيل الدخول", en: "Sign-in not completed" },
    body: `<p class="error" id="sign-in-failed" data-reason="${esc(reason)}">${esc(text[lang])}</p><p><a href="${esc(withLang("/auth/login", lang))}">${lang === "ar" ? "حاول مرة أخرى" : "Try again"}</a></p>`,
  });
}

