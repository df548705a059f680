import { z } from "zod";
import { assignReview } from "../../app/assign-review-item.ts";
import { readReviewQueue } from "../../app/read-review-queue.ts";
import { readRules } from "../../app/read-rules.ts";
import { formatKwd } from "../../domain/money/index.ts";
import { iso } from "../dto.ts";
import { day, authenticated, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const queue = z.enum(["clerk", "judge"]);

/** Money in the rules (fils, bigint) as KWD strings; everything else as is. */
function wireValue(value: unknown): unknown {
  if (typeof value === "bigint") return formatKwd(value, { grouping: false });
  if (Array.isArray(value)) return value.map(wireValue);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wireValue(inner)]));
  return value;
}

export const reviewQueueRoutes: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/queues/:queue",
    {
      schema: {
        summary: "A review queue (clerk or judge): open items oldest first, with age and due time against the service level",
        tags: ["back office"],
        ...sessionOnly,
        params: z.object({ queue }).strict(),
        querystring: z
          .object({
            procedureKind: z.enum(["bank_attachment", "vehicle_seizure", "travel_ban"]).optional(),
            itemKind: z.enum(["procedure_decision", "verify_document", "open_file_from_title", "dispute", "instalment_plan"]).optional(),
            minAgeWorkingDays: z.coerce.number().int().min(0).max(365).optional(),
            assigned: z.enum(["me", "unassigned"]).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(100),
          })
          .strict(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                itemKind: z.string(),
                queue: z.string(),
                fileId: z.string().nullable(),
                fileNumber: z.string().nullable(),
                procedureId: z.string().nullable(),
                procedureKind: z.string().nullable(),
                procedureStatus: z.string().nullable(),
                subjectRef: z.string().nullable(),
                ruleVersion: z.string(),
                enteredAt: z.string(),
                dueAt: z.string(),
                ageWorkingDays: z.number(),
                slaWorkingDays: z.number(),
                overdue: z.boolean(),
                assignedTo: z.string().nullable(),
                assignedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { procedureKind, itemKind, minAgeWorkingDays, assigned, limit } = request.query;
      const items = await readReviewQueue(deps, useCaseContext(request), {
        queue: request.params.queue,
        limit,
        ...(procedureKind ? { procedureKind } : {}),
        ...(itemKind ? { itemKind } : {}),
        ...(minAgeWorkingDays !== undefined ? { minAgeWorkingDays } : {}),
        ...(assigned ? { assigned } : {}),
      });
      return {
        items: items.map((item) => ({ ...item, enteredAt: iso(item.enteredAt)!, dueAt: iso(item.dueAt)!, assignedAt: iso(item.assignedAt) })),
      };
    },
  );

  router.post(
    "/api/v1/queues/:queue/procedures/:procedureId/assign",
    {
      schema: {
        summary: "Assign a referred procedure to me, or to another staff member holding the queue's role",
        tags: ["back office"],
        ...sessionOnly,
        params: z.object({ queue, procedureId: uuid }).strict(),
        body: z.object({ to: z.string().regex(/^\d{12}$/).optional().describe("Civil ID of the staff member; omitted: me") }).strict(),
        response: {
          200: z.object({ reviewItemId: z.string(), procedureId: z.string(), queue: z.string(), assignedTo: z.string(), assignedAt: z.string() }),
        },
      },
    },
    async (request) => {
      const assigned = await assignReview(deps, useCaseContext(request), { ...request.params, ...(request.body.to ? { to: request.body.to } : {}) });
      return { reviewItemId: assigned.reviewItemId, procedureId: request.params.procedureId, queue: assigned.queue, assignedTo: assigned.assignedTo, assignedAt: assigned.assignedAt.toISOString() };
    },
  );

  router.post(
    "/api/v1/queues/:queue/items/:itemId/assign",
    {
      schema: {
        summary: "Assign any open item of a queue (a referred procedure, a document to verify, a title submitted online) to me or to another staff member holding the queue's role",
        tags: ["back office"],
        ...sessionOnly,
        params: z.object({ queue, itemId: uuid }).strict(),
        body: z.object({ to: z.string().regex(/^\d{12}$/).optional().describe("Civil ID of the staff member; omitted: me") }).strict(),
        response: {
          200: z.object({ reviewItemId: z.string(), itemKind: z.string(), procedureId: z.string().nullable(), queue: z.string(), assignedTo: z.string(), assignedAt: z.string() }),
        },
      },
    },
    async (request) => {
      const assigned = await assignReview(deps, useCaseContext(request), { queue: request.params.queue, itemId: request.params.itemId, ...(request.body.to ? { to: request.body.to } : {}) });
      return { ...assigned, assignedAt: assigned.assignedAt.toISOString() };
    },
  );

  router.get(
    "/api/v1/rules",
    {
      schema: {
        summary: "The enforcement rules in force on a date (default today), each with its source (law, resolution or department policy), confidence and effective date",
        tags: ["rules"],
        ...authenticated,
        querystring: z.object({ at: day().optional() }).strict(),
        response: {
          200: z.object({
            id: z.string(),
            effectiveFrom: z.string(),
            source: z.string(),
            values: z.record(z.string(), z.unknown()),
            versions: z.array(z.object({ id: z.string(), effectiveFrom: z.string() })),
            rules: z
              .array(
                z.object({
                  path: z.string().describe("The rule's dotted path in the rule set"),
                  value: z.string().describe("The value written out (amounts in KD, shares in %)"),
                  kind: z.enum(["law", "resolution", "policy"]).describe("Where it comes from: the law, a ministerial resolution, or department policy"),
                  reference: z.string().nullable().describe("The article or resolution; null for department policy"),
                  text: z.string().describe("The text of the source, or the policy's reason"),
                  confidence: z.enum(["H", "M", "L", "U"]),
                  effectiveFrom: z.string().describe("Kuwait date from which the value and its source have held"),
                  sinceVersion: z.string(),
                }),
              )
              .describe("Every rule of the version with its source (docs/rules.md lists the same)"),
            countsBySource: z.object({ law: z.number(), resolution: z.number(), policy: z.number() }),
          }),
        },
      },
    },
    async (request) => {
      const { version, versions, catalogue } = readRules(deps, useCaseContext(request), request.query.at);
      return {
        id: version.id,
        effectiveFrom: version.effectiveFrom,
        source: version.source,
        values: wireValue(version.values) as Record<string, unknown>,
        versions,
        rules: catalogue.entries,
        countsBySource: catalogue.countsBySource,
      };
    },
  );
};
