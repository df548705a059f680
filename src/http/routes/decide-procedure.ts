import { z } from "zod";
import { decideProcedure } from "../../app/decide-procedure.ts";
import { amountFromWire } from "../dto.ts";
import { authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const decideProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/decision",
    {
      schema: {
        summary: "Decide a referred procedure with reasons: grant, grant in part, reject (clerk; a travel ban: judge)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z
          .object({
            decision: z.enum(["grant", "grant_in_part", "reject"]),
            reasons: z.string().trim().min(1).max(4000),
            amount: kwdAmount.optional().describe("Grant in part of a bank attachment: the smaller amount granted"),
            conditions: z.string().trim().min(1).max(4000).optional().describe("Grant in part: the conditions of the measure"),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request) => {
      const { amount, ...body } = request.body;
      return decideProcedure(deps, useCaseContext(request), { ...request.params, ...body, ...(amount !== undefined ? { amount: amountFromWire(amount) } : {}) });
    },
  );
};
