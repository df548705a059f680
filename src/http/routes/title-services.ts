import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { attestTitleService } from "../../app/title-service/attest-title-service.ts";
import { readTitleServices } from "../../app/title-service/read-title-services.ts";
import { iso } from "../dto.ts";
import { instant, line, authenticated, sessionOnly, useCaseContext, uuid, type Router } from "../route-kit.ts";

const service = z.object({
  id: z.string(),
  debtorPartyId: z.string(),
  servedAt: z.string(),
  channel: z.string().describe("app, email or sms (the electronic notice) or process_server"),
  reference: z.string().nullable(),
  noticeId: z.string().nullable(),
  documentId: z.string().nullable(),
  recordedAt: z.string(),
});

export function titleServiceRoutes(router: Router, deps: AppDeps): void {
  router.get(
    "/api/v1/files/:fileId/title-services",
    {
      schema: {
        summary: "Service of the title on each debtor: by electronic notice (at its legal-effect time) or by a process server, and the date enforcement may start",
        tags: ["files", "notices"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: {
          200: z.object({
            services: z.array(service),
            debtors: z.array(z.object({ debtorPartyId: z.string(), servedAt: z.string().nullable(), waitingDays: z.number(), mayStartOn: z.string().nullable() })),
          }),
        },
      },
    },
    async (request) => {
      const { services, debtors } = await readTitleServices(deps, useCaseContext(request), request.params.fileId);
      return {
        services: services.map((entry) => ({
          id: entry.id,
          debtorPartyId: entry.debtorPartyId,
          servedAt: entry.servedAt.toISOString(),
          channel: entry.channel,
          reference: entry.reference,
          noticeId: entry.noticeId,
          documentId: entry.documentId,
          recordedAt: entry.recordedAt.toISOString(),
        })),
        debtors: debtors.map((debtor) => ({ ...debtor, servedAt: iso(debtor.servedAt) })),
      };
    },
  );

  router.post(
    "/api/v1/files/:fileId/title-services",
    {
      schema: {
        summary: "A clerk attests service of the title by a process server, from the server's report",
        tags: ["files", "back office"],
        ...sessionOnly,
        params: z.object({ fileId: uuid }).strict(),
        body: z
          .object({
            debtorPartyId: uuid,
            servedAt: instant().describe("When the process server served the title (ISO 8601)"),
            reference: line().trim().min(1).max(100).describe("The process server's report number"),
            documentId: uuid.optional().describe("The scanned report, uploaded to the file first"),
            note: z.string().max(2000).optional(),
          })
          .strict(),
        response: { 201: service },
      },
    },
    async (request, reply) => {
      const { servedAt, documentId, note, ...rest } = request.body;
      const attested = await attestTitleService(deps, useCaseContext(request), {
        fileId: request.params.fileId,
        ...rest,
        servedAt: new Date(servedAt),
        documentId: documentId ?? null,
        note: note ?? null,
      });
      return reply.code(201).send({
        id: attested.id,
        debtorPartyId: attested.debtorPartyId,
        servedAt: attested.servedAt.toISOString(),
        channel: attested.channel,
        reference: attested.reference,
        noticeId: null,
        documentId: attested.documentId,
        recordedAt: attested.recordedAt.toISOString(),
      });
    },
  );
}
