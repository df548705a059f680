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
import { dayFault, instantFault, textFault, type InputFaultCode } from "./input-rules.ts";
import { errorMap } from "./error-map.ts";

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

/** A refusal with a field-level code (src/http/input-rules.ts): the code travels in the issue's params. */
function refuse(ctx: z.core.$RefinementCtx<string>, code: InputFaultCode) {
  ctx.addIssue({ code: "custom", message: errorMap[code].en, params: { code } });
}

/**
 * One line of text: a name, a court, a reference, a search term. The shared input rule with
 * no line break or tab either (every string is also checked by the validator compiler, which
 * lets tab, CR and LF through for free text).
 */
export const line = () =>
  z.string().superRefine((value, ctx) => {
    const code = textFault(value, { newlines: false });
    if (code) refuse(ctx, code);
  });

/** A calendar date, YYYY-MM-DD: a day that exists, in the years 1900–2200. */
export const day = () =>
  z
    .string()
    .superRefine((value, ctx) => {
      const code = dayFault(value);
      if (code) refuse(ctx, code);
    })
    .meta({ format: "date" });

/** A point in time, ISO 8601 with a zone: its date a day that exists, in the years 1900–2200. */
export const instant = () =>
  z
    .string()
    .superRefine((value, ctx) => {
      const code = instantFault(value);
      if (code) refuse(ctx, code);
    })
    .meta({ format: "date-time" });
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
