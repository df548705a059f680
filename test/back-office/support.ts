/**
 * Shared by the back-office tests: the HTTP app with documents in a temporary store (the
 * documents harness), JSON helpers, and a fingerprint of every table the back office
 * writes, so a refused request is shown to have written nothing there.
 */
import assert from "node:assert/strict";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import type { Db } from "../../src/storage/database.ts";
import type { Client } from "../documents/support.ts";

export const get = (client: Client, url: string) => client.request({ method: "GET", url });
export const post = (client: Client, url: string, payload?: unknown) =>
  client.request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) });

export function ok<T>(response: LightMyRequestResponse, status = 200): T {
  assert.equal(response.statusCode, status, response.body);
  return response.json() as T;
}

const tables = [
  "title_submissions",
  "document_verifications",
  "review_items",
  "title_services",
  "notice_preferences",
  "documents",
  "actions",
  "outbox",
  "enforcement_files",
  "executory_titles",
] as const;

/** Row counts and the columns the back office updates in place (statuses, decisions, assignments). */
export async function backOfficeFingerprint(db: Db): Promise<Record<string, string>> {
  const counts = tables.map((table) => `(SELECT count(*) FROM ${table})::text AS "${table}"`);
  const result = await sql<Record<string, string>>`SELECT ${sql.raw(
    [
      ...counts,
      `(SELECT coalesce(string_agg(status || ':' || coalesce(decided_by, '') || ':' || coalesce(file_id::text, ''), ',' ORDER BY id), '') FROM title_submissions) AS "title_submissions.state"`,
      `(SELECT coalesce(string_agg(status || ':' || coalesce(reasons, ''), ',' ORDER BY document_id), '') FROM document_verifications) AS "document_verifications.state"`,
      `(SELECT coalesce(string_agg(coalesce(assigned_to, '-') || ':' || coalesce(outcome, '-'), ',' ORDER BY id), '') FROM review_items) AS "review_items.state"`,
      `(SELECT coalesce(string_agg(language || ':' || coalesce(email, ''), ',' ORDER BY civil_id), '') FROM notice_preferences) AS "notice_preferences.state"`,
    ].join(", "),
  )}`.execute(db);
  return result.rows[0]!;
}

/** Runs `act` (a refused request) and asserts the back office's tables did not change. */
export async function assertNothingWritten<T>(db: Db, act: () => Promise<T>): Promise<T> {
  const before = await backOfficeFingerprint(db);
  const result = await act();
  assert.deepEqual(await backOfficeFingerprint(db), before, "a refused request changed the database");
  return result;
}

export async function actionKinds(db: Db, stream: string): Promise<string[]> {
  const rows = await db.selectFrom("actions").select("action_kind").where("stream", "=", stream).orderBy("seq").execute();
  return rows.map((row) => row.action_kind);
}
