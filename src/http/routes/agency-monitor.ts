import { z } from "zod";
import { authorizeGlobally } from "../../domain/access/authorization.ts";
import { redriveDeadMessages } from "../../agencies/hub/delivery.ts";
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
      authorizeGlobally(useCaseContext(request).subject, "agency.monitor");
      let query = deps.db
        .selectFrom("agency_messages")
        .select(["id", "direction", "agency_key", "message_type", "order_id", "status", "attempts", "last_error", "next_attempt_at", "created_at", "updated_at"])
        .where("status", "=", request.query.status)
        .orderBy("updated_at", "desc")
        .limit(request.query.limit);
      if (request.query.agencyKey) query = query.where("agency_key", "=", request.query.agencyKey);
      const rows = await query.execute();
      return {
        messages: rows.map((row) => ({
          id: row.id.toString(),
          direction: row.direction,
          agencyKey: row.agency_key,
          type: row.message_type,
          orderId: row.order_id,
          status: row.status,
          attempts: row.attempts,
          lastError: row.last_error,
          nextAttemptAt: iso(row.next_attempt_at),
          createdAt: iso(row.created_at),
          updatedAt: iso(row.updated_at),
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
      authorizeGlobally(useCaseContext(request).subject, "agency.redrive");
      const redriven = await redriveDeadMessages(deps.db, request.body.ids.map(BigInt), deps.clock.now());
      return { redriven };
    },
  );
};
