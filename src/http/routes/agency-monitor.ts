import { z } from "zod";
import { listAgencyMessages, redriveDeadMessages } from "../../app/agency-exchange/monitor-messages.ts";
import { requestStatusQueries } from "../../app/agency-exchange/ask-order-status.ts";
import { iso } from "../dto.ts";
import { authenticated, useCaseContext, type RouteModule } from "../route-kit.ts";

/** Staff watch the exchange: messages by status (dead letters first of all) and re-drive them. */
export const agencyMonitorRoutes: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/agency-messages",
    {
      schema: {
        summary: "Messages to and from agencies, by status (dead letters: status=dead)",
        tags: ["agencies"],
        ...authenticated,
        querystring: z
          .object({
            status: z.enum(["pending", "delivered", "refused", "dead", "applied", "ignored", "invalid"]).default("dead"),
            agencyKey: z.string().max(20).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
      },
    },
    async (request) => {
      const rows = await listAgencyMessages(deps, useCaseContext(request), request.query);
      return {
        messages: rows.map((row) => ({
          id: row.id.toString(),
          direction: row.direction,
          agencyKey: row.agencyKey,
          type: row.type,
          orderId: row.orderId,
          status: row.status,
          attempts: row.attempts,
          lastError: row.lastError,
          nextAttemptAt: iso(row.nextAttemptAt),
          createdAt: iso(row.createdAt),
          updatedAt: iso(row.updatedAt),
        })),
      };
    },
  );
  router.post(
    "/api/v1/agency-messages/redrive",
    {
      schema: {
        summary: "Send dead messages again",
        tags: ["agencies"],
        ...authenticated,
        body: z.object({ ids: z.array(z.string().regex(/^[0-9]{1,18}$/)).min(1).max(500) }).strict(),
      },
    },
    async (request) => {
      const redriven = await redriveDeadMessages(deps, useCaseContext(request), request.body.ids.map(BigInt));
      return { redriven };
    },
  );
  router.post(
    "/api/v1/agency-monitor/status-queries",
    {
      schema: {
        summary: "Ask banks where their orders in flight stand (order.status): one bank, some orders, or all",
        tags: ["agencies"],
        ...authenticated,
        body: z
          .object({
            agencyKey: z.string().max(20).optional(),
            orderIds: z.array(z.uuid()).min(1).max(500).optional(),
          })
          .strict(),
        response: { 200: z.object({ asked: z.number().int().min(0) }) },
      },
    },
    async (request) => requestStatusQueries(deps, useCaseContext(request), request.body),
  );
};
