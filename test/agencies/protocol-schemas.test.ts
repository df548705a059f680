/**
 * Issue 17 item 7: the hub serves the protocol in machine-readable form — the JSON Schema
 * of the envelope, the receipt and every message at /agency/v1/schemas/, and the OpenAPI 3.1
 * document of the endpoint an agency exposes. Checked here against the zod source directly
 * (messages.ts, not the generator under test), against the schema blocks checked in to
 * docs/agency-protocol.md, against the spec's examples with an independent JSON Schema
 * validator (Ajv, 2020-12), and against the spec's table of batch errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { systemClock } from "../../src/app/clock.ts";
import { makeDeps } from "../../src/app/deps.ts";
import * as messages from "../../src/domain/exchange/messages.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { batchErrors, specText } from "../support/protocol-spec.ts";

let app: FastifyInstance;
let database: Awaited<ReturnType<typeof openDatabase>>;

before(async () => {
  database = await openDatabase({ appRole: null });
  app = await buildHttpApp({ deps: makeDeps(database.db, systemClock), logger: false, secureCookies: true, readiness: async () => true });
});

after(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

/** Every message type of the protocol, read from the zod unions themselves. */
const hubTypes = messages.hubMessage.options.map((option) => option.shape.type.value as string);
const agencyTypes = messages.agencyMessage.options.map((option) => option.shape.type.value as string);
const zodOf = (name: string): z.ZodType | undefined =>
  name === "receipt" ? messages.receipt : [...messages.hubMessage.options, ...messages.agencyMessage.options].find((option) => option.shape.type.value === name);

/** The blocks of docs/agency-protocol.md: `<!-- schema: x -->` and `<!-- example: x -->`, each one fenced JSON. */
const docBlocks = (kind: "schema" | "example") =>
  [...specText().matchAll(/<!-- (schema|example): ([a-z_.]+) -->\n```json\n([\s\S]*?)\n```/g)].filter((match) => match[1] === kind).map((match) => ({ name: match[2]!, json: JSON.parse(match[3]!) as unknown }));

/** As the doc prints a schema: no "$schema", no zod regex beside format uuid / date-time. */
function printed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(printed);
  if (node === null || typeof node !== "object") return node;
  const format = (node as { format?: unknown }).format;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key]) => key !== "$schema" && !(key === "pattern" && (format === "uuid" || format === "date-time")))
      .map(([key, value]) => [key, printed(value)]),
  );
}

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

async function servedSchemas(): Promise<Map<string, Record<string, unknown>>> {
  const index = (await get("/agency/v1/schemas/")).json() as { schemas: { name: string; url: string }[] };
  const schemas = new Map<string, Record<string, unknown>>();
  for (const entry of index.schemas) schemas.set(entry.name, (await get(entry.url)).json() as Record<string, unknown>);
  return schemas;
}

describe("GET /agency/v1/schemas/", () => {
  it("lists the envelope, the receipt and every message type, each with a URL that answers its schema", async () => {
    const response = await get("/agency/v1/schemas/");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["cache-control"]), /^public, max-age=\d+$/);
    const index = response.json() as { protocolVersion: string; dialect: string; agencyEndpoint: string; schemas: { name: string; kind: string; url: string }[] };
    assert.equal(index.protocolVersion, messages.PROTOCOL_VERSION);
    assert.equal(index.dialect, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(index.agencyEndpoint, "/agency/v1/agency-endpoint.openapi.json");
    assert.deepEqual(index.schemas.map((entry) => entry.name).sort(), ["envelope", "receipt", ...hubTypes, ...agencyTypes].sort());
    for (const type of hubTypes) assert.equal(index.schemas.find((entry) => entry.name === type)?.kind, "hub-to-agency");
    for (const type of agencyTypes) assert.equal(index.schemas.find((entry) => entry.name === type)?.kind, "agency-to-hub");
    for (const entry of index.schemas) {
      assert.equal(entry.url, `/agency/v1/schemas/${entry.name}.json`);
      const schema = await get(entry.url);
      assert.equal(schema.statusCode, 200, entry.url);
      assert.match(String(schema.headers["content-type"]), /^application\/schema\+json/);
      assert.match(String(schema.headers["cache-control"]), /^public, max-age=\d+$/);
    }
    assert.equal((await get("/agency/v1/schemas")).statusCode, 200);
  });

  it("serves each message's schema exactly as zod generates it (JSON Schema 2020-12) from messages.ts", async () => {
    const schemas = await servedSchemas();
    for (const name of ["receipt", ...hubTypes, ...agencyTypes]) {
      const served = schemas.get(name)!;
      assert.equal(served.$schema, "https://json-schema.org/draft/2020-12/schema", name);
      assert.deepEqual(served, z.toJSONSchema(zodOf(name)!, { io: "input", target: "draft-2020-12" }), `${name} is what zod generates`);
    }
  });

  it("serves the very schemas checked in to docs/agency-protocol.md (appendix A), envelope included", async () => {
    const schemas = await servedSchemas();
    const blocks = docBlocks("schema");
    assert.deepEqual(blocks.map((block) => block.name).sort(), [...schemas.keys()].sort());
    for (const block of blocks) assert.deepEqual(printed(schemas.get(block.name)), block.json, `${block.name}: served and printed differ (regenerate the doc: see protocol-doc.test.ts)`);
  });

  it("accepts every example of the spec, and refuses each one mutated (a JSON Schema validator, not zod)", async () => {
    const schemas = await servedSchemas();
    const ajv = validator();
    const examples = docBlocks("example");
    assert.ok(examples.length >= schemas.size, "an example per schema");
    for (const example of examples) {
      const validate = ajv.compile(schemas.get(example.name)!);
      assert.ok(validate(example.json), `example ${example.name}: ${ajv.errorsText(validate.errors)}`);
      assert.equal(validate({ ...(example.json as object), unexpected: true }), false, `${example.name} with a member the schema does not name`);
    }
    const example = (name: string) => structuredClone(examples.find((candidate) => candidate.name === name)!.json) as Record<string, unknown>;
    const refused = (name: string, mutate: (value: Record<string, unknown>) => void) => {
      const value = example(name);
      mutate(value);
      return !ajv.validate(schemas.get(name)!, value);
    };
    assert.ok(refused("attachment.order", (value) => (value.maxAmount = "18875.000")), "an amount is integer fils");
    assert.ok(refused("attachment.order", (value) => (value.messageId = "not-a-uuid")), "a messageId is a UUID");
    assert.ok(refused("hold.adjust", (value) => (value.reason = "because")), "hold.adjust reasons are listed");
    assert.ok(refused("attachment.declaration", (value) => (value.accounts = [{ iban: "KW81", frozen: "1" }])), "an IBAN has the Kuwaiti shape");
    assert.ok(refused("attachment.declaration", (value) => delete value.totalFrozen), "totalFrozen is required");
    assert.ok(refused("receipt", (value) => ((value.receipts as { status: string }[])[0]!.status = "lost")), "a receipt status is listed");
    assert.ok(refused("envelope", (value) => (value.ver = "2")), "the envelope of version 1");
    assert.ok(refused("envelope", (value) => (value.messages = [])), "at least one message");
  });

  it("answers 304 to a client that has the current version, and 404 to an unknown schema", async () => {
    const first = await get("/agency/v1/schemas/ack.json");
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    assert.equal((await get("/agency/v1/schemas/ack.json", { "if-none-match": etag })).statusCode, 304);
    assert.equal((await get("/agency/v1/schemas/ack.json", { "if-none-match": '"other"' })).statusCode, 200);
    const unknown = await get("/agency/v1/schemas/payment.order.json");
    assert.equal(unknown.statusCode, 404);
    assert.equal((unknown.json() as { code: string }).code, "NOT_FOUND");
  });
});

describe("GET /agency/v1/agency-endpoint.openapi.json", () => {
  type Operation = {
    requestBody: { content: Record<string, { schema: { type: string; pattern: string } }> };
    responses: Record<string, { content: { "application/json": { schema: Record<string, unknown> } }; headers?: Record<string, unknown> }>;
  };
  let document: { openapi: string; paths: Record<string, { post: Operation }>; components: { schemas: Record<string, Record<string, unknown>> } };

  before(async () => {
    const response = await get("/agency/v1/agency-endpoint.openapi.json");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["cache-control"]), /^public, max-age=\d+$/);
    document = response.json() as typeof document;
  });

  it("is OpenAPI 3.1 of POST <endpoint>/messages taking a compact JWS and answering a receipt", () => {
    assert.equal(document.openapi, "3.1.0");
    const post = document.paths["/messages"]!.post;
    assert.deepEqual(Object.keys(post.requestBody.content), ["application/jose"]);
    const jws = new RegExp(post.requestBody.content["application/jose"]!.schema.pattern);
    assert.ok(jws.test("eyJhbGciOiJFUzI1NiJ9.eyJ2ZXIiOiIxIn0.c2ln"));
    assert.ok(!jws.test('{"payload":"x","signatures":[]}'), "not the JSON serialisation");
    assert.deepEqual(post.responses["200"]!.content["application/json"].schema, { $ref: "#/components/schemas/receipt" });
  });

  it("lists exactly the batch errors of the spec's table (section 2), each under its status", () => {
    const responses = document.paths["/messages"]!.post.responses;
    const listed = new Map<string, number>();
    for (const [status, response] of Object.entries(responses)) {
      if (status === "200") continue;
      const code = ((response.content["application/json"].schema.allOf as Record<string, unknown>[])[1] as { properties: { code: { enum?: string[]; examples?: string[] } } }).properties.code;
      for (const name of code.enum ?? code.examples ?? []) listed.set(name, Number(status));
    }
    assert.deepEqual(Object.fromEntries([...listed].sort()), Object.fromEntries([...batchErrors()].sort()));
    for (const status of ["429", "503"]) assert.ok(responses[status]!.headers?.["Retry-After"], `${status} names Retry-After`);
  });

  it("describes the envelope an agency receives: the spec's example passes, an agency's message in it does not", () => {
    const ajv = validator();
    ajv.addSchema(document as object, "agency-endpoint");
    const validate = ajv.getSchema("agency-endpoint#/components/schemas/envelope")!;
    const example = docBlocks("example").find((block) => block.name === "envelope")!.json as { messages: unknown[] };
    assert.ok(validate(example), ajv.errorsText(validate.errors));
    const ack = docBlocks("example").find((block) => block.name === "ack")!.json;
    assert.equal(validate({ ...example, messages: [ack] }), false, "an ack is not a message the hub sends an agency");
    for (const type of hubTypes) assert.deepEqual({ $schema: "https://json-schema.org/draft/2020-12/schema", ...document.components.schemas[type] }, z.toJSONSchema(zodOf(type)!, { io: "input", target: "draft-2020-12" }), type);
  });
});
