/**
 * The API's OpenAPI document without a network or a server: the HTTP app is built
 * in-process, as the tests build it, and asked for /api/openapi.json through inject.
 * Run directly, it prints the document (`node scripts/openapi.ts`).
 * The web app's types are generated from it (scripts/api-types).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "../src/app/clock.ts";
import { makeDeps } from "../src/app/deps.ts";
import { buildHttpApp } from "../src/http/app.ts";
import { openDatabase, type Db } from "../src/storage/database.ts";

/**
 * The document the API serves. Building the app reads nothing from the database; it is
 * given one all the same (`db`, or a fresh embedded one that is closed afterwards).
 */
export async function openApiDocument(db?: Db): Promise<Record<string, unknown>> {
  const database = db ? null : await openDatabase({ appRole: null });
  const app = await buildHttpApp({
    deps: makeDeps(db ?? database!.db, systemClock),
    logger: false,
    secureCookies: true,
    readiness: async () => true,
  });
  try {
    const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
    if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
    return response.json() as Record<string, unknown>;
  } finally {
    await app.close();
    await database?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  openApiDocument().then(
    (document) => process.stdout.write(`${JSON.stringify(document, null, 2)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
