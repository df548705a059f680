import { z } from "zod";
import { lapseTravelBan, travelBanLapseGrounds } from "../../app/lapse-travel-ban.ts";
import { line, authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const lapseTravelBanRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/lapse",
    {
      schema: {
        summary: "Record that a travel ban lapsed (Art. 298: consent, guarantee, deposit, condition ceased, no suit filed); the ports lift it",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z
          .object({
            ground: z.enum(travelBanLapseGrounds),
            reference: line().trim().min(1).max(100),
            reasons: z.string().trim().min(1).max(4000),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request) => lapseTravelBan(deps, useCaseContext(request), { ...request.params, ...request.body }),
  );
};
