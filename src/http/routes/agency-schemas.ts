/**
 * The agency protocol in machine-readable form (docs/agency-protocol.md, "Machine-readable
 * protocol"): the index of JSON Schemas at /agency/v1/schemas/, each schema at
 * /agency/v1/schemas/<name>.json, and the OpenAPI 3.1 document of the endpoint an agency
 * exposes. Public like jwks.json, and served whether or not the channel is configured: no session. Transport only — the documents are generated
 * once, at start, from the protocol source (src/agencies/protocol/schemas.ts).
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain/errors.ts";
import { AGENCY_ENDPOINT_OPENAPI_PATH, agencyEndpointOpenApi, jsonSchemaOf, protocolSchemas, SCHEMAS_PATH, schemaIndex } from "../../agencies/index.ts";

interface Served {
  body: string;
  etag: string;
  type: string;
}

const served = (document: unknown, type: string): Served => {
  const body = JSON.stringify(document);
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`, type };
};

/** Answers a document with cache headers; 304 when the client already has this version. */
function send(request: FastifyRequest, reply: FastifyReply, document: Served) {
  void reply.header("cache-control", "public, max-age=300").header("etag", document.etag);
  if (request.headers["if-none-match"] === document.etag) return reply.code(304).send();
  return reply.type(document.type).send(document.body);
}

export function agencySchemaRoutes(app: FastifyInstance): void {
  const index = served(schemaIndex(), "application/json");
  const openApi = served(agencyEndpointOpenApi(), "application/json");
  const schemas = new Map([...protocolSchemas.keys()].map((name) => [`${name}.json`, served(jsonSchemaOf(name), "application/schema+json")]));

  for (const url of [SCHEMAS_PATH, SCHEMAS_PATH.slice(0, -1)]) app.get(url, { schema: { hide: true } }, async (request, reply) => send(request, reply, index));
  app.get(`${SCHEMAS_PATH}:file`, { schema: { hide: true } }, async (request, reply) => {
    const document = schemas.get((request.params as { file: string }).file);
    if (!document) throw new DomainError("NOT_FOUND", { path: request.url.split("?")[0] });
    return send(request, reply, document);
  });
  app.get(AGENCY_ENDPOINT_OPENAPI_PATH, { schema: { hide: true } }, async (request, reply) => send(request, reply, openApi));
}
