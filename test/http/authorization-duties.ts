/**
 * Separation of duties in the authorization matrix (authorization.test.ts): the rows of the
 * role proposals and conflicts of interest, and the cells no row can state — the same
 * administrator proposing and approving, granting or revoking their own roles, a judge
 * deciding on a file they are a party to, a party's lawyer, or conflicted with. Each
 * refusal has its exact status and code and writes nothing (assertRefused).
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { grantStaffRole, proposeStaffRole, recordStaffConflict, registerPersons } from "../../src/app/registry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { people } from "../support/fixtures.ts";
import type { Client, HttpHarness } from "../support/http.ts";
import type { Allowed } from "./authorization-support.ts";
import { travelBanEvidence, unregisteredCivilId } from "./helpers.ts";

export type DutiesEndpoint =
  | "POST /api/v1/staff-role-proposals"
  | "GET /api/v1/staff-role-proposals"
  | "POST /api/v1/staff-role-proposals/{proposalId}/approve"
  | "POST /api/v1/staff-role-proposals/{proposalId}/refuse"
  | "POST /api/v1/staff-conflicts"
  | "GET /api/v1/staff-conflicts"
  | "POST /api/v1/staff-conflicts/{conflictId}/end";

interface Call {
  method: "GET" | "POST";
  url: string;
  payload?: Record<string, unknown>;
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client): Promise<void>;
}

const system = { subject: systemSubject, correlationId: "authz-duties" };
let serial = 900;

export interface DutiesKit {
  /** A registered person with no role. */
  freshPerson(label?: string): Promise<string>;
  /** A second administrator (granted by the department's tools). */
  secondAdministrator(): Promise<string>;
  /** A proposal of `role` for a fresh person, made by a second administrator. */
  proposalByAnother(role?: "judge" | "clerk" | "auditor" | "administrator"): Promise<{ id: string; civilId: string; proposedBy: string }>;
  /** A file of a fresh creditor against the fixtures' debtor, with a travel ban under review (a judge's). */
  banUnderReview(creditorCivilId?: string): Promise<{ fileId: string; procedureId: string; creditor: string }>;
}

export function dutiesKit(harness: () => HttpHarness): DutiesKit {
  const kit: DutiesKit = {
    async freshPerson(label = "Staff") {
      const civilId = unregisteredCivilId(++serial);
      await registerPersons(harness().world.deps, system, [{ civilId, nameAr: "شخص للاختبار", nameEn: `${label} ${serial}`, nationality: "KWT", email: null, phone: null }]);
      return civilId;
    },
    async secondAdministrator() {
      const civilId = await kit.freshPerson("Administrator");
      await grantStaffRole(harness().world.deps, system, { civilId, role: "administrator", agencyKey: null });
      return civilId;
    },
    async proposalByAnother(role = "judge") {
      const proposedBy = await kit.secondAdministrator();
      const civilId = await kit.freshPerson();
      const { proposal } = await proposeStaffRole(harness().world.deps, await harness().world.as(proposedBy), { civilId, role, reason: "Appointed by decree." });
      return { id: proposal.id, civilId, proposedBy };
    },
    async banUnderReview(creditorCivilId) {
      const creditor = creditorCivilId ?? (await kit.freshPerson("Creditor"));
      const file = await harness().world.openFileFor({ civilId: creditor }, { civilId: people.debtor });
      const debtor = await harness()
        .database.db.selectFrom("file_parties")
        .select("id")
        .where("file_id", "=", file.id)
        .where("party_role", "=", "debtor")
        .executeTakeFirstOrThrow();
      const procedure = await requestProcedure(harness().world.deps, await harness().world.as(creditor), {
        kind: "travel_ban",
        fileId: file.id,
        debtorPartyId: debtor.id,
        evidence: travelBanEvidence,
      });
      assert.equal(procedure.status, "under_review");
      return { fileId: file.id, procedureId: procedure.id, creditor };
    },
  };
  return kit;
}

export function dutiesScenarios(harness: () => HttpHarness, kit: DutiesKit): Record<DutiesEndpoint, () => Promise<Call>> {
  const db = () => harness().database.db;
  return {
    "POST /api/v1/staff-role-proposals": async () => {
      const civilId = await kit.freshPerson();
      return {
        method: "POST",
        url: "/api/v1/staff-role-proposals",
        payload: { civilId, role: "judge", reason: "Appointed by decree." },
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 201, response.body);
          const body = response.json() as { status: string; proposedBy: string; staffRoleId: string | null };
          assert.deepEqual([body.status, body.proposedBy, body.staffRoleId], ["proposed", client.civilId, null]);
          // Proposed is not granted: the person is no judge yet.
          const roles = await db().selectFrom("staff_roles").select("role").where("civil_id", "=", civilId).execute();
          assert.deepEqual(roles, []);
        },
      };
    },
    "GET /api/v1/staff-role-proposals": async () => {
      const proposal = await kit.proposalByAnother("clerk");
      return {
        method: "GET",
        url: "/api/v1/staff-role-proposals?status=proposed&limit=200",
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const listed = (response.json() as { proposals: { id: string; civilId: string; role: string }[] }).proposals.find((row) => row.id === proposal.id);
          assert.deepEqual(listed && [listed.civilId, listed.role], [proposal.civilId, "clerk"]);
        },
      };
    },
    "POST /api/v1/staff-role-proposals/{proposalId}/approve": async () => {
      const proposal = await kit.proposalByAnother("judge");
      return {
        method: "POST",
        url: `/api/v1/staff-role-proposals/${proposal.id}/approve`,
        allowed: async (response, _outcome, client) => {
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json() as { status: string; decidedBy: string; staffRoleId: string };
          assert.deepEqual([body.status, body.decidedBy], ["approved", client.civilId]);
          const roles = await db().selectFrom("staff_roles").select(["id", "role"]).where("civil_id", "=", proposal.civilId).where("revoked_at", "is", null).execute();
          assert.deepEqual(roles, [{ id: body.staffRoleId, role: "judge" }]);
          const logged = await db().selectFrom("actions").select(["action_kind", "actor"]).where("stream", "=", "registry").where("action_kind", "like", "registry.staff_role.%").orderBy("seq").execute();
          const kinds = logged.filter((action) => action.actor === proposal.proposedBy || action.actor === client.civilId).map((action) => `${action.action_kind} by ${action.actor === client.civilId ? "approver" : "proposer"}`);
          assert.deepEqual(kinds.slice(-3), ["registry.staff_role.propose by proposer", "registry.staff_role.approve by approver", "registry.staff_role.grant by approver"]);
        },
      };
    },
    "POST /api/v1/staff-role-proposals/{proposalId}/refuse": async () => {
      const proposal = await kit.proposalByAnother("auditor");
      return {
        method: "POST",
        url: `/api/v1/staff-role-proposals/${proposal.id}/refuse`,
        payload: { reason: "Not appointed." },
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.equal((response.json() as { status: string }).status, "refused");
          const roles = await db().selectFrom("staff_roles").select("role").where("civil_id", "=", proposal.civilId).execute();
          assert.deepEqual(roles, []);
        },
      };
    },
    "POST /api/v1/staff-conflicts": async () => {
      const staff = await kit.freshPerson();
      return {
        method: "POST",
        url: "/api/v1/staff-conflicts",
        payload: { staffCivilId: staff, partyCivilId: people.otherDebtor, reason: "Brother of the debtor." },
        allowed: async (response) => {
          assert.equal(response.statusCode, 201, response.body);
          const { id } = response.json() as { id: string };
          const row = await db().selectFrom("staff_conflicts").select(["staff_civil_id", "party_civil_id"]).where("id", "=", id).executeTakeFirstOrThrow();
          assert.deepEqual(row, { staff_civil_id: staff, party_civil_id: people.otherDebtor });
        },
      };
    },
    "GET /api/v1/staff-conflicts": async () => {
      const staff = await kit.freshPerson();
      const admin = await harness().world.as(people.administrator);
      const { id } = await recordStaffConflict(harness().world.deps, admin, { staffCivilId: staff, target: { civilId: people.otherCreditor }, reason: "Partner of the creditor." });
      return {
        method: "GET",
        url: `/api/v1/staff-conflicts?staffCivilId=${staff}`,
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          assert.deepEqual((response.json() as { conflicts: { id: string }[] }).conflicts.map((row) => row.id), [id]);
        },
      };
    },
    "POST /api/v1/staff-conflicts/{conflictId}/end": async () => {
      const staff = await kit.freshPerson();
      const { id } = await recordStaffConflict(harness().world.deps, system, { staffCivilId: staff, target: { civilId: people.otherCreditor }, reason: "Partner of the creditor." });
      return {
        method: "POST",
        url: `/api/v1/staff-conflicts/${id}/end`,
        payload: { reason: "The partnership ended." },
        allowed: async (response) => {
          assert.equal(response.statusCode, 200, response.body);
          const row = await db().selectFrom("staff_conflicts").select("ended_at").where("id", "=", id).executeTakeFirstOrThrow();
          assert.ok(row.ended_at !== null);
        },
      };
    },
  };
}
