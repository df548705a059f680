/**
 * Public verification of issued documents, no sign-in: `/api/verify/<code>` answers what
 * the document is, as JSON; POSTing a copy (multipart, one file) tells whether it is the
 * document issued, byte for byte. Only what the document itself shows is revealed: its kind,
 * file number and issue time. Both report the PDF's digital signature (`signature`;
 * `copySignature` for a copy presented): valid or not, over the whole document or not, and
 * by which certificate. `/verify/<code>`, the address in the QR codes printed on issued
 * PDFs, sends the browser to the web application's page `/app/verify/<code>`
 * (web/src/pages/verify.tsx), which shows the same in Arabic or English.
 */
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import type { DocumentServices } from "../../app/documents/services.ts";
import { verifyDocument, type Verification } from "../../app/documents/verify-document.ts";
import type { PdfSignatureCheck } from "../../app/documents/pdf-signer.ts";
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

    // The address printed in the QR codes (and any typed without a code) opens the app's page,
    // in the person's language, which reads the JSON above: one page, to the app's standard.
    scope.get("/verify", { schema: { hide: true } }, async (_request, reply) => reply.redirect("/app/verify", 303));
    scope.get("/verify/:code", { schema: { hide: true, params: codeParams } }, async (request, reply) =>
      reply.redirect(`/app/verify/${encodeURIComponent(request.params.code)}`, 303),
    );
  });
}
