/**
 * The web app's API types cannot drift from the API: web/src/api/schema.d.ts must be what
 * openapi-typescript makes of the OpenAPI document the app serves now (`npm run gen:api`
 * rewrites it). The pages read the API through those types (web/src/api/client.ts), so a
 * route whose answer changes breaks the type check of every page that reads it.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { apiTypesSource, schemaFile } from "../../scripts/api-types/generate.ts";
import { openApiDocument } from "../../scripts/openapi.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;
let document: Record<string, unknown>;

before(async () => {
  database = await createTestDatabase();
  document = await openApiDocument(database.db);
});
after(async () => {
  await database.drop();
});

/** The first line where two texts part, to point at it rather than print 6,000 lines. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split("\n");
  const b = expected.split("\n");
  const at = a.findIndex((line, index) => line !== b[index]);
  const line = at === -1 ? Math.min(a.length, b.length) : at;
  return `line ${line + 1}: checked in ${JSON.stringify(a[line] ?? "(end)")}, generated ${JSON.stringify(b[line] ?? "(end)")}`;
}

test("web/src/api/schema.d.ts is what the API's OpenAPI document generates (npm run gen:api)", async () => {
  const generated = await apiTypesSource(document);
  const checkedIn = await readFile(schemaFile, "utf8");
  assert.ok(checkedIn === generated, `web/src/api/schema.d.ts is not current: run \`npm run gen:api\` (${checkedIn === generated ? "" : firstDifference(checkedIn, generated)})`);
});

test("a route the document changes changes the generated types (the check above can fail)", async () => {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  assert.ok(paths["/api/v1/files/{fileId}/disputes"], "the document lists the disputes of a file");
  const { ["/api/v1/files/{fileId}/disputes"]: _removed, ...others } = paths;
  const generated = await apiTypesSource(document);
  const without = await apiTypesSource({ ...document, paths: others });
  assert.match(generated, /"\/api\/v1\/files\/\{fileId\}\/disputes": \{/);
  assert.doesNotMatch(without, /"\/api\/v1\/files\/\{fileId\}\/disputes": \{/);
});
