import { z } from "zod";
import { waiveProcedure } from "../../app/waive-procedure.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const waiveProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/waive",
    {
      schema: {
        summary: "Waive a measure: cancel it, or have every agency lift it",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request) =>
      waiveProcedure(deps, useCaseContext(request), { ...request.params, reason: request.body.reason }),
  );
};
