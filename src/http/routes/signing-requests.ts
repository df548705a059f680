import { z } from "zod";
import { createSigningRequest, readSigningRequest, type SigningRequestView } from "../../app/signing-requests.ts";
import { procedureRequestIntent, waiveIntent } from "../../app/signing.ts";
import { iso } from "../dto.ts";
import { sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";
import { procedureRequestBody, procedureRequestFromWire } from "./request-procedure.ts";
import { waiveBody } from "./waive-procedure.ts";

export const signingRequestView = z.object({
  id: z.string(),
  purpose: z.string(),
  fileId: z.string(),
  digest: z.string().describe("sha256 of the canonical JSON of what is signed; the phone shows it"),
  summary: z.object({ ar: z.string(), en: z.string() }),
  status: z.enum(["pending", "approved", "rejected", "expired"]),
  expiresAt: z.string(),
  proof: z.string().nullable().describe("The signing proof (compact JWS, ES256) once approved"),
});

const toWire = (request: SigningRequestView) => ({ ...request, expiresAt: iso(request.expiresAt)! });

export const signingRequestRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/signing-requests",
    {
      schema: {
        summary: "Ask to sign a request with the mobile ID: the phone shows its summary and digest; then submit it with signingRequestId",
        tags: ["signing"],
        ...sessionOnly,
        body: z.discriminatedUnion("purpose", [
          z.object({ purpose: z.literal("procedure.request"), fileId: uuid, request: procedureRequestBody }).strict(),
          z.object({ purpose: z.literal("procedure.waive"), fileId: uuid, procedureId: uuid, request: waiveBody }).strict(),
        ]),
        response: { 201: signingRequestView },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const intent =
        body.purpose === "procedure.request"
          ? procedureRequestIntent(procedureRequestFromWire(body.fileId, body.request))
          : waiveIntent({ fileId: body.fileId, procedureId: body.procedureId, reason: body.request.reason });
      const created = await createSigningRequest(deps, useCaseContext(request), intent);
      return reply.code(201).send(toWire(created));
    },
  );

  router.get(
    "/api/v1/signing-requests/:id",
    {
      schema: {
        summary: "A signing request of mine, with the answer from the phone",
        tags: ["signing"],
        ...sessionOnly,
        params: z.object({ id: uuid }).strict(),
        response: { 200: signingRequestView },
      },
    },
    async (request) => toWire(await readSigningRequest(deps, useCaseContext(request), request.params.id)),
  );
};
