import { z } from "zod";
import { registerMandate, revokeMandate, verifyMandate } from "../../app/registry.ts";
import { parseCivilId, parseCrNumber } from "../../domain/identifiers/index.ts";
import { instant, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const mandateRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/mandates",
    {
      schema: {
        summary: "Register a lawyer's power of attorney (clerk); it counts only once a clerk verifies it",
        tags: ["access"],
        ...sessionOnly,
        body: z
          .object({
            lawyerCivilId: z.string().max(20),
            principal: z.union([z.object({ civilId: z.string().max(20) }).strict(), z.object({ crNumber: z.string().max(20) }).strict()]),
            fileId: uuid.nullable().default(null).describe("null: every file of the principal"),
            scopes: z.array(z.enum(["view", "request", "waive"])).min(1).max(3),
            validFrom: instant(),
            validUntil: instant(),
          })
          .strict(),
        response: { 201: z.object({ id: z.string(), status: z.literal("registered") }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const id = await registerMandate(
        deps,
        useCaseContext(request),
        {
          lawyerCivilId: parseCivilId(body.lawyerCivilId),
          principal: "civilId" in body.principal ? { civilId: parseCivilId(body.principal.civilId) } : { crNumber: parseCrNumber(body.principal.crNumber) },
          fileId: body.fileId,
          scopes: [...new Set(body.scopes)],
          validFrom: new Date(body.validFrom),
          validUntil: new Date(body.validUntil),
        },
        { verified: false },
      );
      return reply.code(201).send({ id, status: "registered" as const });
    },
  );

  router.post(
    "/api/v1/mandates/:mandateId/verify",
    {
      schema: {
        summary: "Verify a registered power of attorney against the deed (clerk)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ mandateId: uuid }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.literal("verified") }) },
      },
    },
    async (request) => verifyMandate(deps, useCaseContext(request), { mandateId: request.params.mandateId }),
  );

  router.post(
    "/api/v1/mandates/:mandateId/revoke",
    {
      schema: {
        summary: "Record the end of a power of attorney (clerk)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ mandateId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.literal("revoked") }) },
      },
    },
    async (request) => revokeMandate(deps, useCaseContext(request), { mandateId: request.params.mandateId, reason: request.body.reason }),
  );
};
