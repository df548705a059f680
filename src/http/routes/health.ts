import type { Router } from "../route-kit.ts";
import { errorBody } from "../error-map.ts";

/** Ready once the schema is current and the database answers. */
export type Readiness = () => Promise<boolean>;

export function healthRoutes(router: Router, readiness: Readiness): void {
  router.get("/healthz", { schema: { hide: true } }, async () => ({ status: "alive" }));
  router.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const ready = await readiness().catch(() => false);
    if (ready) return { status: "ready" };
    const { status, body } = errorBody("NOT_READY");
    return reply.code(status).send(body);
  });
}
