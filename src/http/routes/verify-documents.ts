/**
 * Public verification of issued documents, no sign-in: `/verify/<code>` (the address in
 * the QR code) is a page in Arabic and English; `/api/verify/<code>` the same as JSON.
 * POSTing a copy (multipart, one file) tells whether it is the document issued, byte for
 * byte. Only what the document itself shows is revealed: its kind, file number and issue time.
 * Both report the PDF's digital signature (`signature`; `copySignature` for a copy presented):
 * valid or not, over the whole document or not, and by which certificate.
 */
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import type { DocumentServices } from "../../app/documents/services.ts";
import { verifyDocument, type Verification } from "../../app/documents/verify-document.ts";
import type { PdfSignatureCheck } from "../../app/documents/pdf-signer.ts";
import { isDomainError } from "../../domain/errors.ts";
import type { Router } from "../route-kit.ts";
import { readUploadedFile, registerMultipart } from "./documents.ts";

const codeParams = z.object({ code: z.string().min(1).max(100) }).strict();

const certificateDto = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  fingerprintSha256: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});

const signatureDto = z.object({
  status: z.enum(["valid", "invalid", "unsigned"]),
  problem: z.enum(["digest_mismatch", "bad_signature", "not_whole_document", "unreadable"]).nullable(),
  subFilter: z.string().nullable(),
  coversWholeDocument: z.boolean(),
  signedAt: z.string().nullable(),
  signer: certificateDto.nullable(),
  departmentKey: z.boolean(),
});

function signatureView(check: PdfSignatureCheck | null): z.infer<typeof signatureDto> | null {
  if (check === null) return null;
  return {
    ...check,
    signedAt: check.signedAt?.toISOString() ?? null,
    signer: check.signer && { ...check.signer, validFrom: check.signer.validFrom.toISOString(), validTo: check.signer.validTo.toISOString() },
  };
}

const verificationResponse = z.object({
  code: z.string(),
  kind: z.string(),
  label: z.object({ ar: z.string(), en: z.string() }),
  fileNumber: z.string(),
  issuedAt: z.string(),
  issuedAtKuwait: z.string(),
  sha256: z.string(),
  authentic: z.literal(true),
  copyMatches: z.boolean().nullable(),
  copySha256: z.string().nullable(),
  /** The issued document's digital signature (PAdES); null when its bytes could not be read. */
  signature: signatureDto.nullable(),
  /** The copy's digital signature, when a copy was presented. */
  copySignature: signatureDto.nullable(),
});

function dto(verification: Verification): z.infer<typeof verificationResponse> {
  return { ...verification, issuedAt: verification.issuedAt.toISOString(), authentic: true, signature: signatureView(verification.signature), copySignature: signatureView(verification.copySignature) };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(body: string): string {
  return `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>التحقق من مستند — Document verification</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
.ok{color:#0a6b2d}.bad{color:#a40e0e}dt{font-weight:bold}dd{margin:0 0 .6rem}[lang=en]{direction:ltr;text-align:left}</style></head>
<body><h1>التحقق من مستند <span lang="en">/ Document verification</span></h1>${body}</body></html>`;
}

function verificationHtml(verification: Verification, code: string): string {
  const match =
    verification.copyMatches === null
      ? ""
      : verification.copyMatches
        ? `<p class="ok" role="status"><strong>النسخة المقدمة مطابقة للمستند الصادر.</strong> <span lang="en">The copy presented is identical to the document issued.</span></p>`
        : `<p class="bad" role="alert"><strong>النسخة المقدمة غير مطابقة: عُدّلت أو ليست المستند الصادر.</strong> <span lang="en">The copy presented does NOT match: it was altered or is not the document issued.</span></p>`;
  return page(`<p class="ok"><strong>مستند صادر عن الإدارة العامة للتنفيذ.</strong> <span lang="en">A document issued by the Enforcement Department.</span></p>
${match}
<dl>
<dt>نوع المستند <span lang="en">Document</span></dt><dd>${escapeHtml(verification.label.ar)} — <span lang="en">${escapeHtml(verification.label.en)}</span></dd>
<dt>رقم ملف التنفيذ <span lang="en">Enforcement file</span></dt><dd><bdi>${escapeHtml(verification.fileNumber)}</bdi></dd>
<dt>تاريخ الإصدار <span lang="en">Issued</span></dt><dd><bdi>${escapeHtml(verification.issuedAtKuwait)}</bdi></dd>
<dt>بصمة SHA-256 <span lang="en">SHA-256</span></dt><dd><code>${escapeHtml(verification.sha256)}</code></dd>
</dl>
<form method="post" action="/verify/${escapeHtml(code)}" enctype="multipart/form-data">
<label>تحقق من نسخة لديك (PDF) <span lang="en">Check a copy you hold (PDF)</span>: <input type="file" name="file" accept="application/pdf" required></label>
<button type="submit">تحقق <span lang="en">Verify</span></button>
</form>`);
}

const notFoundHtml = page(`<p class="bad" role="alert"><strong>لا يوجد مستند صادر بهذا الرمز.</strong> <span lang="en">No document was issued with this code.</span></p>`);

export function verifyRoutes(router: Router, deps: AppDeps, services: DocumentServices): void {
  void router.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await registerMultipart(scope, services.maxUploadBytes);

    scope.get(
      "/api/verify/:code",
      { schema: { summary: "Check an issued document by its verification code", tags: ["verification"], params: codeParams, response: { 200: verificationResponse } } },
      async (request) => dto(await verifyDocument(deps, services, request.params.code)),
    );
    scope.post(
      "/api/verify/:code",
      {
        schema: {
          summary: "Check whether a copy (multipart/form-data, one file) is byte for byte the document issued",
          tags: ["verification"],
          consumes: ["multipart/form-data"],
          params: codeParams,
          response: { 200: verificationResponse },
        },
      },
      async (request) => {
        const verification = await verifyDocument(deps, services, request.params.code);
        const copy = await readUploadedFile(request, services.maxUploadBytes);
        return dto(await verifyDocument(deps, services, verification.code, copy.bytes));
      },
    );

    const html = async (code: string, copy: Buffer | null) => {
      try {
        return { status: 200, body: verificationHtml(await verifyDocument(deps, services, code, copy), code) };
      } catch (error) {
        if (isDomainError(error) && error.code === "DOCUMENT_NOT_FOUND") return { status: 404, body: notFoundHtml };
        throw error;
      }
    };
    scope.get("/verify/:code", { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const { status, body } = await html(request.params.code, null);
      return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(body);
    });
    scope.post("/verify/:code", { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const copy = await readUploadedFile(request, services.maxUploadBytes);
      const { status, body } = await html(request.params.code, copy.bytes);
      return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(body);
    });
  });
}
