import { z } from "zod";
import { reportSuitFiling } from "../../app/report-suit-filing.ts";
import { day, line, authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const reportSuitFilingRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/suit-filing",
    {
      schema: {
        summary:
          "Prove that the suit was filed, for a travel ban ordered before suit (Art. 298(e)): the court, the case number, the filing date and an uploaded document showing it. Not proven within the rule's period, the ban is lifted",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z
          .object({
            documentId: uuid.describe("A document uploaded to this file (e.g. the court's filing receipt)"),
            court: line().trim().min(1).max(200),
            caseNumber: line().trim().min(1).max(100),
            filedOn: day().describe("Kuwait date the suit was filed (YYYY-MM-DD)"),
          })
          .strict(),
        response: { 200: z.object({ procedureId: z.string(), filedOn: z.string(), lastDay: z.string().describe("The last day filing could be proven on") }) },
      },
    },
    async (request) => reportSuitFiling(deps, useCaseContext(request), { ...request.params, ...request.body }),
  );
};
