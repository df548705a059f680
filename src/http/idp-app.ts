/**
 * The stand-in identity provider as its own server (`tanfeeth serve --role idp`): its
 * OIDC endpoints, mobile-ID pages, signing back channel and simulated phone, with the
 * same error body as the API. The portal (API nodes) then points OIDC_ISSUER at it.
 */
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import { isDomainError } from "../domain/errors.ts";
import { idpRoutes } from "../identity/index.ts";
import { IdentityRuntime, type IdentityOptions } from "../identity/index.ts";
import { errorBody } from "./error-map.ts";

export async function buildIdpApp(options: { deps: AppDeps; logger: Logger | false; identity: IdentityOptions }): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.logger || undefined, logger: options.logger ? undefined : false } as never) as unknown as FastifyInstance;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const code = isDomainError(error) ? error.code : error.statusCode === 429 ? "RATE_LIMITED" : error.statusCode === 400 ? "VALIDATION_FAILED" : "INTERNAL";
    if (code === "INTERNAL") request.log.error({ err: error }, "request failed");
    const { status, body } = errorBody(code, isDomainError(error) ? error.details : {});
    void reply.code(status).send(body);
  });
  await app.register(helmet, { hsts: false, contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], styleSrc: ["'self'", "'unsafe-inline'"] } } });
  await app.register(cookie);
  const identity = new IdentityRuntime(options.deps, { ...options.identity, standIn: true });
  app.addHook("onClose", async () => identity.close());
  app.get("/healthz", async () => ({ status: "alive" }));
  await idpRoutes(app, { idp: identity.idp!, mountPath: identity.idpMountPath(), phone: true, signInRateLimit: options.identity.signInRateLimit ?? 30 });
  return app;
}
