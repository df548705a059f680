/** The auditors' search of the action log (read only; each search is recorded). */
import { z } from "zod";
import { actionKindSpec } from "../../domain/audit/action-kinds.ts";
import { searchAuditLog } from "../../app/audit/search-audit-log.ts";
import { DomainError } from "../../domain/errors.ts";
import { iso } from "../dto.ts";
import { day, line, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const bilingual = z.object({ ar: z.string(), en: z.string() });
const kuwaitDay = day().describe("Kuwait calendar date, YYYY-MM-DD");
/** The largest id an action row can have (bigserial). */
const MAX_ACTION_ID = 9_223_372_036_854_775_807n;

export function encodeAuditCursor(occurredAt: Date, id: bigint): string {
  return Buffer.from(`${occurredAt.toISOString()}|${id}`).toString("base64url");
}

export function decodeAuditCursor(cursor: string): { occurredAt: Date; id: bigint } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const occurredAt = new Date(at ?? "");
  if (Number.isNaN(occurredAt.getTime()) || !id || !/^\d{1,19}$/.test(id) || BigInt(id) > MAX_ACTION_ID) throw new DomainError("VALIDATION_FAILED", { field: "cursor" });
  return { occurredAt, id: BigInt(id) };
}

export const auditSearchRoute: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/audit/actions",
    {
      schema: {
        summary: "Search the action log (auditor): by file, actor, kind and Kuwait dates, newest first, a page at a time; the search itself is recorded",
        tags: ["audit"],
        ...sessionOnly,
        querystring: z
          .object({
            fileId: uuid.optional(),
            fileNumber: line().trim().min(1).max(40).optional(),
            actor: line().trim().min(1).max(64).optional().describe("A civil ID, an agency key (bank:NBOK), system"),
            kind: z
              .string()
              .trim()
              .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/)
              .max(80)
              .optional()
              .describe('An action kind ("procedure.approve"), or a prefix ending in "." ("procedure.")'),
            from: kuwaitDay.optional(),
            to: kuwaitDay.optional(),
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: {
          200: z.object({
            actions: z.array(
              z.object({
                id: z.string(),
                stream: z.string(),
                seq: z.number(),
                occurredAt: z.string(),
                actor: z.string(),
                actorRole: z.string(),
                kind: z.string(),
                label: bilingual.nullable().describe("The kind's label (null for a kind no longer written)"),
                description: bilingual.nullable().describe("One sentence saying what the kind of action means"),
                fileId: z.string().nullable(),
                fileNumber: z.string().nullable(),
                procedureId: z.string().nullable(),
                orderId: z.string().nullable(),
                reason: z.string().nullable(),
                payload: z.unknown(),
                correlationId: z.string(),
                hash: z.string(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { cursor, limit, fileId, fileNumber, actor, kind, from, to } = request.query;
      const rows = await searchAuditLog(deps, useCaseContext(request), {
        limit,
        ...(fileId ? { fileId } : {}),
        ...(fileNumber ? { fileNumber } : {}),
        ...(actor ? { actor } : {}),
        ...(kind ? { kind } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(cursor ? { after: decodeAuditCursor(cursor) } : {}),
      });
      const last = rows.at(-1);
      return {
        nextCursor: last && rows.length === limit ? encodeAuditCursor(last.occurredAt, last.id) : null,
        actions: rows.map((row) => ({
          ...row,
          id: row.id.toString(),
          seq: Number(row.seq),
          occurredAt: iso(row.occurredAt)!,
          label: actionKindSpec(row.kind)?.label ?? null,
          description: actionKindSpec(row.kind)?.description ?? null,
        })),
      };
    },
  );
};
