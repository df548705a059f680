import { z } from "zod";
import { grantStaffRole, revokeStaffRole } from "../../app/registry.ts";
import { parseCivilId } from "../../domain/identifiers/index.ts";
import { iso } from "../dto.ts";
import { sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const staffRoleRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/staff-roles",
    {
      schema: {
        summary: "Grant a staff role (administrator); an agency officer is bound to one agency, e.g. bank:NBOK",
        tags: ["access"],
        ...sessionOnly,
        body: z
          .object({
            civilId: z.string().max(20),
            role: z.enum(["clerk", "judge", "auditor", "administrator", "agency_officer"]),
            agencyKey: z.string().regex(/^(bank:[A-Z]{4}|traffic|ports|civil_info|clearing)$/).nullable().default(null),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), replayed: z.boolean() }), 201: z.object({ id: z.string(), replayed: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const granted = await grantStaffRole(deps, useCaseContext(request), { ...request.body, civilId: parseCivilId(request.body.civilId) });
      return reply.code(granted.replayed ? 200 : 201).send(granted);
    },
  );

  router.post(
    "/api/v1/staff-roles/:staffRoleId/revoke",
    {
      schema: {
        summary: "Revoke a staff role (administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ staffRoleId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }) },
      },
    },
    async (request) => {
      const revoked = await revokeStaffRole(deps, useCaseContext(request), { staffRoleId: request.params.staffRoleId, reason: request.body.reason });
      return { id: revoked.id, revokedAt: iso(revoked.revokedAt)! };
    },
  );
};
