/**
 * Titles submitted online: the creditor (or their lawyer) submits the details, then the
 * copy of the title (multipart, one file, its type read from its content); a clerk opens
 * the file from it or rejects it with reasons; the submitter follows it. Multipart is
 * registered in this scope only.
 */
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import type { DocumentServices } from "../../app/documents/services.ts";
import { attachTitleCopy } from "../../app/title-submissions/attach-title-copy.ts";
import { openFileFromSubmission } from "../../app/title-submissions/open-file-from-submission.ts";
import { downloadTitleCopy, listTitleSubmissions, readTitleSubmissionFor } from "../../app/title-submissions/read-title-submissions.ts";
import { rejectTitleSubmission } from "../../app/title-submissions/reject-title-submission.ts";
import type { TitleSubmissionView } from "../../app/title-submissions/submission-view.ts";
import { submitTitle } from "../../app/title-submissions/submit-title.ts";
import { extensionOf, type DocumentMediaType } from "../../domain/documents/documents.ts";
import { titleSubmissionStatuses } from "../../domain/file/title-submission.ts";
import { iso, kwd } from "../dto.ts";
import { sessionOnly, useCaseContext, uuid, type Router } from "../route-kit.ts";
import { readUploadedFile, registerMultipart } from "./documents.ts";
import { titleDetailsBody, titleDetailsFromWire } from "./open-file.ts";

const partyOut = z.union([z.object({ civilId: z.string() }), z.object({ crNumber: z.string() })]);

const submissionResponse = z.object({
  id: z.string(),
  status: z.enum(titleSubmissionStatuses as [string, ...string[]]),
  submittedBy: z.string(),
  submitterRole: z.enum(["creditor", "lawyer"]),
  title: z.object({
    type: z.string(),
    court: z.string(),
    caseNumber: z.string(),
    issuedOn: z.string(),
    isFinal: z.boolean(),
    hasExecutoryFormula: z.boolean(),
    grantsInterest: z.boolean(),
  }),
  creditors: z.array(z.union([z.object({ civilId: z.string(), payoutIban: z.string().nullable() }), z.object({ crNumber: z.string(), payoutIban: z.string().nullable() })])),
  debtors: z.array(partyOut),
  claim: z.object({ principal: z.string(), costs: z.string(), fees: z.string(), interest: z.string() }),
  copy: z.object({ mediaType: z.string(), sha256: z.string(), sizeBytes: z.number(), name: z.string().nullable(), uploadedAt: z.string() }).nullable(),
  reviewItemId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectionReasons: z.string().nullable().describe("The clerk's reasons, when rejected"),
  fileId: z.string().nullable().describe("The enforcement file opened from it"),
  fileNumber: z.string().nullable(),
  documentId: z.string().nullable().describe("The copy, filed on the opened file"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

function submissionDto(view: TitleSubmissionView): z.infer<typeof submissionResponse> {
  return {
    id: view.id,
    status: view.status,
    submittedBy: view.submittedBy,
    submitterRole: view.submitterRole,
    title: view.title,
    creditors: view.creditors.map((creditor) =>
      "civilId" in creditor ? { civilId: creditor.civilId, payoutIban: creditor.payoutIban ?? null } : { crNumber: creditor.crNumber, payoutIban: creditor.payoutIban ?? null },
    ),
    debtors: view.debtors.map((debtor) => ("civilId" in debtor ? { civilId: debtor.civilId } : { crNumber: debtor.crNumber })),
    claim: { principal: kwd(view.claim.principal)!, costs: kwd(view.claim.costs)!, fees: kwd(view.claim.fees)!, interest: kwd(view.claim.interest)! },
    copy: view.copy ? { ...view.copy, uploadedAt: view.copy.uploadedAt.toISOString() } : null,
    reviewItemId: view.reviewItemId,
    decidedAt: iso(view.decidedAt),
    rejectionReasons: view.rejectionReasons,
    fileId: view.fileId,
    fileNumber: view.fileNumber,
    documentId: view.documentId,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

const params = z.object({ submissionId: uuid }).strict();

export function titleSubmissionRoutes(router: Router, deps: AppDeps, services: DocumentServices): void {
  router.post(
    "/api/v1/title-submissions",
    {
      schema: {
        summary: "Submit an executory title online (a creditor, or their lawyer): the same details a clerk opens a file from; the copy follows",
        tags: ["title submissions"],
        ...sessionOnly,
        body: titleDetailsBody,
        response: { 201: submissionResponse },
      },
    },
    async (request, reply) => reply.code(201).send(submissionDto(await submitTitle(deps, useCaseContext(request), titleDetailsFromWire(request.body)))),
  );

  router.get(
    "/api/v1/title-submissions",
    {
      schema: {
        summary: "Title submissions: mine and my principals' (staff: all), newest first",
        tags: ["title submissions"],
        ...sessionOnly,
        querystring: z.object({ status: z.enum(titleSubmissionStatuses as [string, ...string[]]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: { 200: z.object({ submissions: z.array(submissionResponse) }) },
      },
    },
    async (request) => {
      const { status, limit } = request.query;
      const views = await listTitleSubmissions(deps, useCaseContext(request), { limit, ...(status ? { status: status as TitleSubmissionView["status"] } : {}) });
      return { submissions: views.map(submissionDto) };
    },
  );

  router.get(
    "/api/v1/title-submissions/:submissionId",
    {
      schema: { summary: "One title submission: its status, the clerk's reasons, the file opened from it", tags: ["title submissions"], ...sessionOnly, params, response: { 200: submissionResponse } },
    },
    async (request) => submissionDto(await readTitleSubmissionFor(deps, useCaseContext(request), request.params.submissionId)),
  );

  router.get(
    "/api/v1/title-submissions/:submissionId/copy",
    {
      schema: { summary: "Download the submitted copy of the title (logged as a read)", tags: ["title submissions"], ...sessionOnly, params },
    },
    async (request, reply) => {
      const copy = await downloadTitleCopy(deps, services, useCaseContext(request), request.params.submissionId);
      return reply
        .header("content-type", copy.mediaType)
        .header("content-disposition", `attachment; filename="executory_title_copy-${copy.submission.id}.${extensionOf[copy.mediaType as DocumentMediaType]}"`)
        .header("cache-control", "private, no-store")
        .header("x-content-type-options", "nosniff")
        .header("x-document-sha256", copy.sha256)
        .send(copy.bytes);
    },
  );

  router.post(
    "/api/v1/title-submissions/:submissionId/open",
    {
      schema: {
        summary: "A clerk opens the enforcement file from a submitted title (its copy is filed on it, verified)",
        tags: ["title submissions", "back office"],
        ...sessionOnly,
        params,
        body: z.object({ note: z.string().max(2000).optional() }).strict(),
        response: { 200: submissionResponse },
      },
    },
    async (request) => submissionDto(await openFileFromSubmission(deps, useCaseContext(request), { submissionId: request.params.submissionId, note: request.body.note ?? null })),
  );

  router.post(
    "/api/v1/title-submissions/:submissionId/rejection",
    {
      schema: {
        summary: "A clerk rejects a submitted title, with reasons the submitter sees",
        tags: ["title submissions", "back office"],
        ...sessionOnly,
        params,
        body: z.object({ reasons: z.string().max(2000) }).strict(),
        response: { 200: submissionResponse },
      },
    },
    async (request) => submissionDto(await rejectTitleSubmission(deps, useCaseContext(request), { submissionId: request.params.submissionId, reasons: request.body.reasons })),
  );

  // The copy's upload, with multipart registered in its own scope.
  void router.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await registerMultipart(scope, services.maxUploadBytes);
    scope.post(
      "/api/v1/title-submissions/:submissionId/copy",
      {
        schema: {
          summary: "Attach the copy of the title (PDF, JPEG or PNG, multipart/form-data with one file): the submission then goes to the clerks' queue",
          tags: ["title submissions"],
          consumes: ["multipart/form-data"],
          ...sessionOnly,
          params,
          response: { 200: submissionResponse },
        },
      },
      async (request) => {
        const context = useCaseContext(request);
        const upload = await readUploadedFile(request, services.maxUploadBytes);
        return submissionDto(await attachTitleCopy(deps, services, context, { submissionId: request.params.submissionId, name: upload.name, bytes: upload.bytes }));
      },
    );
  });
}
