/** The operations of the app's own OpenAPI document, read at test time: endpoints added later are covered without a change here. */
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import type { JsonSchema } from "./schema-arbitrary.ts";

export interface Parameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/files/{fileId}/procedures" */
  id: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes JSON. */
  jsonBody: JsonSchema | null;
  /** Whether the document says a session or a token is needed. */
  secured: boolean;
}

export interface OpenApiDocument {
  operations: Operation[];
  components: Record<string, JsonSchema>;
}

export async function readOpenApi(app: FastifyInstance): Promise<OpenApiDocument> {
  const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
  assert.equal(response.statusCode, 200, response.body);
  const doc = response.json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> }; security?: unknown[] }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation["method"],
        path,
        parameters: operation.parameters ?? [],
        jsonBody: operation.requestBody?.content?.["application/json"]?.schema ?? null,
        secured: (operation.security ?? []).length > 0,
      });
    }
  }
  assert.ok(operations.length > 0, "the OpenAPI document lists no operation");
  return { operations, components: doc.components?.schemas ?? {} };
}

export const isStateChanging = (operation: Pick<Operation, "method">) => operation.method !== "GET";
