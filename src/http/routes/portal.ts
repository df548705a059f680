/**
 * The portal as minimal server-rendered pages (the React app arrives with its own issue):
 * sign in, my files, one file with its measures, ask for a measure or waive one, sign it
 * on the phone, submit it, sign out. Every form carries the session's CSRF token.
 */
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { listMyFiles, readFile } from "../../app/read-files.ts";
import { createSigningRequest, readSigningRequest } from "../../app/signing-requests.ts";
import { procedureRequestIntent, waiveIntent } from "../../app/signing.ts";
import type { Subject } from "../../domain/access/subject.ts";
import type { UseCaseContext } from "../../app/context.ts";
import { DomainError } from "../../domain/errors.ts";
import { formatKwd, parseKwd } from "../../domain/money/index.ts";
import { procedureKindLabels, procedureStatusLabels } from "../../domain/procedures/labels.ts";
import type { ProcedureKind, ProcedureStatus } from "../../domain/procedures/index.ts";
import { esc, langOf, page, withLang, type Lang } from "../../lib/html.ts";
import { carryOutSignedRequest } from "../../app/carry-out-signed-request.ts";
import { readMe } from "../../app/read-me.ts";
import type { IdentityRuntime } from "../../identity/index.ts";
import { subjectFor, type ActiveSession, type SessionPolicy } from "../../app/sessions.ts";
import { errorMap } from "../error-map.ts";
import { browserSession, csrfOk } from "./auth.ts";
import { isolatedHtml } from "../../domain/identifiers/ltr.ts";

export interface PortalOptions {
  deps: AppDeps;
  identity: IdentityRuntime;
  sessionPolicy: SessionPolicy;
}

const t = (lang: Lang, ar: string, en: string) => (lang === "ar" ? ar : en);
const uuid = z.uuid();

function send(reply: FastifyReply, html: string, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}

export async function portalRoutes(app: FastifyInstance, options: PortalOptions): Promise<void> {
  const { deps, identity } = options;

  interface Signed {
    session: ActiveSession;
    subject: Subject;
    context: UseCaseContext;
    lang: Lang;
  }

  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<Signed | null> {
    const lang = langOf(request.query, request.cookies);
    if ((request.query as Record<string, unknown>).lang) void reply.setCookie("lang", lang, { path: "/", sameSite: "lax", httpOnly: true });
    const session = await browserSession(deps, request, options.sessionPolicy);
    if (!session) return null;
    const subject = await subjectFor(deps, session.civilId);
    return { session, subject, lang, context: { subject, correlationId: request.id } };
  }

  const logoutForm = (s: Signed) =>
    `<form method="post" action="/auth/logout"><input type="hidden" name="csrf" value="${esc(s.session.csrfToken)}"><button type="submit" id="logout">${t(s.lang, "تسجيل الخروج", "Sign out")}</button></form>`;

  const errorPage = (lang: Lang, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    const entry = errorMap[error.code];
    return { status: entry.status, html: page({ lang, title: { ar: "تعذر إتمام الطلب", en: "The request could not be completed" }, body: `<p class="error" id="error" data-code="${esc(error.code)}">${esc(entry[lang])}</p><p><a href="/">${t(lang, "ملفاتي", "My files")}</a></p>` }) };
  };

  await app.register(async (scope) => {
    await scope.register(formbody);

    scope.get("/", { schema: { hide: true } }, async (request, reply) => {
      const s = await signedIn(request, reply);
      const lang = s?.lang ?? langOf(request.query, request.cookies);
      if (!s) {
        return send(
          reply,
          page({
            lang,
            title: { ar: "تنفيذ — التنفيذ عن بُعد", en: "Tanfeeth — remote enforcement" },
            switchTo: "/",
            body: `<p>${t(lang, "ادخل بالهوية الرقمية لمتابعة ملفات التنفيذ الخاصة بك.", "Sign in with the mobile ID to follow your enforcement files.")}</p><p><a href="/auth/login" id="sign-in">${t(lang, "الدخول بالهوية الرقمية", "Sign in with the mobile ID")}</a></p>`,
          }),
        );
      }
      const files = await listMyFiles(deps, s.context, { limit: 50 });
      const person = await readMe(deps, s.context);
      const rows = files
        .map(
          (file) =>
            `<tr data-file-id="${esc(file.id)}"><td><a href="/portal/files/${esc(file.id)}">${esc(file.number)}</a></td><td>${esc(file.caseNumber)}</td><td dir="ltr">${esc(formatKwd(file.outstanding))}</td><td>${file.activeProcedures}</td></tr>`,
        )
        .join("");
      return send(
        reply,
        page({
          lang,
          title: { ar: "ملفاتي", en: "My files" },
          switchTo: "/",
          body: `<p id="welcome">${esc(t(lang, `مرحبًا ${person.nameAr ?? ""}`, `Welcome, ${person.nameEn ?? ""}`))}</p>
<table id="files"><thead><tr><th>${t(lang, "رقم الملف", "File")}</th><th>${t(lang, "رقم الدعوى", "Case")}</th><th>${t(lang, "المتبقي (د.ك)", "Outstanding (KWD)")}</th><th>${t(lang, "إجراءات قائمة", "Active measures")}</th></tr></thead><tbody>${rows}</tbody></table>
${files.length === 0 ? `<p class="muted">${t(lang, "لا توجد ملفات.", "No files.")}</p>` : ""}${logoutForm(s)}`,
        }),
      );
    });

    scope.get("/portal/files/:fileId", { schema: { hide: true } }, async (request, reply) => {
      const s = await signedIn(request, reply);
      if (!s) return reply.redirect(`/auth/login?returnTo=${encodeURIComponent(request.url)}`, 303);
      const { fileId } = request.params as { fileId: string };
      if (!uuid.safeParse(fileId).success) return reply.callNotFound();
      let detail;
      try {
        detail = await readFile(deps, s.context, fileId);
      } catch (error) {
        const failed = errorPage(s.lang, error);
        return send(reply, failed.html, failed.status);
      }
      const lang = s.lang;
      const csrf = `<input type="hidden" name="csrf" value="${esc(s.session.csrfToken)}">`;
      const isCreditor = detail.access.inPerson.has("creditor") || detail.access.asLawyer.has("creditor");
      const debtors = detail.parties.filter((party) => party.party_role === "debtor");
      const procedures = detail.procedures
        .map((procedure) => {
          const kind = procedureKindLabels[procedure.procedure_kind as ProcedureKind][lang];
          const status = procedureStatusLabels[procedure.status as ProcedureStatus]?.[lang] ?? procedure.status;
          const waive = isCreditor && !["waived", "lifted", "rejected", "expired", "lifting"].includes(procedure.status)
            ? `<form method="post" action="/portal/files/${esc(fileId)}/procedures/${esc(procedure.id)}/waive">${csrf}<input name="reason" value="${esc(t(lang, "تسوية مع المدين", "Settled with the debtor"))}" aria-label="${t(lang, "السبب", "Reason")}"><button type="submit" class="waive">${t(lang, "تنازل", "Waive")}</button></form>`
            : "";
          return `<tr data-procedure-id="${esc(procedure.id)}"><td>${esc(kind)}</td><td class="status">${esc(status)}</td><td>${waive}</td></tr>`;
        })
        .join("");
      const requestForm = isCreditor && detail.file.status === "open"
        ? `<div class="card"><h2>${t(lang, "طلب إجراء", "Request a measure")}</h2>
<form method="post" action="/portal/files/${esc(fileId)}/procedures" id="request-form">${csrf}
<label for="debtorPartyId">${t(lang, "المنفذ ضده", "Debtor")}</label><select id="debtorPartyId" name="debtorPartyId">${debtors.map((party) => `<option value="${esc(party.id)}">${esc((lang === "ar" ? party.person_ar ?? party.company_ar : party.person_en ?? party.company_en) ?? "")}</option>`).join("")}</select>
<label for="kind">${t(lang, "الإجراء", "Measure")}</label><select id="kind" name="kind"><option value="vehicle_seizure">${esc(procedureKindLabels.vehicle_seizure[lang])}</option><option value="bank_attachment">${esc(procedureKindLabels.bank_attachment[lang])}</option></select>
<label for="amount">${t(lang, "المبلغ (للحجز لدى البنوك)", "Amount (bank attachment)")}</label><input id="amount" name="amount" dir="ltr" placeholder="100.000">
<button type="submit" id="request-submit">${t(lang, "متابعة للتوقيع", "Continue to signing")}</button></form></div>`
        : "";
      return send(
        reply,
        page({
          lang,
          title: { ar: `ملف التنفيذ ${detail.file.number}`, en: `Enforcement file ${detail.file.number}` },
          switchTo: `/portal/files/${fileId}`,
          body: `<p>${t(lang, "المتبقي", "Outstanding")}: <span dir="ltr">${esc(formatKwd(detail.outstanding))}</span> ${t(lang, "د.ك", "KWD")}</p>
<table id="procedures"><tbody>${procedures}</tbody></table>${requestForm}<p><a href="/">${t(lang, "ملفاتي", "My files")}</a></p>${logoutForm(s)}`,
        }),
      );
    });

    const startSigning = async (request: FastifyRequest, reply: FastifyReply, build: (body: Record<string, string>) => Parameters<typeof createSigningRequest>[2]) => {
      const s = await signedIn(request, reply);
      if (!s) return reply.redirect("/auth/login", 303);
      if (!csrfOk(request, s.session)) return send(reply, errorPage(s.lang, new DomainError("FORBIDDEN", { reason: "csrf" })).html, 403);
      try {
        const created = await createSigningRequest(deps, s.context, build((request.body ?? {}) as Record<string, string>));
        return reply.redirect(`/portal/signing/${created.id}`, 303);
      } catch (error) {
        const failed = errorPage(s.lang, error);
        return send(reply, failed.html, failed.status);
      }
    };

    scope.post("/portal/files/:fileId/procedures", { schema: { hide: true } }, async (request, reply) => {
      const { fileId } = request.params as { fileId: string };
      return startSigning(request, reply, (body) => {
        if (!uuid.safeParse(fileId).success || !uuid.safeParse(body.debtorPartyId).success) throw new DomainError("VALIDATION_FAILED");
        const debtorPartyId = body.debtorPartyId!;
        return procedureRequestIntent(
          body.kind === "bank_attachment"
            ? { kind: "bank_attachment", fileId, debtorPartyId, amount: parseKwd(String(body.amount ?? "")), banks: "all" }
            : { kind: "vehicle_seizure", fileId, debtorPartyId },
        );
      });
    });

    scope.post("/portal/files/:fileId/procedures/:procedureId/waive", { schema: { hide: true } }, async (request, reply) => {
      const { fileId, procedureId } = request.params as { fileId: string; procedureId: string };
      return startSigning(request, reply, (body) => {
        const reason = String(body.reason ?? "").trim();
        if (!uuid.safeParse(fileId).success || !uuid.safeParse(procedureId).success || !reason || reason.length > 1000) throw new DomainError("VALIDATION_FAILED");
        return waiveIntent({ fileId, procedureId, reason });
      });
    });

    scope.get("/portal/signing/:id", { schema: { hide: true } }, async (request, reply) => {
      const s = await signedIn(request, reply);
      if (!s) return reply.redirect("/auth/login", 303);
      const { id } = request.params as { id: string };
      const lang = s.lang;
      let signing;
      try {
        if (!uuid.safeParse(id).success) throw new DomainError("NOT_FOUND");
        signing = await readSigningRequest(deps, s.context, id);
      } catch (error) {
        const failed = errorPage(lang, error);
        return send(reply, failed.html, failed.status);
      }
      const phone = identity.idp ? `<p><a target="_blank" id="phone-link" href="${esc(withLang(`${identity.idpMountPath()}/phone?civilId=${s.subject.civilId}`, lang))}">${t(lang, "فتح الهاتف التجريبي", "Open the simulated phone")}</a></p>` : "";
      const state =
        signing.status === "pending"
          ? `<p id="signing-pending">${t(lang, "وافق على طلب التوقيع في تطبيق الهوية على هاتفك.", "Approve the signing request in the ID app on your phone.")}</p>${phone}`
          : signing.status === "approved"
            ? `<p id="signing-approved">${t(lang, "تم التوقيع.", "Signed.")}</p><form method="post" action="/portal/signing/${esc(id)}/submit"><input type="hidden" name="csrf" value="${esc(s.session.csrfToken)}"><button type="submit" id="submit-signed">${t(lang, "تقديم الطلب الموقّع", "Submit the signed request")}</button></form>`
            : `<p class="error" id="signing-${signing.status}">${signing.status === "rejected" ? t(lang, "رُفض التوقيع.", "The signature was rejected.") : t(lang, "انتهت مهلة التوقيع.", "The signing request expired.")}</p>`;
      return send(
        reply,
        page({
          lang,
          title: { ar: "توقيع الطلب بالهوية الرقمية", en: "Sign the request with the mobile ID" },
          switchTo: `/portal/signing/${id}`,
          refreshSeconds: signing.status === "pending" ? 2 : undefined,
          body: `<div class="card"><p id="summary">${isolatedHtml(signing.summary[lang])}</p><p class="muted">${t(lang, "بصمة الطلب", "Request digest")}: <code dir="ltr">${esc(signing.digest)}</code></p></div>${state}<p><a href="/portal/files/${esc(signing.fileId)}">${t(lang, "عودة إلى الملف", "Back to the file")}</a></p>`,
        }),
      );
    });

    scope.post("/portal/signing/:id/submit", { schema: { hide: true } }, async (request, reply) => {
      const s = await signedIn(request, reply);
      if (!s) return reply.redirect("/auth/login", 303);
      if (!csrfOk(request, s.session)) return send(reply, errorPage(s.lang, new DomainError("FORBIDDEN", { reason: "csrf" })).html, 403);
      const { id } = request.params as { id: string };
      try {
        if (!uuid.safeParse(id).success) throw new DomainError("NOT_FOUND");
        const { fileId } = await carryOutSignedRequest(deps, s.context, id);
        return reply.redirect(`/portal/files/${fileId}`, 303);
      } catch (error) {
        const failed = errorPage(s.lang, error);
        return send(reply, failed.html, failed.status);
      }
    });
  });
}
