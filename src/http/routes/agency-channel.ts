/**
 * The hub's side of the agency protocol (docs/agency-protocol.md): agencies post signed
 * batches to /agency/v1/messages and fetch the hub's keys from /agency/v1/jwks.json. No
 * session: the signature is the authentication.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { KeysUnavailableError, type AgencyDirectory } from "../../agencies/index.ts";
import type { HubKeys } from "../../agencies/index.ts";
import { protocolErrorStatus, receiveBatch } from "../../agencies/index.ts";
import { ENVELOPE_MEDIA_TYPE, ProtocolError } from "../../agencies/index.ts";
import type { AppDeps } from "../../app/deps.ts";

export interface AgencyChannel {
  directory: AgencyDirectory;
  keys: HubKeys;
}

// A full batch of 500 messages stays far below this.
const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

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
export function agencyChannelRoutes(app: FastifyInstance, deps: AppDeps, channel: AgencyChannel): void {
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
    if (error.statusCode === 429) return refuse(reply, 429, "RATE_LIMITED", "too many requests: resend later");
    request.log.error({ err: error }, "agency batch failed");
    return refuse(reply, 500, "INTERNAL", "the hub failed: resend later");
  });
  app.addContentTypeParser(ENVELOPE_MEDIA_TYPE, { parseAs: "string", bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.get("/agency/v1/jwks.json", { schema: { hide: true } }, async (_request, reply) => {
    void reply.header("cache-control", "public, max-age=300");
    return channel.keys.publicJwks;
  });
  const post = {
    schema: { hide: true },
    // Before the body is read or parsed: any other media type is 415, whatever the body (section 2).
    onRequest: async (request: { headers: Record<string, string | string[] | undefined> }, reply: FastifyReply) => {
      const type = request.headers["content-type"];
      if (!isEnvelopeMediaType(typeof type === "string" ? type : undefined)) return refuse(reply, 415, "UNSUPPORTED_MEDIA_TYPE", `send the compact JWS as ${ENVELOPE_MEDIA_TYPE}`);
    },
  };
  app.post("/agency/v1/messages", post, async (request, reply) => {
    if (typeof request.body !== "string") return refuse(reply, 400, "MALFORMED", "not a compact JWS");
    try {
      return await receiveBatch({ deps, directory: channel.directory }, request.body);
    } catch (error) {
      if (error instanceof ProtocolError) return refuse(reply, protocolErrorStatus[error.code], error.code, error.message);
      // The sender's keys could not be fetched: our trouble, so the sender retries.
      if (error instanceof KeysUnavailableError) return refuse(reply, 503, "KEYS_UNAVAILABLE", error.message);
      throw error;
    }
  });
}
