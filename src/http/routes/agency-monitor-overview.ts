import { z } from "zod";
import { readAgencyMonitor } from "../../app/read-agency-monitor.ts";
import { iso } from "../dto.ts";
import { authenticated, useCaseContext, type RouteModule } from "../route-kit.ts";

const count = z.number().int().min(0);

/** Per agency: orders owed an answer and how long, deadline breaches, messages stuck or failing (clerk, auditor, administrator). */
export const agencyMonitorOverviewRoute: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/agency-monitor",
    {
      schema: {
        summary: "The exchange per agency: orders awaiting an answer and the oldest wait, deadline breaches, outbound messages pending, retrying and dead, delivery failures",
        tags: ["agencies"],
        ...authenticated,
        response: {
          200: z.object({
            generatedAt: z.string(),
            agencies: z.array(
              z.object({
                agencyKey: z.string(),
                orders: z.object({ awaitingAnswer: count, oldestAwaitingSince: z.string().nullable(), oldestAwaitingSeconds: count, overdue: count, deadlineBreaches: count }),
                outbound: z.object({
                  pending: count,
                  retrying: count,
                  dead: count,
                  oldestPendingSince: z.string().nullable(),
                  oldestPendingSeconds: count,
                  failedAttempts: count,
                  retriedRecently: count.describe("needed more than one attempt, in the last 24 hours"),
                }),
                answers: z.object({
                  refusedRecently: count.describe("answers refused by the hub's checks (docs/agency-protocol.md section 11), in the last 24 hours"),
                  overDeclarations: count.describe("declarations above the maximum the bank was told: breaches recorded against it"),
                  lastOverDeclarationAt: z.string().nullable(),
                }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const monitor = await readAgencyMonitor(deps, useCaseContext(request));
      return {
        generatedAt: iso(monitor.generatedAt)!,
        agencies: monitor.agencies.map((agency) => ({
          agencyKey: agency.agencyKey,
          orders: { ...agency.orders, oldestAwaitingSince: iso(agency.orders.oldestAwaitingSince) },
          outbound: { ...agency.outbound, oldestPendingSince: iso(agency.outbound.oldestPendingSince) },
          answers: { ...agency.answers, lastOverDeclarationAt: iso(agency.answers.lastOverDeclarationAt) },
        })),
      };
    },
  );
};
