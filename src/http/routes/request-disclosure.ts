import { z } from "zod";
import { petitionDisclosure } from "../../app/agency-exchange/petition-disclosure.ts";
import { requestDisclosure } from "../../app/agency-exchange/request-disclosure.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const requestDisclosureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/disclosure-petitions",
    {
      schema: {
        summary: "The creditor petitions for a statement of the debtor's present and future funds (Art. 204 bis; creditor or lawyer with the request scope)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z.object({ debtorPartyId: uuid, grounds: z.string().min(1).max(2000) }).strict(),
      },
    },
    async (request, reply) => reply.code(201).send(await petitionDisclosure(deps, useCaseContext(request), { ...request.params, ...request.body })),
  );
  router.post(
    "/api/v1/files/:fileId/disclosures",
    {
      schema: {
        summary:
          "The director's delegate (a judge) grants a creditor's petition: every bank and the clearing company are asked for the debtor's present and future funds (Art. 204 bis; only for a duly notified debtor who has not paid)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z.object({ petitionId: uuid }).strict(),
      },
    },
    async (request, reply) => reply.code(202).send(await requestDisclosure(deps, useCaseContext(request), { ...request.params, ...request.body })),
  );
};
