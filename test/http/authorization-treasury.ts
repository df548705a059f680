/**
 * The treasury in the authorization matrix (authorization.test.ts): whoever reads a file
 * reads its treasury position; a clerk alone pays a file's funds out, records a payout as
 * executed, pays refunds owed to the debtor and records settlements; the daily
 * reconciliation is for clerks, auditors and administrators. Each call runs on fresh
 * state: a file of `creditor` (with a payout IBAN) against `debtor`, with money held.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { openFile } from "../../src/app/open-file.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { postTreasuryMovement } from "../../src/app/treasury/post-movement.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { ACCOUNT_CODES } from "../../src/domain/treasury/accounts.ts";
import { people, titleInput } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed } from "./authorization-support.ts";
import { validIban } from "./helpers.ts";

export type TreasuryEndpoint =
  | "GET /api/v1/files/{fileId}/treasury"
  | "POST /api/v1/files/{fileId}/payouts"
  | "POST /api/v1/payouts/{payoutId}/paid"
  | "POST /api/v1/files/{fileId}/refunds"
  | "POST /api/v1/treasury/settlements"
  | "GET /api/v1/treasury/reports/daily";

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

let serial = 0;

export function treasuryScenarios(harness: () => HttpHarness): Record<TreasuryEndpoint, () => Promise<Call>> {
  const world = () => harness().world;
  const db = () => harness().database.db;
  const clerk = () => world().as(people.clerk);
  /** A KD 1,000 file whose creditor gave an IBAN, with KD 100 paid in cash and held. */
  const fileWithFunds = async () => {
    const file = await openFile(world().deps, await clerk(), {
      title: titleInput(),
      creditors: [{ civilId: people.creditor, payoutIban: validIban }],
      debtors: [{ civilId: people.debtor }],
      claim: { principal: 1_000_000n, costs: 0n, fees: 0n, interest: 0n },
    });
    await recordLedgerEntry(world().deps, await clerk(), { fileId: file.id, kind: "payment", amount: 100_000n, source: "cash_at_department", reference: `AUTHZ-T-${++serial}` });
    return file.id;
  };
  const payoutsOf = (fileId: string) => db().selectFrom("treasury_payouts").select(["id", "amount", "status", "instructed_by", "paid_by"]).where("file_id", "=", fileId).execute();

  return {
    "GET /api/v1/files/{fileId}/treasury": async () => {
      const fileId = await fileWithFunds();
      return {
        method: "GET",
        url: `/api/v1/files/${fileId}/treasury`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { claim: string; outstanding: string; held: string; paidOut: string };
          assert.deepEqual([body.claim, body.outstanding, body.held, body.paidOut], ["1000.000", "900.000", "100.000", "0.000"]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/payouts": async () => {
      const fileId = await fileWithFunds();
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/payouts`,
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { payouts: { amount: string; iban: string }[] };
          assert.deepEqual(body.payouts.map((payout) => payout.amount), ["100.000"]);
          assert.ok(!body.payouts[0]!.iban.includes(validIban.slice(8, -4)), "the account number is partly hidden");
          const [payout] = await payoutsOf(fileId);
          assert.deepEqual([payout!.amount, payout!.status, payout!.instructed_by], [100_000n, "instructed", client.civilId]);
        },
      };
    },
    "POST /api/v1/payouts/{payoutId}/paid": async () => {
      const fileId = await fileWithFunds();
      const { payouts } = await instructPayouts(world().deps, await clerk(), { fileId });
      return {
        method: "POST",
        url: `/api/v1/payouts/${payouts[0]!.payoutId}/paid`,
        payload: { bankReference: `CBK-${serial}` },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.equal((response.json() as { payout: { status: string } }).payout.status, "paid");
          const [payout] = await payoutsOf(fileId);
          assert.deepEqual([payout!.status, payout!.paid_by], ["paid", client.civilId]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/refunds": async () => {
      const fileId = await fileWithFunds();
      // A bank transferred KD 5 more than was owed: owed back to the debtor.
      await db()
        .transaction()
        .execute((tx) => postTreasuryMovement(tx, { kind: "transfer_excess", fileId, bankCode: "NBOK", amount: 5_000n, reference: `${fileId}/authz-excess`, occurredAt: world().clock.now() }));
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/refunds`,
        payload: { iban: validIban, reference: "RFD-1" },
        allowed: async (response) => {
          assert.equal(response.statusCode, 201, response.body);
          assert.equal((response.json() as { amount: string }).amount, "5.000");
        },
      };
    },
    "POST /api/v1/treasury/settlements": async () => {
      await fileWithFunds();
      const reference = `STMT-AUTHZ-${serial}`;
      return {
        method: "POST",
        url: "/api/v1/treasury/settlements",
        payload: { from: "cash_on_hand", amount: "100.000", reference },
        allowed: async (response) => {
          assert.equal(response.statusCode, 201, response.body);
          const entry = await db().selectFrom("treasury_entries").select(["movement_kind", "amount"]).where("reference", "=", reference).executeTakeFirstOrThrow();
          assert.deepEqual(entry, { movement_kind: "settlement", amount: 100_000n });
        },
      };
    },
    "GET /api/v1/treasury/reports/daily": async () => {
      const fileId = await fileWithFunds();
      return {
        method: "GET",
        url: `/api/v1/treasury/reports/daily?date=${kuwaitDate(world().clock.now())}`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { reconciled: boolean; accounts: unknown[]; files: { fileId: string; held: string }[] };
          assert.equal(body.reconciled, true, response.body);
          assert.equal(body.accounts.length, ACCOUNT_CODES.length, "every account of the chart");
          assert.equal(body.files.find((file) => file.fileId === fileId)?.held, "100.000");
        },
      };
    },
  };
}
