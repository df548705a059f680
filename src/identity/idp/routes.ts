/**
 * The stand-in provider over HTTP, mounted at its issuer's path (e.g. /idp):
 *   - everything oidc-provider serves (discovery, JWKS, authorize, token, end session),
 *     handed the raw request untouched;
 *   - the mobile-ID interaction: the civil-ID page, then a page that waits (refreshing
 *     itself) while the approval request sits on the phone;
 *   - the back-channel signing API the portal calls (HTTP Basic client authentication);
 *   - the simulated phone (a page and a JSON API), only when the stand-in is enabled.
 */
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as oidcErrors } from "oidc-provider";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { isCivilId } from "../../domain/identifiers/index.ts";
import { isolatedHtml } from "../../domain/identifiers/ltr.ts";
import { esc, langOf, page, withLang, type Lang } from "../../lib/html.ts";
import type { Approval } from "./approvals.ts";
import type { StandInIdp } from "./provider.ts";

export interface IdpRouteOptions {
  /** The provider, made once the issuer's address is known (the first request). */
  idp: () => Promise<StandInIdp>;
  mountPath: string;
  /** The simulated phone and its API (only in the stand-in). */
  phone: boolean;
  /** Sign-in attempts per client address per minute. */
  signInRateLimit: number;
}

const ownPaths = /^\/(interaction|phone|signing)(\/|$|\?)/;

function rememberLang(request: FastifyRequest, reply: FastifyReply): Lang {
  const lang = langOf(request.query, request.cookies);
  if ((request.query as Record<string, unknown>).lang) void reply.setCookie("lang", lang, { path: "/", sameSite: "lax", httpOnly: true });
  return lang;
}

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(body);
}

const texts = {
  title: { ar: "الهوية الرقمية — تسجيل الدخول", en: "Mobile ID — sign in" },
  civilId: { ar: "الرقم المدني", en: "Civil ID number" },
  next: { ar: "متابعة", en: "Continue" },
  intro: {
    ar: "أدخل رقمك المدني، ثم وافق على الطلب الذي يصل إلى تطبيق الهوية في هاتفك.",
    en: "Enter your civil ID number, then approve the request sent to the ID app on your phone.",
  },
  invalid: { ar: "الرقم المدني غير صحيح.", en: "The civil ID number is not valid." },
  goneTitle: { ar: "انتهت صلاحية تسجيل الدخول", en: "This sign-in is no longer valid" },
  gone: {
    ar: "طلب تسجيل الدخول هذا انتهت صلاحيته أو اكتمل أو بدأ في متصفح آخر. عد إلى النظام وابدأ تسجيل الدخول من جديد.",
    en: "This sign-in request has expired, was completed, or was started in another browser. Go back to the system and sign in again.",
  },
  locked: {
    ar: "تم إيقاف تسجيل الدخول بهذا الرقم مؤقتًا بعد محاولات غير ناجحة متكررة. حاول بعد ربع ساعة.",
    en: "Sign-in with this number is paused after repeated unsuccessful attempts. Try again in fifteen minutes.",
  },
  waitTitle: { ar: "وافق على الطلب في هاتفك", en: "Approve the request on your phone" },
  wait: {
    ar: "أرسلنا طلب تسجيل الدخول إلى تطبيق الهوية في هاتفك. تأكد أن الرقم الظاهر في التطبيق هو:",
    en: "We sent a sign-in request to the ID app on your phone. Check that the app shows this number:",
  },
  expiresIn: { ar: "تنتهي صلاحية الطلب بعد دقيقتين.", en: "The request expires after two minutes." },
  phoneLink: { ar: "فتح الهاتف التجريبي", en: "Open the simulated phone" },
  phoneTitle: { ar: "الهاتف التجريبي — تطبيق الهوية", en: "Simulated phone — ID app" },
  phoneWhose: { ar: "هاتف صاحب الرقم المدني", en: "Phone of civil ID" },
  open: { ar: "فتح", en: "Open" },
  none: { ar: "لا توجد طلبات بانتظار موافقتك.", en: "No requests are waiting for you." },
  approve: { ar: "موافقة", en: "Approve" },
  reject: { ar: "رفض", en: "Reject" },
  digest: { ar: "بصمة الطلب", en: "Request digest" },
  signIn: { ar: "تسجيل دخول", en: "Sign-in" },
  signing: { ar: "توقيع", en: "Signature" },
  done: { ar: "تم تسجيل إجابتك.", en: "Your answer was recorded." },
};

function civilIdForm(uid: string, mount: string, lang: Lang, civilId = "", error: string | null = null) {
  return page({
    lang,
    title: texts.title,
    switchTo: `${mount}/interaction/${uid}`,
    body: `<p>${esc(texts.intro[lang])}</p>
${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ""}
<form method="post" action="${esc(`${mount}/interaction/${uid}/login`)}">
<label for="civilId">${esc(texts.civilId[lang])}</label>
<input id="civilId" name="civilId" inputmode="numeric" autocomplete="username" maxlength="12" value="${esc(civilId)}" required dir="ltr">
<button type="submit" id="continue">${esc(texts.next[lang])}</button>
</form>`,
  });
}

/**
 * The interaction a page belongs to, or null when its cookie is missing or it expired or
 * ended (oidc-provider's SessionNotFound): the browser then gets a page saying so, 400, in
 * its language — never a server error.
 */
async function interactionOf(idp: StandInIdp, request: FastifyRequest, reply: FastifyReply) {
  try {
    return await idp.provider.interactionDetails(request.raw, reply.raw);
  } catch (error) {
    if (error instanceof oidcErrors.SessionNotFound) return null;
    throw error;
  }
}

function interactionGone(reply: FastifyReply, lang: Lang, path: string) {
  return html(reply, page({ lang, title: texts.goneTitle, switchTo: path, body: `<p role="alert" id="gone">${esc(texts.gone[lang])}</p>` }), 400);
}

export function approvalView(approval: Approval) {
  return {
    id: approval.id,
    kind: approval.kind,
    summary: { ar: approval.summary_ar, en: approval.summary_en },
    digest: approval.digest,
    code: approval.code,
    createdAt: approval.created_at.toISOString(),
    expiresAt: approval.expires_at.toISOString(),
  };
}

export async function idpRoutes(app: FastifyInstance, options: IdpRouteOptions): Promise<void> {
  const mount = options.mountPath;

  // oidc-provider gets the raw, unread request: no body parsing in this scope.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    raw.route({
      method: ["GET", "POST", "OPTIONS", "DELETE", "PUT"],
      url: `${mount}/*`,
      exposeHeadRoute: false,
      schema: { hide: true },
      handler: async (request, reply) => {
        const path = request.raw.url!.slice(mount.length) || "/";
        if (ownPaths.test(path)) throw new DomainError("NOT_FOUND", { path: request.url.split("?")[0] });
        const { provider } = await options.idp();
        reply.hijack();
        const req = request.raw as typeof request.raw & { originalUrl?: string };
        req.originalUrl = req.url;
        req.url = path;
        await new Promise<void>((resolve) => {
          reply.raw.once("finish", resolve);
          reply.raw.once("close", resolve);
          void provider.callback()(req, reply.raw);
        });
      },
    });
  });

  await app.register(async (scope) => {
    await scope.register(formbody);
    await scope.register(rateLimit, { global: false });
    const signInLimit = { rateLimit: { max: options.signInRateLimit, timeWindow: 60_000 } };

    const pathOf = (request: FastifyRequest) => request.url.split("?")[0]!;

    scope.get(`${mount}/interaction/:uid`, { schema: { hide: true } }, async (request, reply) => {
      const idp = await options.idp();
      const lang = rememberLang(request, reply);
      const details = await interactionOf(idp, request, reply);
      if (!details) return interactionGone(reply, lang, pathOf(request));
      return html(reply, civilIdForm(details.uid, mount, lang));
    });

    // Whether a civil ID belongs to anyone is never told: an unknown one gets the same
    // waiting page and code as a known one, its request is never answered (no phone
    // holds it: Approvals.decide refuses it), and it expires as a failure like any
    // unanswered sign-in.
    scope.post(`${mount}/interaction/:uid/login`, { schema: { hide: true }, config: signInLimit }, async (request, reply) => {
      const idp = await options.idp();
      const lang = langOf(request.query, request.cookies);
      const details = await interactionOf(idp, request, reply);
      if (!details) return interactionGone(reply, lang, pathOf(request).replace(/\/login$/, ""));
      const civilId = String((request.body as Record<string, unknown> | undefined)?.civilId ?? "").trim();
      if (!isCivilId(civilId)) return html(reply, civilIdForm(details.uid, mount, lang, civilId, texts.invalid[lang]), 400);
      if (await idp.approvals.isLocked(civilId)) return html(reply, civilIdForm(details.uid, mount, lang, civilId, texts.locked[lang]), 429);
      await idp.approvals.startSignIn(civilId, String(details.params.client_id), details.uid);
      return reply.redirect(`${mount}/interaction/${details.uid}/wait`, 303);
    });

    scope.get(`${mount}/interaction/:uid/wait`, { schema: { hide: true } }, async (request, reply) => {
      const idp = await options.idp();
      const lang = rememberLang(request, reply);
      const details = await interactionOf(idp, request, reply);
      if (!details) return interactionGone(reply, lang, pathOf(request));
      const approval = await idp.approvals.forInteraction(details.uid);
      if (!approval) return reply.redirect(`${mount}/interaction/${details.uid}`, 303);
      if (approval.status === "pending") {
        const phone = options.phone
          ? `<p><a href="${esc(withLang(`${mount}/phone?civilId=${approval.civil_id}`, lang))}" target="_blank" id="phone-link">${esc(texts.phoneLink[lang])}</a></p>`
          : "";
        return html(
          reply,
          page({
            lang,
            title: texts.waitTitle,
            switchTo: `${mount}/interaction/${details.uid}/wait`,
            refreshSeconds: 2,
            body: `<p>${esc(texts.wait[lang])}</p><p class="code" id="code">${esc(approval.code)}</p><p class="muted">${esc(texts.expiresIn[lang])}</p>${phone}`,
          }),
        );
      }
      const result =
        approval.status === "approved"
          ? { login: { accountId: approval.civil_id, amr: ["mobile_id"], acr: "urn:kw:paci:mobile-id" } }
          : { error: "access_denied", error_description: approval.status === "expired" ? "sign_in_expired" : "sign_in_rejected" };
      const returnTo = await idp.provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return reply.redirect(returnTo, 303);
    });

    // The portal asks for a signature (back channel, client-authenticated).
    const signingBody = z
      .object({
        civilId: z.string().refine(isCivilId),
        purpose: z.string().min(1).max(64),
        digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
        summary: z.object({ ar: z.string().min(1).max(2000), en: z.string().min(1).max(2000) }).strict(),
      })
      .strict();

    const client = async (request: FastifyRequest) => {
      const clientId = await (await options.idp()).authenticateClient(request.headers.authorization);
      if (!clientId) throw new DomainError("UNAUTHENTICATED", { reason: "client_authentication" });
      return clientId;
    };

    scope.post(`${mount}/signing/requests`, { schema: { hide: true } }, async (request, reply) => {
      const clientId = await client(request);
      const parsed = signingBody.safeParse(request.body);
      if (!parsed.success) throw new DomainError("VALIDATION_FAILED", { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) });
      const idp = await options.idp();
      if (!(await idp.approvals.personExists(parsed.data.civilId))) throw new DomainError("PERSON_NOT_FOUND");
      const approval = await idp.approvals.startSigning({ ...parsed.data, clientId });
      return reply.code(201).send({ id: approval.id, status: approval.status, expiresAt: approval.expires_at.toISOString() });
    });

    scope.get(`${mount}/signing/requests/:id`, { schema: { hide: true } }, async (request) => {
      const clientId = await client(request);
      const { id } = request.params as { id: string };
      const approval = z.uuid().safeParse(id).success ? await (await options.idp()).approvals.get(id) : undefined;
      if (!approval || approval.kind !== "signing" || approval.client_id !== clientId) throw new DomainError("NOT_FOUND");
      return { id: approval.id, status: approval.status, proof: approval.proof, expiresAt: approval.expires_at.toISOString() };
    });

    if (!options.phone) return;

    // The simulated phone: in real life the mobile ID app, authenticated to the provider by its device key.
    const civilIdQuery = z.object({ civilId: z.string().refine(isCivilId) }).loose();
    const decision = z.enum(["approve", "reject"]);

    scope.get(`${mount}/phone/api/requests`, { schema: { hide: true } }, async (request) => {
      const parsed = civilIdQuery.safeParse(request.query);
      if (!parsed.success) throw new DomainError("CIVIL_ID_INVALID");
      const pending = await (await options.idp()).approvals.pendingFor(parsed.data.civilId);
      return { requests: pending.map(approvalView) };
    });

    scope.post(`${mount}/phone/api/requests/:id/:decision`, { schema: { hide: true } }, async (request) => {
      const { id, decision: asked } = request.params as { id: string; decision: string };
      const parsedDecision = decision.safeParse(asked);
      const parsed = civilIdQuery.safeParse(request.body ?? {});
      if (!parsedDecision.success || !z.uuid().safeParse(id).success) throw new DomainError("NOT_FOUND");
      if (!parsed.success) throw new DomainError("CIVIL_ID_INVALID");
      const decided = await (await options.idp()).approvals.decide(id, parsed.data.civilId, parsedDecision.data);
      return { id: decided.id, status: decided.status };
    });

    const phonePage = (lang: Lang, civilId: string, pending: Approval[], notice: string | null) =>
      page({
        lang,
        title: texts.phoneTitle,
        switchTo: `${mount}/phone${civilId ? `?civilId=${civilId}` : ""}`,
        refreshSeconds: civilId ? 3 : undefined,
        body: `<form method="get" action="${esc(`${mount}/phone`)}"><label for="phoneCivilId">${esc(texts.phoneWhose[lang])}</label>
<input id="phoneCivilId" name="civilId" value="${esc(civilId)}" dir="ltr" maxlength="12"><button type="submit">${esc(texts.open[lang])}</button></form>
${notice ? `<p role="status">${esc(notice)}</p>` : ""}
${civilId && pending.length === 0 ? `<p class="muted" id="no-requests">${esc(texts.none[lang])}</p>` : ""}
${pending
  .map(
    (approval) => `<div class="card" data-request-id="${esc(approval.id)}">
<p><strong>${esc((approval.kind === "sign_in" ? texts.signIn : texts.signing)[lang])}</strong> — <span class="code">${esc(approval.code)}</span></p>
<p class="summary">${isolatedHtml(lang === "ar" ? approval.summary_ar : approval.summary_en)}</p>
${approval.digest ? `<p class="muted">${esc(texts.digest[lang])}: <code dir="ltr">${esc(approval.digest)}</code></p>` : ""}
<form method="post" action="${esc(`${mount}/phone/requests/${approval.id}`)}"><input type="hidden" name="civilId" value="${esc(civilId)}">
<button type="submit" name="decision" value="approve" class="approve">${esc(texts.approve[lang])}</button>
<button type="submit" name="decision" value="reject" class="reject">${esc(texts.reject[lang])}</button></form></div>`,
  )
  .join("\n")}`,
      });

    scope.get(`${mount}/phone`, { schema: { hide: true } }, async (request, reply) => {
      const lang = rememberLang(request, reply);
      const parsed = civilIdQuery.safeParse(request.query);
      const civilId = parsed.success ? parsed.data.civilId : "";
      const pending = civilId ? await (await options.idp()).approvals.pendingFor(civilId) : [];
      return html(reply, phonePage(lang, civilId, pending, null));
    });

    scope.post(`${mount}/phone/requests/:id`, { schema: { hide: true } }, async (request, reply) => {
      const lang = langOf(request.query, request.cookies);
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = civilIdQuery.safeParse(body);
      const parsedDecision = decision.safeParse(body.decision);
      if (!parsed.success || !parsedDecision.success || !z.uuid().safeParse(id).success) throw new DomainError("VALIDATION_FAILED");
      await (await options.idp()).approvals.decide(id, parsed.data.civilId, parsedDecision.data);
      return reply.redirect(withLang(`${mount}/phone?civilId=${parsed.data.civilId}&done=1`, lang), 303);
    });
  });
}
