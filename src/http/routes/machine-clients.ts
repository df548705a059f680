import { z } from "zod";
import { createMachineClient, listMachineClients, machineScopes, revokeMachineClient } from "../../app/machine-clients.ts";
import { parseCrNumber } from "../../domain/identifiers/index.ts";
import { iso } from "../dto.ts";
import { line, sessionOnly, useCaseContext, type RouteModule } from "../route-kit.ts";

const client = z.object({
  clientId: z.string(),
  crNumber: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const machineClientRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/machine-clients",
    {
      schema: {
        summary: "Register an institutional creditor's API client (administrator); the secret is shown once",
        tags: ["access"],
        ...sessionOnly,
        body: z.object({ crNumber: z.string().max(20), name: line().trim().min(1).max(200), scopes: z.array(z.enum(machineScopes)).min(1).max(3) }).strict(),
        response: { 201: client.extend({ clientSecret: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await createMachineClient(deps, useCaseContext(request), { ...request.body, crNumber: parseCrNumber(request.body.crNumber) });
      return reply.code(201).send({ ...created, createdAt: iso(created.createdAt)!, revokedAt: null });
    },
  );

  router.get(
    "/api/v1/machine-clients",
    { schema: { summary: "API clients (administrator)", tags: ["access"], ...sessionOnly, response: { 200: z.object({ clients: z.array(client) }) } } },
    async (request) => ({
      clients: (await listMachineClients(deps, useCaseContext(request))).map((row) => ({ ...row, createdAt: iso(row.createdAt)!, revokedAt: iso(row.revokedAt) })),
    }),
  );

  router.post(
    "/api/v1/machine-clients/:clientId/revoke",
    {
      schema: {
        summary: "Revoke an API client and every token it holds, at once (administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ clientId: z.string().max(64) }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ clientId: z.string(), revokedAt: z.string() }) },
      },
    },
    async (request) => {
      const revoked = await revokeMachineClient(deps, useCaseContext(request), { clientId: request.params.clientId, reason: request.body.reason });
      return { clientId: revoked.clientId, revokedAt: iso(revoked.revokedAt)! };
    },
  );
};
