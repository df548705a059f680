import { z } from "zod";
import { waiveProcedure } from "../../app/waive-procedure.ts";
import { presentSignature } from "../../app/present-signature.ts";
import { signatureFields } from "./request-procedure.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

/** What is asked, without how it is signed: also what POST /api/v1/signing-requests takes to sign. */
export const waiveBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

export const waiveProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/waive",
    {
      schema: {
        summary: "Waive a measure: cancel it, or have every agency lift it (signed with the mobile ID, or by a machine client's token)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: waiveBody.extend(signatureFields),
        response: { 200: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request) => {
      const context = useCaseContext(request);
      const { signingRequestId, signingProof, reason } = request.body;
      const signature = await presentSignature(deps, context, { signingRequestId, signingProof });
      return waiveProcedure(deps, context, { ...request.params, reason }, signature);
    },
  );
};
