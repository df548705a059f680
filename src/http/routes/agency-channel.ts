/**
 * The hub's side of the agency protocol (docs/agency-protocol.md): agencies post signed
 * batches to /agency/v1/messages and fetch the hub's keys from /agency/v1/jwks.json. No
 * session: the signature is the authentication.
 */
import type { FastifyInstance } from "fastify";
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

export function agencyChannelRoutes(app: FastifyInstance, deps: AppDeps, channel: AgencyChannel): void {
  app.addContentTypeParser(ENVELOPE_MEDIA_TYPE, { parseAs: "string", bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.get("/agency/v1/jwks.json", { schema: { hide: true } }, async (_request, reply) => {
    void reply.header("cache-control", "public, max-age=300");
    return channel.keys.publicJwks;
  });
  app.post("/agency/v1/messages", { schema: { hide: true } }, async (request, reply) => {
    if (typeof request.body !== "string") {
      return reply.code(415).send({ code: "UNSUPPORTED_MEDIA_TYPE", message: `send the compact JWS as ${ENVELOPE_MEDIA_TYPE}` });
    }
    try {
      return await receiveBatch({ deps, directory: channel.directory }, request.body);
    } catch (error) {
      if (error instanceof ProtocolError) return reply.code(protocolErrorStatus[error.code]).send({ code: error.code, message: error.message });
      // The sender's keys could not be fetched: our trouble, so the sender retries.
      if (error instanceof KeysUnavailableError) return reply.code(503).send({ code: "KEYS_UNAVAILABLE", message: error.message });
      throw error;
    }
  });
}
