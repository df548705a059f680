import { z } from "zod";
import { listMyFiles } from "../../app/read-files.ts";
import { DomainError } from "../../domain/errors.ts";
import { decodeCursor, encodeCursor, iso, kwd } from "../dto.ts";
import { line, authenticated, useCaseContext, type RouteModule } from "../route-kit.ts";

const names = z.array(z.object({ nameAr: z.string(), nameEn: z.string() }));

export const listFilesRoute: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/files",
    {
      schema: {
        summary: "My files: the enforcement files the signed-in person may see",
        tags: ["files"],
        ...authenticated,
        querystring: z
          .object({
            search: line().trim().min(1).max(100).optional(),
            status: z.enum(["open", "satisfied", "closed"]).optional(),
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          })
          .strict(),
        response: {
          200: z.object({
            files: z.array(
              z.object({
                id: z.string(),
                number: z.string(),
                status: z.string(),
                caseNumber: z.string().nullable().describe("Null for a file opened for a travel ban before suit, with no executory title yet (Art. 297)"),
                court: z.string().nullable(),
                claimTotal: z.string(),
                outstanding: z.string(),
                openedAt: z.string(),
                creditors: names,
                debtors: names,
                activeProcedures: z.number(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { search, status, cursor, limit } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null) throw new DomainError("VALIDATION_FAILED", { field: "cursor" });
      const rows = await listMyFiles(deps, useCaseContext(request), { search, status, after, limit });
      const last = rows.at(-1);
      return {
        files: rows.map((row) => ({
          id: row.id,
          number: row.number,
          status: row.status,
          caseNumber: row.caseNumber,
          court: row.court,
          claimTotal: kwd(row.claimTotal)!,
          outstanding: kwd(row.outstanding)!,
          openedAt: iso(row.openedAt)!,
          creditors: row.creditors,
          debtors: row.debtors,
          activeProcedures: row.activeProcedures,
        })),
        nextCursor: rows.length === limit && last ? encodeCursor(last.openedAt, last.id) : null,
      };
    },
  );
};
