/**
 * The hub's side of the agency protocol (docs/agency-protocol.md): agencies post signed
 * batches to /agency/v1/messages and fetch the hub's keys from /agency/v1/jwks.json. No
 * session: the signature is the authentication.
 *
 * Bounded (issue 16): a rate limit per source address, before the body is even read (an
 * anonymous flood is turned away with 429 and costs no verification and no storage), and
 * one per sending agency, counted once its signature is verified (forged batches claiming a
 * bank do not spend the bank's budget). Refusals keep a bounded record (src/agencies/hub/inbound.ts).
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { AgencyRateLimited, KeysUnavailableError, type AgencyDirectory } from "../../agencies/index.ts";
import type { HubKeys } from "../../agencies/index.ts";
import { protocolErrorStatus, receiveBatch } from "../../agencies/index.ts";
import { ENVELOPE_MEDIA_TYPE, ProtocolError } from "../../agencies/index.ts";
import type { AppDeps } from "../../app/deps.ts";

export interface AgencyChannelLimits {
  /** Batches a source address may post per window (every request counts). */
  perAddress: number;
  /** Verified batches an agency may post per window. */
  perAgency: number;
  timeWindowMs: number;
}

/**
 * Two batches a second, from one address or one agency: a bank answering 500 orders a second
 * sends one full batch (500 answers) a second. Behind a proxy the address is the proxy's
 * unless TRUST_PROXY names it (src/config.ts).
 */
export const defaultAgencyChannelLimits: AgencyChannelLimits = { perAddress: 120, perAgency: 120, timeWindowMs: 60_000 };

export interface AgencyChannel {
  directory: AgencyDirectory;
  keys: HubKeys;
  /** Default: defaultAgencyChannelLimits. */
  limits?: AgencyChannelLimits;
}

// A full batch of 500 messages stays far below this.
const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

/** Fixed windows per key, in memory (one process; each hub API instance keeps its own). */
class WindowCounter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  private readonly max: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    max: number,
    windowMs: number,
    now: () => number,
  ) {
    this.max = max;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Counts one for `key`: true while within the limit. */
  take(key: string): boolean {
    const now = this.now();
    let entry = this.counts.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      // Forget ended windows as they are met: the map holds at most the agencies seen in a window.
      if (this.counts.size > 1_000) for (const [name, old] of this.counts) if (now - old.windowStart >= this.windowMs) this.counts.delete(name);
      entry = { windowStart: now, count: 0 };
      this.counts.set(key, entry);
    }
    entry.count++;
    return entry.count <= this.max;
  }
}

const rateLimited = (retryAfterSeconds: number) => ({ code: "RATE_LIMITED", message: `too many batches: retry after ${retryAfterSeconds} s` });

/** The protocol's batch errors (section 2): `{code, message}`, the message one plain string. */
const refuse = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).type("application/json").send({ code, message });

/** `application/jose`, ignoring case and parameters (RFC 9110 §8.3.1). */
const isEnvelopeMediaType = (header: string | undefined) => header !== undefined && header.split(";")[0]!.trim().toLowerCase() === ENVELOPE_MEDIA_TYPE;

/**
 * Called in its own scope (src/http/app.ts registers it as a plugin): the error handler and
 * the media-type check below answer the agency channel only, in the protocol's terms —
 * the API's own errors (`VALIDATION_FAILED`, `PAYLOAD_TOO_LARGE`, messages in two
 * languages) are not the protocol's.
 */
export async function agencyChannelRoutes(app: FastifyInstance, deps: AppDeps, channel: AgencyChannel): Promise<void> {
  const limits = channel.limits ?? defaultAgencyChannelLimits;
  const retryAfterSeconds = Math.ceil(limits.timeWindowMs / 1000);
  const perAgency = new WindowCounter(limits.perAgency, limits.timeWindowMs, () => deps.clock.now().getTime());
  await app.register(rateLimit, { global: false });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return refuse(reply, 413, "TOO_LARGE", `the body is over ${BATCH_BODY_LIMIT} bytes: split the batch`);
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return refuse(reply, 415, "UNSUPPORTED_MEDIA_TYPE", `send the compact JWS as ${ENVELOPE_MEDIA_TYPE}`);
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return refuse(reply, 400, "MALFORMED", "not a compact JWS");
    }
    if (error.statusCode === 429) return refuse(reply, 429, rateLimited(retryAfterSeconds).code, rateLimited(retryAfterSeconds).message);
    request.log.error({ err: error }, "agency batch failed");
    return refuse(reply, 500, "INTERNAL", "the hub failed: resend later");
  });
  app.addContentTypeParser(ENVELOPE_MEDIA_TYPE, { parseAs: "string", bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.get("/agency/v1/jwks.json", { schema: { hide: true } }, async (_request, reply) => {
    void reply.header("cache-control", "public, max-age=300");
    return channel.keys.publicJwks;
  });
  app.post(
    "/agency/v1/messages",
    {
      schema: { hide: true },
      onRequest: [
        // Before the body is read or parsed: an anonymous flood costs no verification and no storage.
        app.rateLimit({
          max: limits.perAddress,
          timeWindow: limits.timeWindowMs,
          keyGenerator: (request) => `agency-address:${request.ip}`,
        }),
        // Any other media type is 415, whatever the body (section 2).
        async (request, reply) => {
          const type = request.headers["content-type"];
          if (!isEnvelopeMediaType(typeof type === "string" ? type : undefined)) return refuse(reply, 415, "UNSUPPORTED_MEDIA_TYPE", `send the compact JWS as ${ENVELOPE_MEDIA_TYPE}`);
        },
      ],
    },
    async (request, reply) => {
      if (typeof request.body !== "string") return refuse(reply, 400, "MALFORMED", "not a compact JWS");
      try {
        return await receiveBatch({ deps, directory: channel.directory }, request.body, { sourceAddress: request.ip, admit: (agencyKey) => perAgency.take(agencyKey) });
      } catch (error) {
        if (error instanceof ProtocolError) return refuse(reply, protocolErrorStatus[error.code], error.code, error.message);
        if (error instanceof AgencyRateLimited) {
          void reply.header("retry-after", String(retryAfterSeconds));
          return refuse(reply, 429, rateLimited(retryAfterSeconds).code, rateLimited(retryAfterSeconds).message);
        }
        // The sender's keys could not be fetched: our trouble, so the sender retries.
        if (error instanceof KeysUnavailableError) return refuse(reply, 503, "KEYS_UNAVAILABLE", error.message);
        throw error;
      }
    },
  );
}
