import { z } from "zod";
import {
  approveRoleProposal,
  endRecordedConflict,
  grantStaffRole,
  proposeStaffRole,
  readRoleProposals,
  readStaffConflicts,
  recordStaffConflict,
  refuseRoleProposal,
  revokeStaffRole,
  type RoleProposalView,
} from "../../app/registry.ts";
import { parseCivilId, parseCrNumber } from "../../domain/identifiers/index.ts";
import { iso } from "../dto.ts";
import { sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const staffRoleRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/staff-roles",
    {
      schema: {
        summary:
          "Grant an agency officer's role (administrator), bound to one agency, e.g. bank:NBOK; a deciding role (judge, clerk, administrator, auditor) is refused here (STAFF_ROLE_NEEDS_APPROVAL): propose it at /api/v1/staff-role-proposals. Nobody grants their own roles (SELF_ROLE_CHANGE)",
        tags: ["access"],
        ...sessionOnly,
        body: z
          .object({
            civilId: z.string().max(20),
            role: z.enum(["clerk", "judge", "auditor", "administrator", "agency_officer"]),
            agencyKey: z.string().regex(/^(bank:[A-Z]{4}|traffic|ports|civil_info|clearing)$/).nullable().default(null),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), replayed: z.boolean() }), 201: z.object({ id: z.string(), replayed: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const granted = await grantStaffRole(deps, useCaseContext(request), { ...request.body, civilId: parseCivilId(request.body.civilId) });
      return reply.code(granted.replayed ? 200 : 201).send(granted);
    },
  );

  router.post(
    "/api/v1/staff-roles/:staffRoleId/revoke",
    {
      schema: {
        summary: "Revoke a staff role (administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ staffRoleId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }) },
      },
    },
    async (request) => {
      const revoked = await revokeStaffRole(deps, useCaseContext(request), { staffRoleId: request.params.staffRoleId, reason: request.body.reason });
      return { id: revoked.id, revokedAt: iso(revoked.revokedAt)! };
    },
  );

  const proposal = z.object({
    id: z.string(),
    civilId: z.string(),
    role: z.string(),
    status: z.enum(["proposed", "approved", "refused"]),
    proposedBy: z.string(),
    proposedAt: z.string(),
    reason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    staffRoleId: z.string().nullable(),
  });
  const proposalDto = (view: RoleProposalView) => ({ ...view, proposedAt: iso(view.proposedAt)!, decidedAt: iso(view.decidedAt) });

  router.post(
    "/api/v1/staff-role-proposals",
    {
      schema: {
        summary: "Propose a deciding role (judge, clerk, administrator, auditor) for another person (administrator); it takes effect only when a second administrator approves",
        tags: ["access"],
        ...sessionOnly,
        body: z
          .object({
            civilId: z.string().max(20),
            role: z.enum(["clerk", "judge", "auditor", "administrator"]),
            reason: z.string().trim().min(1).max(1000).nullable().default(null),
          })
          .strict(),
        response: { 200: proposal, 201: proposal },
      },
    },
    async (request, reply) => {
      const proposed = await proposeStaffRole(deps, useCaseContext(request), { ...request.body, civilId: parseCivilId(request.body.civilId) });
      return reply.code(proposed.replayed ? 200 : 201).send(proposalDto(proposed.proposal));
    },
  );

  router.get(
    "/api/v1/staff-role-proposals",
    {
      schema: {
        summary: "Role proposals by status (administrator): pending ones oldest first, for a second administrator to approve or refuse",
        tags: ["access"],
        ...sessionOnly,
        querystring: z
          .object({ status: z.enum(["proposed", "approved", "refused"]).default("proposed"), limit: z.coerce.number().int().min(1).max(200).default(50) })
          .strict(),
        response: { 200: z.object({ proposals: z.array(proposal.extend({ nameAr: z.string(), nameEn: z.string() })) }) },
      },
    },
    async (request) => {
      const rows = await readRoleProposals(deps, useCaseContext(request), request.query);
      return { proposals: rows.map((row) => ({ ...proposalDto(row), nameAr: row.nameAr, nameEn: row.nameEn })) };
    },
  );

  router.post(
    "/api/v1/staff-role-proposals/:proposalId/approve",
    {
      schema: {
        summary: "Approve a role proposal (a second administrator: neither the proposer nor the person named); the role takes effect now",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ proposalId: uuid }).strict(),
        response: { 200: proposal },
      },
    },
    async (request) => proposalDto(await approveRoleProposal(deps, useCaseContext(request), { proposalId: request.params.proposalId })),
  );

  router.post(
    "/api/v1/staff-role-proposals/:proposalId/refuse",
    {
      schema: {
        summary: "Refuse a role proposal, with reasons (a second administrator)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ proposalId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: proposal },
      },
    },
    async (request) => proposalDto(await refuseRoleProposal(deps, useCaseContext(request), { proposalId: request.params.proposalId, reason: request.body.reason })),
  );

  router.post(
    "/api/v1/staff-conflicts",
    {
      schema: {
        summary:
          "Record a conflict of interest (administrator; or a staff member declaring their own): the staff member may no longer decide, assign or review on the file, or on any file of the person or company named",
        tags: ["access"],
        ...sessionOnly,
        body: z
          .object({
            staffCivilId: z.string().max(20),
            fileId: uuid.optional(),
            partyCivilId: z.string().max(20).optional(),
            partyCrNumber: z.string().max(20).optional(),
            reason: z.string().trim().min(1).max(1000),
          })
          .strict()
          .refine((body) => [body.fileId, body.partyCivilId, body.partyCrNumber].filter((value) => value !== undefined).length === 1, {
            message: "exactly one of fileId, partyCivilId, partyCrNumber",
          }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const target =
        body.fileId !== undefined ? { fileId: body.fileId } : body.partyCivilId !== undefined ? { civilId: parseCivilId(body.partyCivilId) } : { crNumber: parseCrNumber(body.partyCrNumber!) };
      const recorded = await recordStaffConflict(deps, useCaseContext(request), { staffCivilId: parseCivilId(body.staffCivilId), target, reason: body.reason });
      return reply.code(201).send(recorded);
    },
  );

  router.get(
    "/api/v1/staff-conflicts",
    {
      schema: {
        summary: "Conflicts of interest in force (administrator, auditor)",
        tags: ["access"],
        ...sessionOnly,
        querystring: z.object({ staffCivilId: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: z.object({
            conflicts: z.array(
              z.object({
                id: z.string(),
                staffCivilId: z.string(),
                fileId: z.string().nullable(),
                partyCivilId: z.string().nullable(),
                partyCrNumber: z.string().nullable(),
                reason: z.string(),
                recordedBy: z.string(),
                recordedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { staffCivilId, limit } = request.query;
      const rows = await readStaffConflicts(deps, useCaseContext(request), { ...(staffCivilId !== undefined ? { staffCivilId: parseCivilId(staffCivilId) } : {}), limit });
      return { conflicts: rows.map((row) => ({ ...row, recordedAt: iso(row.recordedAt)! })) };
    },
  );

  router.post(
    "/api/v1/staff-conflicts/:conflictId/end",
    {
      schema: {
        summary: "End a recorded conflict of interest (administrator; never one's own)",
        tags: ["access"],
        ...sessionOnly,
        params: z.object({ conflictId: uuid }).strict(),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: z.object({ id: z.string(), endedAt: z.string() }) },
      },
    },
    async (request) => {
      const ended = await endRecordedConflict(deps, useCaseContext(request), { conflictId: request.params.conflictId, reason: request.body.reason });
      return { id: ended.id, endedAt: iso(ended.endedAt)! };
    },
  );
};
