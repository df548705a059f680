import { readMe } from "../../app/read-me.ts";
import { signOut } from "../../app/sign-in.ts";
import { SESSION_COOKIE } from "../session-auth.ts";
import { authenticated, useCaseContext, type RouteModule } from "../route-kit.ts";

export const meRoute: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/me",
    {
      schema: {
        summary: "The signed-in person: roles, companies represented, mandates held",
        tags: ["session"],
        ...authenticated,
      },
    },
    async (request) => {
      const { subject } = useCaseContext(request);
      const person = await readMe(deps, useCaseContext(request));
      return {
        civilId: subject.civilId,
        nameAr: person.nameAr,
        nameEn: person.nameEn,
        staffRoles: subject.staffRoles,
        companies: subject.companies,
        mandates: subject.mandates.map((mandate) => ({ ...mandate, validFrom: mandate.validFrom.toISOString(), validUntil: mandate.validUntil.toISOString() })),
        csrfToken: request.session?.csrfToken ?? null,
      };
    },
  );

  router.post(
    "/api/v1/session/logout",
    { schema: { summary: "End this session", tags: ["session"], ...authenticated } },
    async (request, reply) => {
      if (request.session) await signOut(deps, request.session, request.id);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
    },
  );
};
