/** The read log (docs/security.md): the debtor's view of who looked at their file, and the auditors' search. */
import { z } from "zod";
import { readsOfFile, searchReadLog } from "../../app/audit/read-log-views.ts";
import { readerRoleLabel, readKindLabel } from "../../domain/audit/reads.ts";
import { iso } from "../dto.ts";
import { authenticated, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";
import { decodeAuditCursor, encodeAuditCursor } from "./audit-search.ts";

const bilingual = z.object({ ar: z.string(), en: z.string() });
const kuwaitDay = z.iso.date().describe("Kuwait calendar date, YYYY-MM-DD");

export const readLogRoutes: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/files/:fileId/reads",
    {
      schema: {
        summary: "Who looked at this file and when (the debtor, their lawyer with the view scope, auditors): offices and capacities, never staff names; newest first",
        tags: ["files"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: z.object({
            reads: z.array(
              z.object({ readAt: z.string(), role: z.string(), roleLabel: bilingual, agencyKey: z.string().nullable(), what: z.string(), whatLabel: bilingual }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const cursorAt = cursor ? decodeAuditCursor(cursor) : undefined;
      const result = await readsOfFile(deps, useCaseContext(request), {
        fileId: request.params.fileId,
        limit,
        ...(cursorAt ? { before: { readAt: cursorAt.occurredAt, id: cursorAt.id } } : {}),
      });
      return {
        reads: result.reads.map((read) => ({ ...read, readAt: iso(read.readAt)! })),
        nextCursor: result.next ? encodeAuditCursor(result.next.readAt, result.next.id) : null,
      };
    },
  );

  router.get(
    "/api/v1/audit/reads",
    {
      schema: {
        summary: "Search the read log (auditor): reads of debtors' data by file, reader, role and Kuwait dates, newest first; the search itself is recorded",
        tags: ["audit"],
        ...sessionOnly,
        querystring: z
          .object({
            fileId: uuid.optional(),
            fileNumber: z.string().trim().min(1).max(40).optional(),
            reader: z.string().trim().min(1).max(64).optional().describe("A civil ID, or client:<id> for a machine client"),
            role: z.string().trim().regex(/^[a-z_]+$/).max(40).optional(),
            from: kuwaitDay.optional(),
            to: kuwaitDay.optional(),
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: {
          200: z.object({
            reads: z.array(
              z.object({
                id: z.string(),
                readAt: z.string(),
                reader: z.string(),
                role: z.string(),
                roleLabel: bilingual,
                agencyKey: z.string().nullable(),
                fileId: z.string(),
                fileNumber: z.string().nullable(),
                what: z.string(),
                whatLabel: bilingual,
                correlationId: z.string(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { cursor, limit, fileId, fileNumber, reader, role, from, to } = request.query;
      const cursorAt = cursor ? decodeAuditCursor(cursor) : undefined;
      const rows = await searchReadLog(deps, useCaseContext(request), {
        limit,
        ...(fileId ? { fileId } : {}),
        ...(fileNumber ? { fileNumber } : {}),
        ...(reader ? { reader } : {}),
        ...(role ? { role } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(cursorAt ? { after: { readAt: cursorAt.occurredAt, id: cursorAt.id } } : {}),
      });
      const last = rows.at(-1);
      return {
        nextCursor: last && rows.length === limit ? encodeAuditCursor(last.readAt, last.id) : null,
        reads: rows.map((row) => ({
          id: row.id.toString(),
          readAt: iso(row.readAt)!,
          reader: row.reader,
          role: row.readerRole,
          roleLabel: readerRoleLabel(row.readerRole),
          agencyKey: row.agencyKey,
          fileId: row.fileId,
          fileNumber: row.fileNumber,
          what: row.what,
          whatLabel: readKindLabel(row.what),
          correlationId: row.correlationId,
        })),
      };
    },
  );
};
