/**
 * Documents on a file: upload (multipart, one file; the type is sniffed from the bytes),
 * list, download, and issue the department's PDFs with their verification codes.
 * Multipart is registered in this scope only.
 */
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { contentDisposition, documentMediaTypes, uploadedDocumentKinds } from "../../domain/documents/documents.ts";

const uploadExtensions = [".pdf", ".jpg", ".jpeg", ".png"];
import { DomainError } from "../../domain/errors.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { DocumentView } from "../../app/documents/document-view.ts";
import { issueDocument, type IssueInput } from "../../app/documents/issue-document.ts";
import { downloadDocument, listDocuments } from "../../app/documents/read-documents.ts";
import type { DocumentServices } from "../../app/documents/services.ts";
import { uploadDocument } from "../../app/documents/upload-document.ts";
import { authenticated, useCaseContext, uuid, type Router } from "../route-kit.ts";

export const documentResponse = z.object({
  id: z.string(),
  fileId: z.string(),
  procedureId: z.string().nullable(),
  orderId: z.string().nullable(),
  disputeId: z.string().nullable().describe("The enforcement dispute it was filed with"),
  instalmentPlanId: z.string().nullable().describe("The instalment plan it was filed with"),
  kind: z.string(),
  origin: z.enum(["uploaded", "generated"]),
  mediaType: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  name: z.string().nullable(),
  createdAt: z.string(),
  verificationCode: z.string().nullable(),
  verification: z
    .object({
      status: z.enum(["not_required", "pending", "verified", "rejected"]),
      reasons: z.string().nullable(),
      decidedAt: z.string().nullable(),
    })
    .describe("A clerk's verification of an uploaded copy (title, power of attorney, evidence); a rejection carries its reasons"),
});

export function documentDto(document: DocumentView): z.infer<typeof documentResponse> {
  return {
    id: document.id,
    fileId: document.fileId,
    procedureId: document.procedureId,
    orderId: document.orderId,
    disputeId: document.disputeId,
    instalmentPlanId: document.instalmentPlanId,
    kind: document.kind,
    origin: document.origin,
    mediaType: document.mediaType,
    sha256: document.sha256,
    sizeBytes: document.sizeBytes,
    name: document.name,
    createdAt: document.createdAt.toISOString(),
    verificationCode: document.verificationCode,
    verification: { status: document.verification.status, reasons: document.verification.reasons, decidedAt: document.verification.decidedAt?.toISOString() ?? null },
  };
}

/** The base of public addresses: configured, else where this request came in. */
export function publicBaseUrl(services: DocumentServices, request: FastifyRequest): string {
  return services.publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * Reads the one uploaded file of a multipart request, within the size limit; nothing is
 * stored here. The whole body is read, so a second file or a field after the first file
 * is refused too (reading only the first part would silently ignore them).
 */
export async function readUploadedFile(request: FastifyRequest, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new DomainError("UNSUPPORTED_MEDIA_TYPE", { expected: "multipart/form-data" });
  let upload: { name: string; bytes: Buffer } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 2 } })) {
      if (part.type !== "file" || upload !== null) throw new DomainError("VALIDATION_FAILED", { field: "file", reason: "one file only" });
      // The file's name is metadata only, cleaned by the use case (controls and bidi characters removed: docs/documents.md), not refused.
      upload = { name: part.filename, bytes: await part.toBuffer() };
    }
  } catch (error) {
    throw multipartError(error, maxBytes);
  }
  if (!upload) throw new DomainError("VALIDATION_FAILED", { field: "file", reason: "missing" });
  return upload;
}

function multipartError(error: unknown, maxBytes: number): Error {
  const code = (error as { code?: string }).code;
  if (code === "FST_REQ_FILE_TOO_LARGE") return new DomainError("PAYLOAD_TOO_LARGE", { maxBytes });
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") return new DomainError("VALIDATION_FAILED", { field: "file", reason: "one file only" });
  if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") return new DomainError("UNSUPPORTED_MEDIA_TYPE", { expected: "multipart/form-data" });
  if (error instanceof DomainError) return error;
  // Anything else here is the parser failing on the body itself (no boundary, a form cut short, a malformed part header): the client's fault.
  return new DomainError("VALIDATION_FAILED", { field: "file", reason: "malformed multipart body" });
}

export function registerMultipart(scope: Router, maxBytes: number) {
  return scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 2, fieldNameSize: 100, headerPairs: 50 } });
}

const issueBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("request_receipt"), procedureId: uuid }).strict(),
  z.object({ kind: z.literal("agency_order"), orderId: uuid }).strict(),
  z.object({ kind: z.literal("lift_certificate"), orderId: uuid }).strict(),
  z.object({ kind: z.literal("release_certificate") }).strict(),
]);

export function documentRoutes(router: Router, deps: AppDeps, services: DocumentServices): void {
  void router.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await registerMultipart(scope, services.maxUploadBytes);

    scope.post(
      "/api/v1/files/:fileId/documents",
      {
        schema: {
          summary: "Upload a document (PDF, JPEG or PNG, as multipart/form-data with one file); its type is read from its content, its name is kept only as metadata",
          tags: ["documents"],
          consumes: ["multipart/form-data"],
          ...authenticated,
          params: z.object({ fileId: uuid }).strict(),
          querystring: z.object({ kind: z.enum(uploadedDocumentKinds), procedureId: uuid.optional() }).strict(),
          response: { 201: documentResponse },
        },
      },
      async (request, reply) => {
        const context = useCaseContext(request);
        const upload = await readUploadedFile(request, services.maxUploadBytes);
        const document = await uploadDocument(deps, services, context, {
          fileId: request.params.fileId,
          procedureId: request.query.procedureId ?? null,
          kind: request.query.kind,
          name: upload.name,
          bytes: upload.bytes,
        });
        return reply.code(201).send(documentDto(document));
      },
    );

    scope.get(
      "/api/v1/documents/upload-limits",
      {
        schema: {
          summary: "What an upload may be, said before it is sent: the types accepted (read from the content) and the size limit of this installation",
          tags: ["documents"],
          ...authenticated,
          response: {
            200: z.object({
              maxBytes: z.number().describe("DOCUMENTS_MAX_UPLOAD_BYTES"),
              mediaTypes: z.array(z.enum(documentMediaTypes)),
              extensions: z.array(z.string()).describe("The usual file name extensions of those types (a hint for the file picker; the content decides)"),
            }),
          },
        },
      },
      async () => ({ maxBytes: services.maxUploadBytes, mediaTypes: [...documentMediaTypes], extensions: uploadExtensions }),
    );

    scope.get(
      "/api/v1/files/:fileId/documents",
      {
        schema: {
          summary: "The documents of a file (uploaded and issued)",
          tags: ["documents"],
          ...authenticated,
          params: z.object({ fileId: uuid }).strict(),
          response: { 200: z.object({ documents: z.array(documentResponse) }) },
        },
      },
      async (request) => ({ documents: (await listDocuments(deps, useCaseContext(request), request.params.fileId)).map(documentDto) }),
    );

    scope.get(
      "/api/v1/documents/:documentId/content",
      {
        schema: {
          summary: "Download a document (logged as a read in the file's action log)",
          tags: ["documents"],
          ...authenticated,
          params: z.object({ documentId: uuid }).strict(),
        },
      },
      async (request, reply) => {
        const { document, bytes } = await downloadDocument(deps, services, useCaseContext(request), request.params.documentId);
        return reply
          .header("content-type", document.mediaType)
          .header("content-disposition", contentDisposition(document))
          .header("cache-control", "private, no-store")
          .header("x-content-type-options", "nosniff")
          .header("x-document-sha256", document.sha256)
          .send(bytes);
      },
    );

    scope.post(
      "/api/v1/files/:fileId/documents/issue",
      {
        schema: {
          summary: "Issue a PDF (request receipt, agency order, lift or release certificate) with a QR code of its verification address",
          tags: ["documents"],
          ...authenticated,
          params: z.object({ fileId: uuid }).strict(),
          body: issueBody,
          response: { 201: z.object({ document: documentResponse, verifyUrl: z.string() }) },
        },
      },
      async (request, reply) => {
        const input = { ...request.body, fileId: request.params.fileId } as IssueInput;
        const issued = await issueDocument(deps, services, useCaseContext(request), input, publicBaseUrl(services, request));
        return reply.code(201).send({ document: documentDto(issued.document), verifyUrl: issued.verifyUrl });
      },
    );
  });
}

