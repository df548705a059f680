/**
 * Enforcement disputes and instalment plans in the authorization matrix
 * (authorization.test.ts): the debtor files disputes and proposes plans (a lawyer of the
 * creditor may not); a clerk verifies a bond, the judge decides disputes and orders plans;
 * a creditor (or their lawyer with the waive scope) answers a plan; whoever reads the
 * file reads both lists. Each call runs on a fresh file of `creditor` against `debtor`.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { answerPlan } from "../../src/app/instalments/answer-plan.ts";
import { fileDispute } from "../../src/app/disputes/file-dispute.ts";
import { proposePlan } from "../../src/app/instalments/propose-plan.ts";
import { verifyBond } from "../../src/app/disputes/verify-bond.ts";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { addCalendarDays, kuwaitDate } from "../../src/domain/rules/index.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed } from "./authorization-support.ts";
import { travelBanEvidence } from "./helpers.ts";

export type DisputeEndpoint =
  | "POST /api/v1/files/{fileId}/disputes"
  | "GET /api/v1/files/{fileId}/disputes"
  | "POST /api/v1/files/{fileId}/disputes/{disputeId}/bond-deposit"
  | "POST /api/v1/files/{fileId}/disputes/{disputeId}/bond-verification"
  | "POST /api/v1/files/{fileId}/disputes/{disputeId}/decision"
  | "POST /api/v1/files/{fileId}/instalment-plans"
  | "GET /api/v1/files/{fileId}/instalment-plans"
  | "POST /api/v1/files/{fileId}/instalment-plans/{planId}/answer"
  | "POST /api/v1/files/{fileId}/instalment-plans/{planId}/decision";

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: object;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

export function disputeScenarios(harness: () => HttpHarness): Record<DisputeEndpoint, () => Promise<Call>> {
  const world = () => harness().world;
  const db = () => harness().database.db;
  const as = (civilId: string) => world().as(civilId);
  const freshFile = async () => {
    const file = await world().openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    const parties = await db().selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
    return { fileId: file.id, debtor: parties.find((party) => party.party_role === "debtor")!.id };
  };
  const withDispute = async () => {
    const file = await freshFile();
    const dispute = await fileDispute(world().deps, await as(people.debtor), { fileId: file.fileId, debtorPartyId: file.debtor, grounds: "The title was not served." });
    return { ...file, disputeId: dispute.id };
  };
  const schedule = () => {
    const today = kuwaitDate(world().clock.now());
    return [{ dueOn: addCalendarDays(today, 10), amount: "500.000" }, { dueOn: addCalendarDays(today, 40), amount: "500.000" }];
  };
  const withPlan = async (travelBan: boolean) => {
    const file = await freshFile();
    const liftProcedureIds: string[] = [];
    if (travelBan) {
      const ban = await requestProcedure(world().deps, await as(people.creditor), { kind: "travel_ban", fileId: file.fileId, debtorPartyId: file.debtor, evidence: travelBanEvidence });
      await decideProcedure(world().deps, await as(people.judge), { fileId: file.fileId, procedureId: ban.id, decision: "grant", reasons: "Art. 297." });
      liftProcedureIds.push(ban.id);
    }
    const plan = await proposePlan(world().deps, await as(people.debtor), {
      fileId: file.fileId,
      debtorPartyId: file.debtor,
      instalments: schedule().map((instalment) => ({ dueOn: instalment.dueOn, amount: 500_000n })),
      liftProcedureIds,
    });
    return { ...file, planId: plan.id, liftProcedureIds };
  };
  const disputeStatus = async (id: string) => (await db().selectFrom("disputes").select(["status", "bond_status"]).where("id", "=", id).executeTakeFirstOrThrow());

  return {
    "POST /api/v1/files/{fileId}/disputes": async () => {
      const file = await freshFile();
      return {
        method: "POST",
        url: `/api/v1/files/${file.fileId}/disputes`,
        payload: { debtorPartyId: file.debtor, grounds: "The judgment was paid in part before service." },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { id: string; status: string; bondAmount: string; bondStatus: string };
          assert.deepEqual([body.status, body.bondAmount, body.bondStatus], ["filed", "1016.000", "required"]);
          const action = await db().selectFrom("actions").select("actor").where("file_id", "=", file.fileId).where("action_kind", "=", "dispute.file").executeTakeFirstOrThrow();
          assert.equal(action.actor, client.civilId);
        },
      };
    },
    "GET /api/v1/files/{fileId}/disputes": async () => {
      const { fileId, disputeId } = await withDispute();
      return {
        method: "GET",
        url: `/api/v1/files/${fileId}/disputes`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { disputes: { id: string; bond: { amount: string } }[] };
          assert.deepEqual(body.disputes.map((dispute) => [dispute.id, dispute.bond.amount]), [[disputeId, "1016.000"]]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/disputes/{disputeId}/bond-deposit": async () => {
      const { fileId, disputeId } = await withDispute();
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/disputes/${disputeId}/bond-deposit`,
        payload: { reference: "DEP-AUTHZ-1" },
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual((await disputeStatus(disputeId)).bond_status, "declared");
        },
      };
    },
    "POST /api/v1/files/{fileId}/disputes/{disputeId}/bond-verification": async () => {
      const { fileId, disputeId } = await withDispute();
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/disputes/${disputeId}/bond-verification`,
        payload: { outcome: "posted", reference: "CASH-AUTHZ-1", amount: "1016.000" },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          const row = await db().selectFrom("disputes").select(["bond_status", "bond_posted_by"]).where("id", "=", disputeId).executeTakeFirstOrThrow();
          assert.deepEqual(row, { bond_status: "posted", bond_posted_by: client.civilId });
        },
      };
    },
    "POST /api/v1/files/{fileId}/disputes/{disputeId}/decision": async () => {
      const { fileId, disputeId } = await withDispute();
      await verifyBond(world().deps, await as(people.clerk), { fileId, disputeId, outcome: "posted", reference: "CASH-AUTHZ-2", amount: 1_016_000n });
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/disputes/${disputeId}/decision`,
        payload: { decision: "suspend", reasons: "Serious grounds; the bond is posted." },
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual((await disputeStatus(disputeId)).status, "suspended");
        },
      };
    },
    "POST /api/v1/files/{fileId}/instalment-plans": async () => {
      const file = await freshFile();
      return {
        method: "POST",
        url: `/api/v1/files/${file.fileId}/instalment-plans`,
        payload: { debtorPartyId: file.debtor, instalments: schedule() },
        allowed: async (response) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { status: string; total: string };
          assert.deepEqual([body.status, body.total], ["proposed", "1000.000"]);
        },
      };
    },
    "GET /api/v1/files/{fileId}/instalment-plans": async () => {
      const { fileId, planId } = await withPlan(false);
      return {
        method: "GET",
        url: `/api/v1/files/${fileId}/instalment-plans`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { plans: { id: string; instalments: { amount: string }[] }[] };
          assert.deepEqual(body.plans.map((plan) => [plan.id, plan.instalments.map((instalment) => instalment.amount)]), [[planId, ["500.000", "500.000"]]]);
        },
      };
    },
    "POST /api/v1/files/{fileId}/instalment-plans/{planId}/answer": async () => {
      const { fileId, planId } = await withPlan(false);
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/instalment-plans/${planId}/answer`,
        payload: { answer: "agree" },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual(response.json(), { id: planId, status: "in_force", orderGrounds: [] });
          const consent = await db().selectFrom("instalment_plan_consents").select(["answer", "answered_by"]).where("plan_id", "=", planId).executeTakeFirstOrThrow();
          assert.deepEqual(consent, { answer: "agreed", answered_by: client.civilId });
        },
      };
    },
    "POST /api/v1/files/{fileId}/instalment-plans/{planId}/decision": async () => {
      const { fileId, planId, liftProcedureIds } = await withPlan(true);
      await answerPlan(world().deps, await as(people.creditor), { fileId, planId, answer: "agree" });
      return {
        method: "POST",
        url: `/api/v1/files/${fileId}/instalment-plans/${planId}/decision`,
        payload: { decision: "order", reasons: "The creditor consents; the instalments are within the debtor's means." },
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual(response.json(), { id: planId, status: "in_force", liftedProcedureIds: liftProcedureIds });
        },
      };
    },
  };
}
