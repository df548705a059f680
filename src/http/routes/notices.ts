import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { readNoticePreferences, setNoticePreferences, type NoticePreferences } from "../../app/notices/notice-preferences.ts";
import { listFileNotices, listMyNotices } from "../../app/notices/read-notices.ts";
import { iso } from "../dto.ts";
import { line, sessionOnly, useCaseContext, uuid, type Router } from "../route-kit.ts";

const preferences = z.object({
  language: z.enum(["ar", "en"]),
  email: z.string().nullable().describe("The address given for notices; null: the one registered with the civil-information authority"),
  registered: z.object({ email: z.string().nullable(), phone: z.string().nullable() }),
  updatedAt: z.string().nullable(),
});
const preferencesDto = (prefs: NoticePreferences) => ({ ...prefs, updatedAt: iso(prefs.updatedAt) });

export function noticeRoutes(router: Router, deps: AppDeps): void {
  router.get(
    "/api/v1/me/notice-preferences",
    {
      schema: { summary: "My notice language and address for notices", tags: ["notices"], ...sessionOnly, response: { 200: preferences } },
    },
    async (request) => preferencesDto(await readNoticePreferences(deps, useCaseContext(request))),
  );

  router.post(
    "/api/v1/me/notice-preferences",
    {
      schema: {
        summary: "Set my notice language (ar/en) and, optionally, an email address of my own for notices (SMS goes to the registered phone only)",
        tags: ["notices"],
        ...sessionOnly,
        body: z
          .object({
            language: z.enum(["ar", "en"]),
            email: line().trim().max(254).nullable().optional().describe("Omitted: unchanged; null: back to the registered address"),
          })
          .strict(),
        response: { 200: preferences },
      },
    },
    async (request) => preferencesDto(await setNoticePreferences(deps, useCaseContext(request), request.body)),
  );

  router.get(
    "/api/v1/me/notices",
    {
      schema: {
        summary: "The notices I received, newest first, each with its legal-effect time",
        tags: ["notices"],
        ...sessionOnly,
        querystring: z.object({ fileId: uuid.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: z.object({
            notices: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                fileId: z.string(),
                fileNumber: z.string(),
                procedureId: z.string().nullable(),
                recipientRole: z.string(),
                language: z.string(),
                subject: z.string(),
                body: z.string(),
                status: z.enum(["pending", "delivered", "failed"]),
                deliveredChannel: z.string().nullable(),
                legalEffectAt: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { fileId, limit } = request.query;
      const notices = await listMyNotices(deps, useCaseContext(request), { limit, ...(fileId ? { fileId } : {}) });
      return { notices: notices.map((notice) => ({ ...notice, legalEffectAt: iso(notice.legalEffectAt), createdAt: notice.createdAt.toISOString() })) };
    },
  );

  router.get(
    "/api/v1/files/:fileId/notices",
    {
      schema: {
        summary: "Every notice of a file with each channel attempt, its legal-effect time and proof (clerks, judges, auditors; the read is logged)",
        tags: ["notices", "back office"],
        ...sessionOnly,
        params: z.object({ fileId: uuid }).strict(),
        response: {
          200: z.object({
            notices: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                procedureId: z.string().nullable(),
                partyId: z.string().nullable(),
                recipientRole: z.string(),
                recipientCivilId: z.string(),
                language: z.string(),
                subject: z.string(),
                status: z.enum(["pending", "delivered", "failed"]),
                deliveredChannel: z.string().nullable(),
                legalEffectAt: z.string().nullable(),
                proof: z.unknown(),
                createdAt: z.string(),
                updatedAt: z.string(),
                attempts: z.array(
                  z.object({
                    channel: z.string(),
                    address: z.string(),
                    status: z.string(),
                    attempts: z.number(),
                    activatedAt: z.string().nullable(),
                    nextAttemptAt: z.string().nullable(),
                    providerRef: z.string().nullable(),
                    lastError: z.string().nullable(),
                    proof: z.unknown(),
                    legalEffectAt: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const notices = await listFileNotices(deps, useCaseContext(request), request.params.fileId);
      return {
        notices: notices.map((notice) => ({
          ...notice,
          legalEffectAt: iso(notice.legalEffectAt),
          createdAt: notice.createdAt.toISOString(),
          updatedAt: notice.updatedAt.toISOString(),
          attempts: notice.attempts.map((attempt) => ({
            ...attempt,
            activatedAt: iso(attempt.activatedAt),
            nextAttemptAt: iso(attempt.nextAttemptAt),
            legalEffectAt: iso(attempt.legalEffectAt),
          })),
        })),
      };
    },
  );
}
