/**
 * Several requests at once in the authorization matrix (authorization.test.ts): the check
 * answers anyone signed in, each row refused as a single request would be (LISTED: the row
 * passes, UNLISTED: it is refused); the one signature is asked for like a single request's
 * (never by a machine), refused with BATCH_ROW_REFUSED when a row is; the batch is
 * submitted, and its fees paid at once, only where every file's request may be made.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests } from "../support/signing.ts";
import type { Allowed, Denied } from "./authorization-support.ts";

export type RequestBatchEndpoint =
  | "POST /api/v1/request-batches/check"
  | "POST /api/v1/request-batches/signing-requests"
  | "POST /api/v1/request-batches"
  | "POST /api/v1/fee-payments";

export const BRR: Denied = [422, "BATCH_ROW_REFUSED"];

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  sign?(client: Client): Promise<object>;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

export function requestBatchScenarios(harness: () => HttpHarness): Record<RequestBatchEndpoint, () => Promise<Call>> {
  const world = () => harness().world;
  const db = () => harness().database.db;
  /** Two files of `creditor` against `debtor`, a vehicle seizure asked on each. */
  const twoFiles = async () => {
    const files = [];
    for (let n = 0; n < 2; n++) {
      const file = await world().openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
      const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
      files.push({ fileId: file.id, request: { kind: "vehicle_seizure", debtorPartyId: party.id } });
    }
    return files;
  };
  const signBatch = async (client: Client, items: object[]) => {
    const created = await client.post("/api/v1/request-batches/signing-requests", { items });
    assert.equal(created.statusCode, 201, created.body);
    const { id, digest } = created.json() as { id: string; digest: string };
    const pending = (await phoneRequests(harness(), client.civilId)).find((request) => request.digest === digest);
    assert.ok(pending);
    assert.equal((await answerOnPhone(harness(), client.civilId, pending.id, "approve")).statusCode, 200);
    return id;
  };

  return {
    "POST /api/v1/request-batches/check": async () => {
      const items = await twoFiles();
      return {
        method: "POST",
        url: "/api/v1/request-batches/check",
        payload: { items },
        allowed: async (response, outcome) => {
          assert.equal(response.statusCode, 200, response.body);
          const rows = (response.json() as { rows: { ok: boolean }[] }).rows;
          assert.deepEqual(rows.map((row) => row.ok), outcome === "listed" ? [true, true] : [false, false]);
          assert.equal((await db().selectFrom("procedures").select("id").where("file_id", "in", items.map((item) => item.fileId)).execute()).length, 0, "checking writes nothing");
        },
      };
    },
    "POST /api/v1/request-batches/signing-requests": async () => {
      const items = await twoFiles();
      return {
        method: "POST",
        url: "/api/v1/request-batches/signing-requests",
        payload: { items },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { digest: string; purpose: string };
          assert.equal(body.purpose, "procedure.request.batch");
          assert.ok((await phoneRequests(harness(), client.civilId)).some((request) => request.digest === body.digest), "pushed to the signer's phone");
        },
      };
    },
    "POST /api/v1/request-batches": async () => {
      const items = await twoFiles();
      return {
        method: "POST",
        url: "/api/v1/request-batches",
        payload: { items },
        sign: async (client) => ({ signingRequestId: await signBatch(client, items) }),
        allowed: async (response) => {
          assert.equal(response.statusCode, 201, response.body);
          const procedures = (response.json() as { procedures: { fileId: string; status: string }[] }).procedures;
          assert.deepEqual(procedures.map((procedure) => [procedure.fileId, procedure.status]), items.map((item) => [item.fileId, "ordered"]));
        },
      };
    },
    "POST /api/v1/fee-payments": async () => {
      const items = await twoFiles();
      const fees = [];
      for (const item of items) {
        const procedure = await requestProcedure(world().deps, await world().as(people.creditor), { kind: "vehicle_seizure", fileId: item.fileId, debtorPartyId: item.request.debtorPartyId });
        fees.push({ fileId: item.fileId, procedureId: procedure.id });
      }
      return {
        method: "POST",
        url: "/api/v1/fee-payments",
        payload: { fees, language: "en" },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { paymentId: string; amount: string; purpose: string };
          assert.deepEqual([body.purpose, body.amount], ["fees", "20.000"]);
          const row = await db().selectFrom("payments").select(["purpose", "payer", "amount"]).where("id", "=", body.paymentId).executeTakeFirstOrThrow();
          assert.deepEqual([row.purpose, row.payer, row.amount], ["fees", client.civilId, 20_000n]);
        },
      };
    },
  };
}
