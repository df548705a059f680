/**
 * The protocol in machine-readable form, generated from the zod schemas the hub itself
 * parses with (src/domain/exchange/messages.ts): the JSON Schema (2020-12) of the envelope,
 * the receipt and every message type, and an OpenAPI 3.1 document of the endpoint an agency
 * exposes. One source feeds the hub, the schemas it serves at /agency/v1/schemas/ and the
 * schema blocks printed in docs/agency-protocol.md (appendix A).
 */
import { z } from "zod";
import * as messages from "../../domain/exchange/messages.ts";
import { ENVELOPE_MEDIA_TYPE, MAX_MESSAGES_PER_BATCH, REPLAY_WINDOW_SECONDS } from "./envelope.ts";

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
/** Where the hub serves them (src/http/routes/agency-schemas.ts). */
export const SCHEMAS_PATH = "/agency/v1/schemas/";
export const AGENCY_ENDPOINT_OPENAPI_PATH = "/agency/v1/agency-endpoint.openapi.json";

/** The JWS payload (section 3) as the spec states it: version "1", 1 to 500 messages. */
export const envelopeSchema = z
  .object({
    iss: z.string().min(1).max(40),
    aud: z.string().min(1).max(40),
    jti: z.uuid(),
    iat: z.number().int(),
    ver: z.literal(messages.PROTOCOL_VERSION),
    messages: z.array(z.unknown()).min(1).max(MAX_MESSAGES_PER_BATCH),
  })
  .strict();

/** The body of a refused batch (section 2): a code from the table and one plain string. */
export const batchErrorSchema = z.object({ code: z.string(), message: z.string() }).strict();

/**
 * The batch errors of section 2, by HTTP status. 429 allows any code (`RATE_LIMITED` is the
 * hub's); test/agencies/protocol-schemas.test.ts reads the spec's table and compares.
 */
export const batchErrors: readonly { status: number; codes: readonly string[]; anyCode?: true; description: string }[] = [
  { status: 400, codes: ["MALFORMED", "TOO_MANY_MESSAGES", "UNSUPPORTED_VERSION"], description: `not a compact JWS, a header other than ES256 + kid + typ, not a valid envelope (MALFORMED); more than ${MAX_MESSAGES_PER_BATCH} messages; an unsupported ver` },
  { status: 401, codes: ["BAD_SIGNATURE", "UNKNOWN_SENDER"], description: "the signature does not verify with the key named by kid; no key kid for the iss" },
  { status: 403, codes: ["WRONG_AUDIENCE"], description: "aud is not the receiver's party id" },
  { status: 413, codes: ["TOO_LARGE"], description: "the body is over the receiver's limit (at least 4 MiB must be accepted)" },
  { status: 415, codes: ["UNSUPPORTED_MEDIA_TYPE"], description: `Content-Type is not ${ENVELOPE_MEDIA_TYPE}` },
  { status: 422, codes: ["OUTSIDE_WINDOW"], description: `iat more than ${REPLAY_WINDOW_SECONDS} s from the receiver's clock` },
  { status: 429, codes: ["RATE_LIMITED"], anyCode: true, description: "the receiver is rate-limiting: resend later, honouring Retry-After (any code; the hub's is RATE_LIMITED)" },
  { status: 500, codes: ["INTERNAL"], description: "the receiver failed: resend later" },
  { status: 503, codes: ["UNAVAILABLE", "KEYS_UNAVAILABLE"], description: "the receiver is down, or cannot fetch the sender's key set now: resend later, honouring Retry-After" },
];

export type SchemaKind = "envelope" | "receipt" | "hub-to-agency" | "agency-to-hub";

/** Every schema of the protocol, by the name it is served and printed under (a message's `type`). */
export const protocolSchemas: ReadonlyMap<string, { kind: SchemaKind; schema: z.ZodType }> = new Map<string, { kind: SchemaKind; schema: z.ZodType }>([
  ["envelope", { kind: "envelope", schema: envelopeSchema }],
  ["receipt", { kind: "receipt", schema: messages.receipt }],
  ...messages.hubMessage.options.map((option) => [option.shape.type.value, { kind: "hub-to-agency" as const, schema: option }] as const),
  ...messages.agencyMessage.options.map((option) => [option.shape.type.value, { kind: "agency-to-hub" as const, schema: option }] as const),
]);

/** The JSON Schema (2020-12) of one protocol schema, as zod generates it for input; undefined for an unknown name. */
export function jsonSchemaOf(name: string): Record<string, unknown> | undefined {
  const entry = protocolSchemas.get(name);
  return entry ? (z.toJSONSchema(entry.schema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>) : undefined;
}

/**
 * The JSON Schema as docs/agency-protocol.md prints it: without "$schema", and without the
 * long regular expressions zod adds next to format "uuid" and "date-time" (the document
 * states those formats precisely in its conventions, section 9.1).
 */
export function printedJsonSchema(name: string): unknown {
  const generated = jsonSchemaOf(name);
  if (!generated) throw new Error(`no protocol schema named ${name}`);
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== "object") return node;
    const format = (node as { format?: unknown }).format;
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>)
        .filter(([key]) => key !== "$schema" && !(key === "pattern" && (format === "uuid" || format === "date-time")))
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(generated);
}

export const schemaUrl = (name: string) => `${SCHEMAS_PATH}${name}.json`;

/** The index served at /agency/v1/schemas/: every schema with its URL (paths on the hub). */
export function schemaIndex() {
  return {
    protocolVersion: messages.PROTOCOL_VERSION,
    dialect: JSON_SCHEMA_DIALECT,
    spec: "docs/agency-protocol.md",
    agencyEndpoint: AGENCY_ENDPOINT_OPENAPI_PATH,
    schemas: [...protocolSchemas].map(([name, { kind }]) => ({ name, kind, url: schemaUrl(name) })),
  };
}

const withoutDialect = (schema: Record<string, unknown>) => Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema"));

/**
 * OpenAPI 3.1 of what an agency exposes: POST <endpoint>/messages with a compact JWS whose
 * payload is an envelope of hub messages, answered with a receipt or a batch error.
 */
export function agencyEndpointOpenApi(): Record<string, unknown> {
  const hubTypes = [...protocolSchemas].filter(([, entry]) => entry.kind === "hub-to-agency").map(([name]) => name);
  const components: Record<string, unknown> = {};
  for (const name of ["envelope", "receipt", ...hubTypes]) components[name] = withoutDialect(jsonSchemaOf(name)!);
  components["hub-message"] = { oneOf: hubTypes.map((name) => ({ $ref: `#/components/schemas/${name}` })), discriminator: { propertyName: "type" } };
  // The envelope an agency receives carries hub messages.
  const envelope = components.envelope as { properties: { messages: Record<string, unknown> } };
  envelope.properties.messages = { ...envelope.properties.messages, items: { $ref: "#/components/schemas/hub-message" } };
  components["batch-error"] = withoutDialect(z.toJSONSchema(batchErrorSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>);
  const retryAfter = { "Retry-After": { description: "seconds to wait before resending", schema: { type: "integer", minimum: 0 } } };
  const responses: Record<string, unknown> = {
    "200": {
      description: "A receipt: one entry per message of the batch (section 6).",
      content: { "application/json": { schema: { $ref: "#/components/schemas/receipt" } } },
    },
  };
  for (const error of batchErrors) {
    const code = error.anyCode ? { type: "string", examples: error.codes } : { enum: error.codes };
    responses[String(error.status)] = {
      description: error.description,
      ...(error.status === 429 || error.status === 503 ? { headers: retryAfter } : {}),
      content: {
        "application/json": {
          schema: { allOf: [{ $ref: "#/components/schemas/batch-error" }, { type: "object", properties: { code } }] },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: "tanfeeth agency endpoint",
      version: messages.PROTOCOL_VERSION,
      summary: "What an agency (bank, traffic, ports, civil information, clearing) exposes to receive the hub's signed batches.",
      description:
        "Generated from the hub's protocol source; docs/agency-protocol.md is the normative text. " +
        `The body is a compact JWS (ES256, protected header exactly alg, kid, typ) whose payload is an envelope of 1 to ${MAX_MESSAGES_PER_BATCH} hub messages; ` +
        "the agency verifies it with the hub's keys (/agency/v1/jwks.json), drops duplicate messageIds, answers with a receipt within 5 s and acts later, " +
        "replying to the hub's own endpoint (/agency/v1/messages). The JSON Schemas of every message are at /agency/v1/schemas/.",
    },
    servers: [
      {
        url: "{endpoint}",
        description: "the agency's base URL as registered in the hub's directory",
        variables: { endpoint: { default: "https://agency.example/tanfeeth" } },
      },
    ],
    paths: {
      "/messages": {
        post: {
          operationId: "receiveBatch",
          summary: "Receive one signed batch of hub messages",
          requestBody: {
            required: true,
            content: {
              [ENVELOPE_MEDIA_TYPE]: {
                schema: {
                  type: "string",
                  description: "The compact JWS of one envelope (section 3); its payload is #/components/schemas/envelope.",
                  pattern: "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
                  "x-jws-payload": { $ref: "#/components/schemas/envelope" },
                },
              },
            },
          },
          responses,
        },
      },
    },
    components: { schemas: components },
  };
}
