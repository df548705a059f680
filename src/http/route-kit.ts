/** What every route file shares: the typed router, the use-case context, common schemas. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../app/deps.ts";
import type { UseCaseContext } from "../app/context.ts";
import { subjectOf } from "./session-auth.ts";

export type Router = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
/** An API route file: its routes over the use cases' deps (ports included). */
export type RouteModule = (router: Router, deps: AppDeps) => void;

export function useCaseContext(request: FastifyRequest): UseCaseContext {
  return { subject: subjectOf(request), correlationId: request.id };
}

export const uuid = z.uuid();
/** Money on the wire: Kuwaiti dinars as a decimal string, at most three decimals ("1234.500"). */
export const kwdAmount = z.string().min(1).max(40).describe("Amount in KWD as a decimal string, e.g. \"1234.500\"");
export const errorResponse = z
  .object({
    code: z.string(),
    message: z.object({ ar: z.string(), en: z.string() }),
    details: z.record(z.string(), z.unknown()),
  })
  .describe("Every failure has this body");
type Security = { security: Record<string, string[]>[] };
export const authenticated: Security = { security: [{ session: [] }, { bearer: [] }] };
/** Staff and signing endpoints: people only (a session), never a machine client. */
export const sessionOnly: Security = { security: [{ session: [] }] };
