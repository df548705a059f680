import { z } from "zod";
import { openBanBeforeSuitFile } from "../../app/open-ban-before-suit-file.ts";
import { amountFromWire } from "../dto.ts";
import { kwdAmount, sessionOnly, useCaseContext, type RouteModule } from "../route-kit.ts";

/**
 * Art. 297: a creditor with no executory title opens a file for a travel ban before suit, on
 * a provisional estimate of the debt; the ban itself is then petitioned on that file
 * (POST /api/v1/files/:fileId/procedures with kind travel_ban and beforeSuit: true, signed).
 */
export const banBeforeSuitFileRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/bans-before-suit",
    {
      schema: {
        summary: "Open a file for a travel ban before suit (Art. 297): no executory title, a provisional estimate of the debt; then petition the ban on it",
        tags: ["procedures"],
        ...sessionOnly,
        body: z
          .object({
            debtorCivilId: z.string().max(20).describe("The debtor's civil ID (a travel ban applies only to a person)"),
            creditorCrNumber: z.string().max(20).nullable().optional().describe("For a company the caller represents; absent: the caller is the creditor"),
            provisionalEstimate: kwdAmount.describe("The provisional estimate of the debt, KWD as a decimal string (the ban's minimum is checked against it)"),
          })
          .strict(),
        response: { 201: z.object({ id: z.string(), number: z.string() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const opened = await openBanBeforeSuitFile(deps, useCaseContext(request), {
        debtorCivilId: body.debtorCivilId,
        creditorCrNumber: body.creditorCrNumber ?? null,
        provisionalEstimate: amountFromWire(body.provisionalEstimate),
      });
      return reply.code(201).send(opened);
    },
  );
};
