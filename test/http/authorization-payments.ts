/**
 * Payments in the authorization matrix (authorization.test.ts): the creditor (or their
 * lawyer with the request scope, or the company's system) pays a request's fee; the
 * debtor alone pays what the file owes; a payment and a file's fees are read as the file
 * is; everyone signed in sees their own debts (the debtor's file is listed for the debtor
 * only). Each call runs on fresh state against the stand-in gateway attached to the hub.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { startDebtPayment } from "../../src/app/payments/start-payment.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed, Denied } from "./authorization-support.ts";
import { attachStandInGateway, type AttachedGateway } from "../payments/support.ts";

export type PaymentEndpoint =
  | "POST /api/v1/files/{fileId}/procedures/{procedureId}/fee-payment"
  | "GET /api/v1/files/{fileId}/fees"
  | "POST /api/v1/files/{fileId}/payments"
  | "GET /api/v1/payments/{paymentId}"
  | "GET /api/v1/me/debts";

export const PNF: Denied = [404, "PAYMENT_NOT_FOUND"];

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

/** The stand-in gateway the matrix's payments go to (attached in the matrix's before()). */
export async function attachMatrixGateway(harness: HttpHarness): Promise<AttachedGateway> {
  return attachStandInGateway(harness.world, { publicUrl: harness.baseUrl });
}

const payerOf = (client: Client) => client.civilId;

export function paymentScenarios(harness: () => HttpHarness): Record<PaymentEndpoint, () => Promise<Call>> {
  const world = () => harness().world;
  const db = () => harness().database.db;
  const fileAgainstDebtor = async () => {
    const file = await world().openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    return { fileId: file.id, debtorPartyId: party.id };
  };
  const withSeizure = async () => {
    const { fileId, debtorPartyId } = await fileAgainstDebtor();
    const procedure = await requestProcedure(world().deps, await world().as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId });
    return { fileId, procedureId: procedure.id };
  };
  const paymentRow = (id: string) => db().selectFrom("payments").select(["purpose", "payer", "amount", "status", "gateway_payment_id"]).where("id", "=", id).executeTakeFirstOrThrow();

  return {
    "POST /api/v1/files/{fileId}/procedures/{procedureId}/fee-payment": async () => {
      const { fileId, procedureId } = await withSeizure();
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/procedures/${procedureId}/fee-payment`,
        payload: { language: "en" },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { paymentId: string; amount: string; paymentPageUrl: string; procedureId: string };
          assert.deepEqual([body.amount, body.procedureId], ["10.000", procedureId]);
          assert.match(body.paymentPageUrl, /^http:\/\/127\.0\.0\.1:\d+\/pay\/\d+$/);
          const row = await paymentRow(body.paymentId);
          assert.deepEqual([row.purpose, row.payer, row.amount, row.status], ["fee", payerOf(client), 10_000n, "pending"]);
          assert.ok(row.gateway_payment_id, "the gateway holds the payment");
        },
      };
    },
    "GET /api/v1/files/{fileId}/fees": async () => {
      const { fileId, procedureId } = await withSeizure();
      return {
        method: "GET",
        url: `/api/v1/files/${fileId}/fees`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const fees = (response.json() as { fees: { procedureId: string; amount: string; status: string; ruleVersion: string }[] }).fees;
          assert.deepEqual(fees.map((fee) => [fee.procedureId, fee.amount, fee.status, fee.ruleVersion]), [[procedureId, "10.000", "due", "kw-2025.1"]]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/payments": async () => {
      const { fileId } = await fileAgainstDebtor();
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/payments`,
        payload: { amount: "100.000" },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { paymentId: string; amount: string; purpose: string };
          assert.deepEqual([body.amount, body.purpose], ["100.000", "debt"]);
          const row = await paymentRow(body.paymentId);
          assert.deepEqual([row.purpose, row.payer, row.amount, row.status], ["debt", payerOf(client), 100_000n, "pending"]);
        },
      };
    },
    "GET /api/v1/payments/{paymentId}": async () => {
      const { fileId } = await fileAgainstDebtor();
      const started = await startDebtPayment(world().deps, await world().as(people.debtor), { fileId, amount: 50_000n }, harness().baseUrl);
      return {
        method: "GET",
        url: `/api/v1/payments/${started.paymentId}`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { id: string; fileId: string; amount: string; status: string };
          assert.deepEqual([body.id, body.fileId, body.amount, body.status], [started.paymentId, fileId, "50.000", "pending"]);
        },
      };
    },
    "GET /api/v1/me/debts": async () => {
      const { fileId } = await fileAgainstDebtor();
      const { number } = await db().selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirstOrThrow();
      return {
        method: "GET",
        url: `/api/v1/me/debts?search=${encodeURIComponent(number)}`,
        allowed: async (response, outcome) => {
          assert.equal(response.statusCode, 200, response.body);
          const files = (response.json() as { files: { fileId: string; outstanding: string }[] }).files;
          const mine = files.find((file) => file.fileId === fileId);
          if (outcome === "listed") assert.equal(mine?.outstanding, "10160.000");
          else assert.equal(mine, undefined);
        },
      };
    },
  };
}
