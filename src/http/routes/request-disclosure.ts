import { z } from "zod";
import { requestDisclosure } from "../../app/agency-exchange/request-disclosure.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const requestDisclosureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/disclosures",
    {
      schema: {
        summary: "Ask every bank and the clearing company for a statement of the debtor's funds (Art. 204 bis; clerk or judge)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z.object({ debtorPartyId: uuid }).strict(),
      },
    },
    async (request, reply) => reply.code(202).send(await requestDisclosure(deps, useCaseContext(request), { ...request.params, ...request.body })),
  );
};
