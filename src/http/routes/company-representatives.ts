import { z } from "zod";
import { addCompanyRepresentative, removeCompanyRepresentative } from "../../app/registry.ts";
import { parseCivilId, parseCrNumber } from "../../domain/identifiers/index.ts";
import { iso } from "../dto.ts";
import { instant, sessionOnly, useCaseContext, type RouteModule } from "../route-kit.ts";

const representative = z.object({ crNumber: z.string(), civilId: z.string(), validFrom: z.string().optional(), validUntil: z.string().nullable() });

export const companyRepresentativeRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/companies/:crNumber/representatives",
    {
      schema: {
        summary: "Register a person entitled to act for a company (clerk or administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ crNumber: z.string().max(20) }).strict(),
        body: z.object({ civilId: z.string().max(20), validUntil: instant().nullable().default(null) }).strict(),
        response: { 201: representative },
      },
    },
    async (request, reply) => {
      const added = await addCompanyRepresentative(deps, useCaseContext(request), {
        crNumber: parseCrNumber(request.params.crNumber),
        civilId: parseCivilId(request.body.civilId),
        validUntil: request.body.validUntil === null ? null : new Date(request.body.validUntil),
      });
      return reply.code(201).send({ ...added, validFrom: iso(added.validFrom)!, validUntil: iso(added.validUntil) });
    },
  );

  router.post(
    "/api/v1/companies/:crNumber/representatives/:civilId/revoke",
    {
      schema: {
        summary: "End a person's entitlement to act for a company (clerk or administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ crNumber: z.string().max(20), civilId: z.string().max(20) }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: representative },
      },
    },
    async (request) => {
      const ended = await removeCompanyRepresentative(deps, useCaseContext(request), {
        crNumber: parseCrNumber(request.params.crNumber),
        civilId: parseCivilId(request.params.civilId),
        reason: request.body.reason,
      });
      return { ...ended, validUntil: iso(ended.validUntil) };
    },
  );
};
