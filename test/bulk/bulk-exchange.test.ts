/**
 * A bulk job through the whole path: submitted over the API, its rows carried out by the
 * worker (the same worker that then dispatches), orders delivered over HTTP to the
 * stand-in banks, which answer.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createMachineClient, issueAccessToken } from "../../src/app/machine-clients.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { companyCr, people } from "../support/fixtures.ts";

let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});

after(async () => {
  await exchange?.close();
});

test("the worker carries out a job's rows and the banks receive their orders", async () => {
  const { world, api, database } = exchange;
  const created = await createMachineClient(world.deps, { subject: systemSubject, correlationId: "bulk-e2e" }, { crNumber: companyCr, name: "Collections", scopes: ["procedures:request"] });
  const issued = await issueAccessToken(world.deps, { clientId: created.clientId, clientSecret: created.clientSecret, scope: undefined });
  assert.ok("accessToken" in issued);
  const files = [];
  for (let index = 0; index < 3; index++) files.push(await world.openFileFor({ crNumber: companyCr }, { civilId: people.debtor }));
  const rows = files.map((file, index) => ({ reference: `E2E/${index}`, kind: "bank_attachment", fileNumber: file.number, debtorCivilId: people.debtor, amount: "50.000", banks: ["NBOK", "KFHO"] }));
  const submitted = await api.inject({ method: "POST", url: "/api/v1/bulk-jobs", headers: { authorization: `Bearer ${issued.accessToken}` }, payload: { reference: "E2E", rows } });
  assert.equal(submitted.statusCode, 202, submitted.body);
  const { id } = submitted.json() as { id: string };

  await exchange.settle();

  const job = await api.inject({ method: "GET", url: `/api/v1/bulk-jobs/${id}`, headers: { authorization: `Bearer ${issued.accessToken}` } });
  assert.deepEqual([(job.json() as { status: string }).status, (job.json() as { counts: { created: number } }).counts.created], ["completed", 3]);
  const orders = await database.db
    .selectFrom("bulk_rows as r")
    .innerJoin("agency_orders as o", "o.procedure_id", "r.procedure_id")
    .select(["o.agency_key", "o.status", "o.sent_at"])
    .where("r.job_id", "=", id)
    .execute();
  assert.equal(orders.length, 6, "two banks for each of three rows");
  assert.ok(orders.every((order) => order.sent_at !== null && order.status !== "pending"), JSON.stringify(orders));
});
