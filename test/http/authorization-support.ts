/**
 * Shared by the two authorization matrices (authorization.test.ts: files, money, access,
 * monitoring; authorization-agency.test.ts: the agency portal): the outcomes a cell can
 * state, the list of /api/v1 operations read from the OpenAPI document (so an endpoint
 * without a row fails the build), a fingerprint of everything a request could write,
 * machine-client callers, and orders brought to `sent` without the stand-in agencies.
 */
import assert from "node:assert/strict";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { dispatchProcedure } from "../../src/app/agency-exchange/dispatch-procedure.ts";
import { sendLift } from "../../src/app/agency-exchange/send-lift.ts";
import { makeDeps } from "../../src/app/deps.ts";
import { createMachineClient } from "../../src/app/machine-clients.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import type { MachineScope } from "../../src/domain/access/subject.ts";
import type { Db } from "../../src/storage/database.ts";
import { companyCr } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import { assertError, type ErrorBody } from "./helpers.ts";

/** Allowed: the endpoint's success status and its effect; for lists, whether the row under test is in it. */
export type Allowed = "allowed" | "listed" | "unlisted";
export type Denied = readonly [status: number, code: string];
export type Outcome = Allowed | Denied;

export const A: Allowed = "allowed";
export const LISTED: Allowed = "listed";
export const UNLISTED: Allowed = "unlisted";
export const U: Denied = [401, "UNAUTHENTICATED"];
export const F: Denied = [403, "FORBIDDEN"];
export const N: Denied = [404, "NOT_FOUND"];
export const NF: Denied = [404, "FILE_NOT_FOUND"];
export const ONF: Denied = [404, "ORDER_NOT_FOUND"];
export const DNF: Denied = [404, "DISCLOSURE_NOT_FOUND"];

export const outcomeLabel = (outcome: Outcome) => (typeof outcome === "string" ? outcome : `${outcome[0]} ${outcome[1]}`);

/** The agency portal's operations: their rows are in authorization-agency.test.ts. */
export const agencyPortalOperations = [
  "GET /api/v1/agency/orders",
  "GET /api/v1/agency/orders/{orderId}",
  "POST /api/v1/agency/orders/{orderId}/acknowledgement",
  "POST /api/v1/agency/orders/{orderId}/declaration",
  "POST /api/v1/agency/orders/{orderId}/nothing-held",
  "POST /api/v1/agency/orders/{orderId}/seizure-result",
  "POST /api/v1/agency/orders/{orderId}/ban-registration",
  "POST /api/v1/agency/orders/{orderId}/rejection",
  "POST /api/v1/agency/orders/{orderId}/lift-confirmation",
  "POST /api/v1/agency/orders/{orderId}/transfer-confirmation",
  "GET /api/v1/agency/disclosures",
  "POST /api/v1/agency/disclosures/{requestId}/statement",
  "POST /api/v1/agency/disclosures/{requestId}/rejection",
] as const;
export type AgencyPortalOperation = (typeof agencyPortalOperations)[number];

/** Every /api/v1 operation the OpenAPI document publishes, as "METHOD /path/{param}". */
export async function apiOperations(app: FastifyInstance): Promise<string[]> {
  const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
  assert.equal(response.statusCode, 200, response.body);
  const doc = response.json() as { paths: Record<string, Record<string, unknown>> };
  const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
  const operations: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith("/api/v1/")) continue;
    for (const method of Object.keys(item)) if (methods.has(method)) operations.push(`${method.toUpperCase()} ${path}`);
  }
  assert.ok(operations.length > 0, "the OpenAPI document lists no /api/v1 operation");
  return operations.sort();
}

/** A URL for an operation with every path parameter filled (for requests that never reach the handler). */
export function sampleUrl(operation: string): { method: "GET" | "POST"; url: string } {
  const [method, path] = operation.split(" ") as ["GET" | "POST", string];
  return { method, url: path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000001") };
}

/*
 * Everything a request could write, in one round trip: the row count of every table but
 * the sessions (reading with a session touches it), and the columns use cases update in
 * place (statuses, verifications, revocations, amounts held), so a refused request that
 * changed a row without adding one is caught too.
 */
const countedTables = [
  "persons",
  "companies",
  "company_representatives",
  "staff_roles",
  "enforcement_files",
  "executory_titles",
  "file_parties",
  "mandates",
  "claim_items",
  "ledger_entries",
  "procedures",
  "agency_orders",
  "action_streams",
  "actions",
  "outbox",
  "agency_batches",
  "agency_messages",
  "hub_signing_keys",
  "agency_refusals",
  "disclosure_requests",
  "idp_keys",
  "idp_approvals",
  "signing_requests",
  "signature_uses",
  "machine_clients",
  "machine_tokens",
  "bulk_jobs",
  "bulk_rows",
  "disputes",
  "instalment_plans",
  "instalments",
  "instalment_plan_consents",
  "instalment_plan_measures",
  "instalment_credits",
  "treasury_entries",
  "treasury_lines",
  "treasury_payouts",
  "payments",
  "procedure_fees",
  "payment_callbacks",
  "payment_refunds",
  "title_submissions",
  "document_verifications",
  "review_items",
  "title_services",
  "notice_preferences",
  "staff_role_proposals",
  "staff_conflicts",
];
const byStatus = (table: string, column = "status") =>
  `(SELECT coalesce(string_agg(s.k || '=' || s.n, ',' ORDER BY s.k), '') FROM (SELECT ${column}::text AS k, count(*) AS n FROM ${table} GROUP BY ${column}) s)`;
const fingerprintSql = [
  ...countedTables.map((table) => `(SELECT count(*) FROM ${table})::text AS "${table}"`),
  `${byStatus("procedures")} AS "procedures.status"`,
  `${byStatus("agency_orders")} AS "agency_orders.status"`,
  `${byStatus("payments")} AS "payments.status"`,
  `${byStatus("procedure_fees")} AS "procedure_fees.status"`,
  `(SELECT coalesce(sum(amount_held), 0)::text || '/' || coalesce(sum(frozen_declared), 0)::text || '/' || coalesce(sum(declaration_sequence), 0)::text FROM agency_orders) AS "agency_orders.amounts"`,
  `${byStatus("agency_messages")} AS "agency_messages.status"`,
  `${byStatus("signing_requests")} AS "signing_requests.status"`,
  `${byStatus("idp_approvals")} AS "idp_approvals.status"`,
  `${byStatus("enforcement_files")} AS "enforcement_files.status"`,
  `${byStatus("disputes")} AS "disputes.status"`,
  `${byStatus("disputes", "bond_status")} AS "disputes.bond_status"`,
  `${byStatus("instalment_plans")} AS "instalment_plans.status"`,
  `${byStatus("bulk_rows")} AS "bulk_rows.status"`,
  `${byStatus("treasury_payouts")} AS "treasury_payouts.status"`,
  `${byStatus("title_submissions")} AS "title_submissions.status"`,
  `${byStatus("document_verifications")} AS "document_verifications.status"`,
  `(SELECT count(assigned_to)::text || '/' || count(closed_at)::text FROM review_items) AS "review_items.assigned/closed"`,
  `(SELECT coalesce(string_agg(language || ':' || coalesce(email, ''), ',' ORDER BY civil_id), '') FROM notice_preferences) AS "notice_preferences.values"`,
  `(SELECT count(verified_at)::text || '/' || count(revoked_at)::text FROM mandates) AS "mandates.verified/revoked"`,
  `(SELECT count(revoked_at)::text FROM staff_roles) AS "staff_roles.revoked"`,
  `${byStatus("staff_role_proposals")} AS "staff_role_proposals.status"`,
  `(SELECT count(ended_at)::text FROM staff_conflicts) AS "staff_conflicts.ended"`,
  `(SELECT count(revoked_at)::text FROM machine_clients) AS "machine_clients.revoked"`,
  `(SELECT count(revoked_at)::text FROM machine_tokens) AS "machine_tokens.revoked"`,
  `(SELECT count(valid_until)::text FROM company_representatives) AS "company_representatives.ended"`,
  `(SELECT count(processed_at)::text FROM outbox) AS "outbox.processed"`,
].join(",\n  ");

export async function stateFingerprint(db: Db): Promise<Record<string, string>> {
  const result = await sql<Record<string, string>>`SELECT ${sql.raw(fingerprintSql)}`.execute(db);
  return result.rows[0]!;
}

/** A refusal: the exact status and code, the one error body, and nothing written anywhere. */
export async function assertRefused(db: Db, send: () => Promise<LightMyRequestResponse>, [status, code]: Denied): Promise<ErrorBody> {
  const before = await stateFingerprint(db);
  const body = assertError(await send(), status, code);
  assert.deepEqual(await stateFingerprint(db), before, "a refused request changed the database");
  return body;
}

/** Runs `act` and asserts it changed nothing (for allowed requests that must not write, such as reads). */
export async function assertUnchanged<T>(db: Db, act: () => Promise<T>): Promise<T> {
  const before = await stateFingerprint(db);
  const result = await act();
  assert.deepEqual(await stateFingerprint(db), before, "the request changed the database");
  return result;
}

/**
 * An institutional creditor's system (company `companyCr`) with every scope a client can
 * hold, calling with a fresh bearer token from the token endpoint: no cookie, no CSRF.
 */
export interface MachineCaller {
  clientId: string;
  client(): Promise<Client>;
}

export async function machineCaller(harness: HttpHarness, scopes: MachineScope[] = ["files:read", "procedures:request", "procedures:waive"]): Promise<MachineCaller> {
  const created = await createMachineClient(harness.world.deps, { subject: systemSubject, correlationId: "authz-client" }, { crNumber: companyCr, name: "Authorization matrix", scopes });
  return {
    clientId: created.clientId,
    client: async () => {
      const issued = await harness.app.inject({
        method: "POST",
        url: "/oauth/token",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString("base64")}`,
        },
        payload: "grant_type=client_credentials",
      });
      assert.equal(issued.statusCode, 200, issued.body);
      const { access_token: token } = issued.json() as { access_token: string };
      const request = (options: InjectOptions) => harness.app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
      return {
        civilId: `client:${created.clientId}`,
        request,
        get: (url) => request({ method: "GET", url }),
        post: (url, payload) => request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) }),
      };
    },
  };
}

/**
 * What the worker does with a procedure's dispatch, run here directly (no stand-in
 * agencies): the debtor's identity is taken as confirmed by the civil-information
 * authority, and the procedure's pending orders are sent.
 */
export async function dispatchNow(db: Db, now: Date, procedureId: string): Promise<void> {
  const debtor = await db
    .selectFrom("procedures as p")
    .innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id")
    .select("fp.civil_id")
    .where("p.id", "=", procedureId)
    .executeTakeFirstOrThrow();
  if (debtor.civil_id !== null) await db.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", debtor.civil_id).execute();
  await db.transaction().execute((tx) => dispatchProcedure({ tx, now, deps: makeDeps(db, { now: () => now }) }, { procedureId, correlationId: `authz-dispatch-${procedureId}` }));
}

/** What the worker does with an order's lift: the lift order is sent to the agency. */
export async function sendLiftNow(db: Db, now: Date, orderId: string): Promise<void> {
  await db.transaction().execute((tx) => sendLift({ tx, now, deps: makeDeps(db, { now: () => now }) }, { orderId, correlationId: `authz-lift-${orderId}` }));
}
