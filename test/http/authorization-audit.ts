/**
 * The audit search in the authorization matrix (authorization.test.ts): the action log
 * across files is searched by auditors alone (audit.search); each search is recorded in
 * the auditor's own stream. Each call runs on a fresh file.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { readFile } from "../../src/app/read-files.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed } from "./authorization-support.ts";

export type AuditEndpoint = "GET /api/v1/audit/actions" | "GET /api/v1/audit/reads" | "GET /api/v1/files/{fileId}/reads";

interface Call {
  method: "GET" | "POST";
  url: string;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

export function auditScenarios(harness: () => HttpHarness): Record<AuditEndpoint, () => Promise<Call>> {
  return {
    "GET /api/v1/audit/actions": async () => {
      const file = await harness().world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
      return {
        method: "GET",
        url: `/api/v1/audit/actions?fileNumber=${encodeURIComponent(file.number)}&kind=file.`,
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { actions: { kind: string; fileId: string; actor: string }[] };
          assert.deepEqual(
            body.actions.map((action) => [action.kind, action.fileId, action.actor]),
            [["file.open", file.id, people.clerk]],
          );
          const logged = await harness()
            .database.db.selectFrom("actions")
            .select(["action_kind", "stream"])
            .where("actor", "=", client.civilId)
            .where("action_kind", "=", "audit.search")
            .execute();
          assert.ok(logged.some((action) => action.stream === `subject:${client.civilId}`), "the search is recorded");
        },
      };
    },
    // The read log: the debtor's side (and auditors) see who looked at the file, by capacity only; auditors search it.
    "GET /api/v1/files/{fileId}/reads": async () => {
      const world = harness().world;
      const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
      await readFile(world.deps, await world.as(people.clerk), file.id);
      await world.deps.readLog.flush();
      return {
        method: "GET",
        url: `/api/v1/files/${file.id}/reads`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { reads: { role: string; what: string; roleLabel: { en: string } }[] };
          assert.deepEqual(body.reads.filter((read) => read.role === "clerk").map((read) => [read.what, read.roleLabel.en]), [["file_page", "An enforcement clerk"]]);
          assert.ok(!response.body.includes(people.clerk), "no staff member is named");
        },
      };
    },
    "GET /api/v1/audit/reads": async () => {
      const world = harness().world;
      const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
      await readFile(world.deps, await world.as(people.clerk), file.id);
      await world.deps.readLog.flush();
      return {
        method: "GET",
        url: `/api/v1/audit/reads?fileId=${file.id}`,
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { reads: { reader: string; role: string; what: string; fileNumber: string }[] };
          assert.deepEqual(body.reads.map((read) => [read.reader, read.role, read.what, read.fileNumber]), [[people.clerk, "clerk", "file_page", file.number]]);
          const logged = await harness().database.db.selectFrom("actions").select("stream").where("actor", "=", client.civilId).where("action_kind", "=", "audit.reads_search").execute();
          assert.ok(logged.some((action) => action.stream === `subject:${client.civilId}`), "the search is recorded");
        },
      };
    },
  };
}
