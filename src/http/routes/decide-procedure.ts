import { z } from "zod";
import { decideProcedure } from "../../app/decide-procedure.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const decideProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/decision",
    {
      schema: {
        summary: "Decide a referred procedure with reasons (clerk; a travel ban: judge)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z.object({ decision: z.enum(["grant", "reject"]), reasons: z.string().trim().min(1).max(4000) }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request) => decideProcedure(deps, useCaseContext(request), { ...request.params, ...request.body }),
  );
};
