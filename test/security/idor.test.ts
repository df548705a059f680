/**
 * Guessed ids (IDOR): for every operation of the OpenAPI document that takes an id in its
 * path, people with no right to a neighbour's file — a stranger, the creditor and debtor
 * of another file, lawyers whose mandate lapsed or was never verified, another company's
 * representative and machine client, a bank officer, an anonymous caller — send that
 * file's real ids (its file, procedures, orders, documents, disclosure and signing
 * requests, and any row of a newer table that has a file_id), ids next to them, and
 * random ids. Each answer must be the same as for an id that does not exist — same
 * status, same code, same body but for the id itself — a refusal, and nothing written.
 * Then mixed ids: one's own file with a neighbour's procedure or order.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { sql } from "kysely";
import { dispatchNow } from "../http/authorization-support.ts";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";
import { schemaContext } from "./support/fuzz-cases.ts";
import { readOpenApi, type Operation } from "./support/openapi.ts";
import { leaksIn } from "./support/response-contract.ts";
import { fromSchema } from "./support/schema-arbitrary.ts";
import { startSecurityWorld, type CallerName, type SecurityWorld } from "./support/security-world.ts";

let world: SecurityWorld;
let trafficOrderB: string;

before(async () => {
  world = await startSecurityWorld({ apiRateLimit: 1_000_000 });
  // An order at another agency than the bank officer's own (NBOK): the seizure of file B, sent to traffic.
  await dispatchNow(world.harness.database.db, world.harness.world.clock.now(), world.seeded.seizureB);
  trafficOrderB = (await world.harness.database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", world.seeded.seizureB).executeTakeFirstOrThrow()).id;
});

after(async () => {
  await world?.close();
});

/** None of them may see file A (creditor v. debtor) or anything under it. */
const attackers: CallerName[] = ["stranger", "otherCreditor", "otherDebtor", "expiredLawyer", "unverifiedLawyer", "companyRep", "machineClient", "bankOfficer", "anonymous"];

/** Ids next to a real one: what someone guessing from a leaked id would try. */
function neighbours(id: string): string[] {
  const last = Number.parseInt(id.slice(-1), 16);
  return [(last + 1) % 16, (last + 15) % 16].map((digit) => id.slice(0, -1) + digit.toString(16));
}

/** The victim's id for a path parameter: file A's own rows; for newer tables a row with file A's file_id, or one under no file (a general mandate). */
async function victimId(name: string, forAgencyOfficer: boolean): Promise<string | null> {
  const seeded = world.seeded;
  const known: Record<string, string> = {
    fileId: seeded.fileA,
    procedureId: seeded.travelBanA,
    orderId: forAgencyOfficer ? trafficOrderB : seeded.orderA,
    documentId: seeded.documentA,
    requestId: seeded.disclosureA,
    id: seeded.signingRequestA,
    signingRequestId: seeded.signingRequestA,
  };
  if (known[name]) return known[name]!;
  const match = /^(.*)Id$/.exec(name);
  if (!match) return null;
  const table = name === "itemId" ? "review_items" : `${match[1]!.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}s`;
  const column = (await columnOf(table, "file_id")) ? "file_id" : (await columnOf(table, "procedure_id")) ? "procedure_id" : null;
  // Not under a file (mandates, staff roles): any row of the table is someone else's.
  if (column === null) return (await world.pools()).idsFor(name)[0] ?? null;
  const rows = await sql<{ id: string }>`
    SELECT id::text AS id FROM ${sql.table(table)}
    WHERE ${sql.ref(column)}::text IN (${seeded.fileA}, ${seeded.travelBanA}, ${seeded.attachmentA}) OR ${sql.ref(column)} IS NULL
    ORDER BY ${sql.ref(column)} NULLS LAST LIMIT 1`.execute(world.harness.database.db);
  return rows.rows[0]?.id ?? null;
}

async function columnOf(table: string, column: string): Promise<boolean> {
  const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`.execute(world.harness.database.db);
  return found.rows[0]!.n > 0;
}

const masked = (text: string, ids: string[]) => ids.reduce((body, id) => body.split(id).join("<id>"), text);

test("a neighbour's ids, ids next to them and random ids get the same refusal as ids that do not exist; nothing written", async () => {
  const { operations, components } = await readOpenApi(world.harness.app);
  const pools = await world.pools();
  const context = schemaContext(pools, components, 0);
  const database = await writeDetector(world.harness.database);
  const scoped = operations.filter((operation) => operation.parameters.some((parameter) => parameter.in === "path" && parameter.schema.format === "uuid"));
  assert.ok(scoped.length >= 20, `only ${scoped.length} operations take an id`);
  let attacks = 0;
  let leaks = 0;
  let notFound = 0;
  const skipped: string[] = [];
  const problems: string[] = [];

  for (const operation of scoped) {
    const body = operation.jsonBody ? JSON.stringify(fc.sample(fromSchema(operation.jsonBody, context), { seed: 7, numRuns: 1 })[0]) : undefined;
    for (const attacker of attackers) {
      const isAgencyOfficer = attacker === "bankOfficer";
      // Every NBOK officer sees every disclosure request (they go to every bank): not a neighbour's.
      if (isAgencyOfficer && operation.path.includes("{requestId}")) continue;
      const victim: Record<string, string> = {};
      let complete = true;
      for (const parameter of operation.parameters.filter((candidate) => candidate.in === "path")) {
        if (parameter.schema.format !== "uuid") {
          victim[parameter.name] = String(fc.sample(fromSchema(parameter.schema, context, parameter.name), { seed: 3, numRuns: 1 })[0]);
          continue;
        }
        const id = await victimId(parameter.name, isAgencyOfficer);
        if (id === null) complete = false;
        else victim[parameter.name] = id;
      }
      if (!complete) {
        if (!skipped.includes(operation.id)) skipped.push(operation.id);
        continue;
      }
      const urlWith = (ids: Record<string, string>) => operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name]!));
      const uuidNames = Object.keys(victim).filter((name) => operation.parameters.some((parameter) => parameter.name === name && parameter.schema.format === "uuid"));
      const send = async (ids: Record<string, string>) => {
        const before = await database.now();
        const url = urlWith(ids);
        const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
        const response = await world.callers[attacker].request({ method: operation.method as "GET", url, headers, ...(body === undefined ? {} : { payload: body }) });
        const after = await database.now();
        attacks++;
        const where = `${operation.id} as ${attacker} → ${url}`;
        // Refused: a 4xx, or a 503 for a service this deployment lacks (the same for every id, as checked below).
        if (response.statusCode < 400 || (response.statusCode >= 500 && response.statusCode !== 503)) problems.push(`not refused (${response.statusCode}): ${where} ${response.body.slice(0, 200)}`);
        if (response.statusCode === 404) notFound++;
        const changed = fingerprintDiff(before, after);
        if (changed.length > 0) problems.push(`wrote ${changed.join("; ")}: ${where}`);
        const leaked = leaksIn(response, { method: operation.method, url, headers, payload: body ?? "" });
        if (leaked.length > 0) {
          leaks++;
          problems.push(`leak ${leaked.join("; ")}: ${where}`);
        }
        return { status: response.statusCode, body: masked(response.body, Object.values(ids)), where };
      };
      const real = await send(victim);
      // The same request with each id in turn (then all) replaced: unknown, a neighbour of the real one, random.
      const variants: Record<string, string>[] = [];
      for (const name of uuidNames) {
        for (const guess of [randomUUID(), ...neighbours(victim[name]!)]) variants.push({ ...victim, [name]: guess });
      }
      variants.push(Object.fromEntries(Object.entries(victim).map(([name, id]) => [name, uuidNames.includes(name) ? randomUUID() : id])));
      for (const variant of variants) {
        const guessed = await send(variant);
        if (guessed.status !== real.status || guessed.body !== real.body) {
          leaks++;
          problems.push(`a real id is answered differently from an unknown one: ${real.where} → ${real.status} ${real.body.slice(0, 200)} | ${guessed.where} → ${guessed.status} ${guessed.body.slice(0, 200)}`);
        }
      }
    }
  }
  console.log(`operations with ids: ${scoped.length}; attackers: ${attackers.length}; 404s: ${notFound}${skipped.length ? `; no neighbour's row to aim at: ${skipped.join(", ")}` : ""}`);
  console.log(`attacks tried: ${attacks}, leaks: ${leaks}`);
  assert.deepEqual(problems.slice(0, 15), []);
});

test("one's own file with a neighbour's procedure, order or document: the same as an unknown one", async () => {
  const { operations, components } = await readOpenApi(world.harness.app);
  const context = schemaContext(await world.pools(), components, 0);
  // otherCreditor owns file B; file A's rows are a neighbour's.
  const mixed = operations.filter((operation) => operation.path.startsWith("/api/v1/files/{fileId}/") && /\{(procedureId|orderId|documentId)\}/.test(operation.path));
  assert.ok(mixed.length >= 3, mixed.map((operation: Operation) => operation.id).join(", "));
  let attacks = 0;
  const problems: string[] = [];
  for (const operation of mixed) {
    const body = operation.jsonBody ? JSON.stringify(fc.sample(fromSchema(operation.jsonBody, context), { seed: 11, numRuns: 1 })[0]) : undefined;
    const answer = async (inner: string) => {
      const url = operation.path.replace("{fileId}", world.seeded.fileB).replace(/\{(procedureId|orderId|documentId)\}/, inner);
      const response = await world.callers.otherCreditor.request({ method: operation.method as "GET", url, ...(body === undefined ? {} : { payload: body, headers: { "content-type": "application/json" } }) });
      attacks++;
      return `${response.statusCode} ${masked(response.body, [inner])}`;
    };
    for (const neighbour of [world.seeded.attachmentA, world.seeded.travelBanA, world.seeded.orderA, world.seeded.documentA]) {
      const [real, unknown, random] = [await answer(neighbour), await answer(neighbours(neighbour)[0]!), await answer(randomUUID())];
      if (random !== unknown) problems.push(`${operation.id}: a random id ${random.slice(0, 200)} | a guessed one: ${unknown.slice(0, 200)}`);
      if (real !== unknown) problems.push(`${operation.id}: ${real.slice(0, 200)} | unknown: ${unknown.slice(0, 200)}`);
    }
  }
  console.log(`attacks tried: ${attacks}, leaks: ${problems.length}`);
  assert.deepEqual(problems, []);
});
