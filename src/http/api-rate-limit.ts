/**
 * The API's rate limit, per caller: a session cookie or a bearer token is one caller
 * (offices behind one address do not share a budget); a request with neither counts
 * against its address. It runs before the session is looked up, so a flood is turned
 * away without touching the database. Over the limit: 429 RATE_LIMITED.
 */
import { createHash } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "./session-auth.ts";

export interface ApiRateLimit {
  /** Requests per caller per window. */
  max: number;
  timeWindowMs?: number;
}

export const defaultApiRateLimit: ApiRateLimit = { max: 600, timeWindowMs: 60_000 };

function callerKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  const credential = typeof authorization === "string" && authorization.length > 0 ? authorization : request.cookies?.[SESSION_COOKIE];
  // Hashed: the limiter's memory holds no usable credential.
  return credential ? `caller:${createHash("sha256").update(credential).digest("base64url").slice(0, 24)}` : `address:${request.ip}`;
}

/** Adds the limit to every route of `scope` (call before the authentication hook). */
export async function registerApiRateLimit(scope: FastifyInstance, limit: ApiRateLimit = defaultApiRateLimit): Promise<void> {
  await scope.register(rateLimit, { global: false });
  scope.addHook("onRequest", scope.rateLimit({ max: limit.max, timeWindow: limit.timeWindowMs ?? 60_000, keyGenerator: callerKey }));
}
