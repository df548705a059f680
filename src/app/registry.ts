/**
 * The registries the department keeps besides files: persons and companies (as the
 * civil-information authority and the commercial register report them), company
 * representatives, staff roles and lawyers' powers of attorney. Each change is an
 * action on the registry stream.
 */
import { DomainError } from "../domain/errors.ts";
import type { ActionKind, PayloadOf } from "../domain/audit/action-kinds.ts";
import { actionOf, appendActions, REGISTRY_STREAM, type Tx } from "../storage/action-log.ts";
import type { StaffRole } from "../storage/schema.ts";
import { actingRole, authorizeGlobally, type GlobalPermission } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import type { MandateScope } from "../domain/access/subject.ts";
import { fileExists } from "../storage/files/repository.ts";
import { ruleVersionFor } from "../domain/rules/rule-set.ts";
import { actsAsDepartmentTool, isDecidingRole, refuseOwnProposalDecision, refuseRoleCombination, refuseSelfRoleChange } from "../domain/access/duties.ts";
import { hasStaffRole } from "../domain/access/subject.ts";
import {
  activeStaffRoles,
  decideRoleProposal,
  endStaffConflict,
  insertRoleProposal,
  insertStaffConflict,
  listRoleProposals,
  listStaffConflicts,
  lockOpenRoleProposal,
  lockRoleProposal,
  staffConflictHolder,
  type StoredRoleProposal,
  companyExists,
  endRepresentative,
  insertCompany,
  insertMandate,
  insertRepresentatives,
  insertStaffRole,
  lockActiveStaffRole,
  lockMandate,
  mandateExists,
  markMandateRevoked,
  markMandateVerified,
  markStaffRoleRevoked,
  personExists,
  registeredPersons,
  upsertPersons,
  upsertRepresentative,
} from "../storage/registry/repository.ts";

async function logRegistry<K extends ActionKind>(
  tx: Tx,
  context: UseCaseContext,
  now: Date,
  kind: K,
  payload: PayloadOf<K>,
  permission: GlobalPermission = "registry.manage",
  reason: string | null = null,
) {
  await appendActions(tx, [
    actionOf<K>({
      stream: REGISTRY_STREAM,
      actor: { id: context.subject.civilId, role: actingRole(context.subject, null, permission) },
      kind,
      payload,
      reason,
      correlationId: context.correlationId,
      occurredAt: now,
    }),
  ]);
}

export interface PersonRecord {
  civilId: string;
  nameAr: string;
  nameEn: string;
  nationality: string;
  email: string | null;
  phone: string | null;
}

/** Registers or refreshes persons as the civil-information authority reports them. */
export async function registerPersons(deps: AppDeps, context: UseCaseContext, persons: readonly PersonRecord[]) {
  authorizeGlobally(context.subject, "registry.manage");
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await upsertPersons(tx, persons, now);
    await logRegistry(tx, context, now, "registry.persons", { count: persons.length });
  });
}

export interface CompanyRecord {
  crNumber: string;
  nameAr: string;
  nameEn: string;
  representatives: string[];
}

export async function registerCompany(deps: AppDeps, context: UseCaseContext, company: CompanyRecord) {
  authorizeGlobally(context.subject, "registry.manage");
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await insertCompany(tx, company, now);
    await insertRepresentatives(tx, company.crNumber, company.representatives, now);
    await logRegistry(tx, context, now, "registry.company", { crNumber: company.crNumber, representatives: company.representatives });
  });
}

async function requirePerson(tx: Tx, civilId: string): Promise<void> {
  if (!(await personExists(tx, civilId))) throw new DomainError("PERSON_NOT_FOUND");
}

async function requireCompany(tx: Tx, crNumber: string): Promise<void> {
  if (!(await companyExists(tx, crNumber))) throw new DomainError("COMPANY_NOT_FOUND", { crNumber });
}

/**
 * An administrator grants an agency officer's role (bound to one agency); granting an active
 * role again changes nothing. A deciding role (judge, clerk, administrator, auditor) is not
 * granted here but proposed (proposeStaffRole) and approved by a second administrator — except
 * by the department's own tools (demo data, imports, the first administrators). Nobody grants
 * themselves anything, and an administrator holds no other deciding role unless the rules allow it.
 */
export async function grantStaffRole(
  deps: AppDeps,
  context: UseCaseContext,
  grant: { civilId: string; role: StaffRole; agencyKey: string | null },
): Promise<{ id: string; replayed: boolean }> {
  authorizeGlobally(context.subject, "staff.manage");
  refuseSelfRoleChange(context.subject, grant.civilId);
  if ((grant.role === "agency_officer") !== (grant.agencyKey !== null)) {
    throw new DomainError("VALIDATION_FAILED", { field: "agencyKey", reason: "agency_officer_only" });
  }
  if (isDecidingRole(grant.role) && !actsAsDepartmentTool(context.subject)) throw new DomainError("STAFF_ROLE_NEEDS_APPROVAL", { role: grant.role });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requirePerson(tx, grant.civilId);
    const active = await lockActiveStaffRole(tx, grant);
    if (active) return { id: active, replayed: true };
    refuseRoleCombination(await activeStaffRoles(tx, grant.civilId), grant.role, ruleVersionFor(deps.rules, now).values.duties.administratorMayAlsoHold);
    const id = deps.newId();
    await insertStaffRole(tx, { id, ...grant, grantedAt: now });
    await logRegistry(tx, context, now, "registry.staff_role.grant", { staffRoleId: id, ...grant }, "staff.manage");
    return { id, replayed: false };
  });
}

/** An administrator revokes another person's staff role; it stops counting at once (subjects are built per request). */
export async function revokeStaffRole(deps: AppDeps, context: UseCaseContext, input: { staffRoleId: string; reason: string }) {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const revoked = await markStaffRoleRevoked(tx, input.staffRoleId, now);
    if (!revoked) throw new DomainError("NOT_FOUND", { staffRoleId: input.staffRoleId });
    // Refused after the update: the transaction is rolled back, so nothing changes.
    refuseSelfRoleChange(context.subject, revoked.civilId);
    await logRegistry(
      tx,
      context,
      now,
      "registry.staff_role.revoke",
      { staffRoleId: input.staffRoleId, civilId: revoked.civilId, role: revoked.role, agencyKey: revoked.agencyKey },
      "staff.manage",
      input.reason,
    );
    return { id: input.staffRoleId, revokedAt: now };
  });
}

export interface RoleProposalView {
  id: string;
  civilId: string;
  role: StaffRole;
  status: StoredRoleProposal["status"];
  proposedBy: string;
  proposedAt: Date;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  staffRoleId: string | null;
}

const proposalView = (proposal: StoredRoleProposal): RoleProposalView => ({
  id: proposal.id,
  civilId: proposal.civilId,
  role: proposal.role,
  status: proposal.status,
  proposedBy: proposal.proposedBy,
  proposedAt: proposal.proposedAt,
  reason: proposal.reason,
  decidedBy: proposal.decidedBy,
  decidedAt: proposal.decidedAt,
  staffRoleId: proposal.staffRoleId,
});

/**
 * One administrator proposes a deciding role for another person; nothing is granted until a
 * second administrator approves. Proposing what is open already returns that proposal.
 */
export async function proposeStaffRole(
  deps: AppDeps,
  context: UseCaseContext,
  input: { civilId: string; role: StaffRole; reason: string | null },
): Promise<{ proposal: RoleProposalView; replayed: boolean }> {
  authorizeGlobally(context.subject, "staff.manage");
  refuseSelfRoleChange(context.subject, input.civilId);
  if (!isDecidingRole(input.role)) throw new DomainError("VALIDATION_FAILED", { field: "role", reason: "deciding_roles_only" });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requirePerson(tx, input.civilId);
    const open = await lockOpenRoleProposal(tx, input.civilId, input.role);
    if (open) return { proposal: proposalView(open), replayed: true };
    const held = await activeStaffRoles(tx, input.civilId);
    if (held.includes(input.role)) throw new DomainError("TRANSITION_NOT_ALLOWED", { status: "granted", role: input.role });
    refuseRoleCombination(held, input.role, ruleVersionFor(deps.rules, now).values.duties.administratorMayAlsoHold);
    const id = deps.newId();
    const proposal = { id, civilId: input.civilId, role: input.role, proposedBy: context.subject.civilId, proposedAt: now, reason: input.reason };
    await insertRoleProposal(tx, proposal);
    await logRegistry(tx, context, now, "registry.staff_role.propose", { proposalId: id, civilId: input.civilId, role: input.role }, "staff.manage", input.reason);
    return {
      proposal: proposalView({ ...proposal, status: "proposed", decidedBy: null, decidedAt: null, decisionReason: null, staffRoleId: null }),
      replayed: false,
    };
  });
}

/** A second administrator (neither the proposer nor the person named) approves: the role takes effect now. */
export async function approveRoleProposal(deps: AppDeps, context: UseCaseContext, input: { proposalId: string }): Promise<RoleProposalView> {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const proposal = await lockRoleProposal(tx, input.proposalId);
    if (!proposal) throw new DomainError("ROLE_PROPOSAL_NOT_FOUND", { proposalId: input.proposalId });
    refuseOwnProposalDecision(context.subject, proposal);
    if (proposal.status !== "proposed") throw new DomainError("TRANSITION_NOT_ALLOWED", { status: proposal.status });
    const grant = { civilId: proposal.civilId, role: proposal.role, agencyKey: null };
    // The person's roles may have changed since the proposal: the rules are applied again.
    refuseRoleCombination(await activeStaffRoles(tx, proposal.civilId), proposal.role, ruleVersionFor(deps.rules, now).values.duties.administratorMayAlsoHold);
    // Granted meanwhile (by the department's tools): the proposal is approved onto that grant.
    const active = await lockActiveStaffRole(tx, grant);
    const staffRoleId = active ?? deps.newId();
    if (!active) await insertStaffRole(tx, { id: staffRoleId, ...grant, grantedAt: now });
    await decideRoleProposal(tx, { id: proposal.id, status: "approved", decidedBy: context.subject.civilId, decidedAt: now, reason: null, staffRoleId });
    await logRegistry(
      tx,
      context,
      now,
      "registry.staff_role.approve",
      { proposalId: proposal.id, civilId: proposal.civilId, role: proposal.role, proposedBy: proposal.proposedBy, staffRoleId },
      "staff.manage",
    );
    await logRegistry(tx, context, now, "registry.staff_role.grant", { staffRoleId, ...grant }, "staff.manage");
    return proposalView({ ...proposal, status: "approved", decidedBy: context.subject.civilId, decidedAt: now, staffRoleId });
  });
}

/** A second administrator refuses a proposal, with reasons: nothing is granted. */
export async function refuseRoleProposal(deps: AppDeps, context: UseCaseContext, input: { proposalId: string; reason: string }): Promise<RoleProposalView> {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const proposal = await lockRoleProposal(tx, input.proposalId);
    if (!proposal) throw new DomainError("ROLE_PROPOSAL_NOT_FOUND", { proposalId: input.proposalId });
    refuseOwnProposalDecision(context.subject, proposal);
    if (proposal.status !== "proposed") throw new DomainError("TRANSITION_NOT_ALLOWED", { status: proposal.status });
    await decideRoleProposal(tx, { id: proposal.id, status: "refused", decidedBy: context.subject.civilId, decidedAt: now, reason: input.reason, staffRoleId: null });
    await logRegistry(
      tx,
      context,
      now,
      "registry.staff_role.refuse",
      { proposalId: proposal.id, civilId: proposal.civilId, role: proposal.role, proposedBy: proposal.proposedBy },
      "staff.manage",
      input.reason,
    );
    return proposalView({ ...proposal, status: "refused", decidedBy: context.subject.civilId, decidedAt: now });
  });
}

/** Proposals by status (pending first): the administrators' screen. */
export async function readRoleProposals(deps: AppDeps, context: UseCaseContext, filter: { status: StoredRoleProposal["status"]; limit: number }) {
  authorizeGlobally(context.subject, "staff.manage");
  const rows = await listRoleProposals(deps.db, filter);
  return rows.map((row) => ({ ...proposalView(row), nameAr: row.nameAr, nameEn: row.nameEn }));
}

export interface ConflictInput {
  staffCivilId: string;
  target: { fileId: string } | { civilId: string } | { crNumber: string };
  reason: string;
}

/**
 * Records a conflict of interest: an administrator for anyone, or a staff member declaring
 * their own (a recusal: it only takes rights away). From then on the staff member may not
 * decide, assign or review on the file, or on any file of the person or company named.
 */
export async function recordStaffConflict(deps: AppDeps, context: UseCaseContext, input: ConflictInput): Promise<{ id: string }> {
  const declaringOwn = input.staffCivilId === context.subject.civilId && hasStaffRole(context.subject, "clerk", "judge", "auditor", "administrator") && !context.subject.client;
  if (!declaringOwn) authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  const id = deps.newId();
  const target = {
    fileId: "fileId" in input.target ? input.target.fileId : null,
    partyCivilId: "civilId" in input.target ? input.target.civilId : null,
    partyCrNumber: "crNumber" in input.target ? input.target.crNumber : null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await requirePerson(tx, input.staffCivilId);
    if (target.fileId !== null && !(await fileExists(tx, target.fileId))) throw new DomainError("FILE_NOT_FOUND", { fileId: target.fileId });
    await insertStaffConflict(tx, { id, staffCivilId: input.staffCivilId, ...target, reason: input.reason, recordedBy: context.subject.civilId, recordedAt: now });
    await logRegistry(tx, context, now, "registry.conflict.record", { conflictId: id, staffCivilId: input.staffCivilId, ...target }, "staff.manage", input.reason);
  });
  return { id };
}

/** An administrator ends a recorded conflict (never their own: that would widen their own rights). */
export async function endRecordedConflict(deps: AppDeps, context: UseCaseContext, input: { conflictId: string; reason: string }) {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const holder = await staffConflictHolder(tx, input.conflictId);
    if (holder === undefined) throw new DomainError("STAFF_CONFLICT_NOT_FOUND", { conflictId: input.conflictId });
    refuseSelfRoleChange(context.subject, holder);
    await endStaffConflict(tx, { id: input.conflictId, endedBy: context.subject.civilId, endedAt: now });
    await logRegistry(tx, context, now, "registry.conflict.end", { conflictId: input.conflictId, staffCivilId: holder }, "staff.manage", input.reason);
    return { id: input.conflictId, endedAt: now };
  });
}

/** Conflicts in force (administrators and auditors). */
export async function readStaffConflicts(deps: AppDeps, context: UseCaseContext, filter: { staffCivilId?: string; limit: number }) {
  authorizeGlobally(context.subject, "staff.conflicts_read");
  return listStaffConflicts(deps.db, filter);
}

export interface MandateInput {
  lawyerCivilId: string;
  principal: { civilId: string } | { crNumber: string };
  fileId: string | null;
  scopes: MandateScope[];
  validFrom: Date;
  validUntil: Date;
}

/**
 * A clerk registers a power of attorney. It counts only once verified: `verified: true`
 * when the registering clerk has checked the deed (the default, for the department's own
 * imports), otherwise a clerk verifies it later (verifyMandate).
 */
export async function registerMandate(
  deps: AppDeps,
  context: UseCaseContext,
  input: MandateInput,
  options: { verified: boolean } = { verified: true },
): Promise<string> {
  authorizeGlobally(context.subject, "mandate.manage");
  if (input.validUntil <= input.validFrom) throw new DomainError("VALIDATION_FAILED", { field: "validUntil" });
  if (input.scopes.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "scopes" });
  const now = deps.clock.now();
  const id = deps.newId();
  await deps.db.transaction().execute(async (tx) => {
    await requirePerson(tx, input.lawyerCivilId);
    if ("civilId" in input.principal) {
      if (input.principal.civilId === input.lawyerCivilId) throw new DomainError("VALIDATION_FAILED", { field: "principal", reason: "self" });
      await requirePerson(tx, input.principal.civilId);
    } else await requireCompany(tx, input.principal.crNumber);
    if (input.fileId !== null) {
      if (!(await fileExists(tx, input.fileId))) throw new DomainError("FILE_NOT_FOUND", { fileId: input.fileId });
    }
    await insertMandate(tx, { id, ...input, verified: options.verified ? { by: context.subject.civilId, at: now } : null, createdAt: now });
    await logRegistry(tx, context, now, "registry.mandate", { mandateId: id, ...input, verified: options.verified }, "mandate.manage");
  });
  return id;
}

/** A clerk who has checked the deed verifies a registered power of attorney: from now on it counts. */
export async function verifyMandate(deps: AppDeps, context: UseCaseContext, input: { mandateId: string }) {
  authorizeGlobally(context.subject, "mandate.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const mandate = await lockMandate(tx, input.mandateId);
    if (!mandate) throw new DomainError("NOT_FOUND", { mandateId: input.mandateId });
    if (mandate.revokedAt !== null || mandate.verifiedAt !== null) {
      throw new DomainError("TRANSITION_NOT_ALLOWED", { status: mandate.revokedAt !== null ? "revoked" : "verified" });
    }
    await markMandateVerified(tx, mandate.id, context.subject.civilId, now);
    await logRegistry(tx, context, now, "registry.mandate.verify", { mandateId: mandate.id }, "mandate.manage");
    return { id: mandate.id, status: "verified" as const };
  });
}

/** A clerk records the end of a power of attorney (withdrawn by the principal, or found void). */
export async function revokeMandate(deps: AppDeps, context: UseCaseContext, input: { mandateId: string; reason: string }) {
  authorizeGlobally(context.subject, "mandate.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await markMandateRevoked(tx, input.mandateId, now))) {
      if (!(await mandateExists(tx, input.mandateId))) throw new DomainError("NOT_FOUND", { mandateId: input.mandateId });
      throw new DomainError("TRANSITION_NOT_ALLOWED", { status: "revoked" });
    }
    await logRegistry(tx, context, now, "registry.mandate.revoke", { mandateId: input.mandateId }, "mandate.manage", input.reason);
    return { id: input.mandateId, status: "revoked" as const };
  });
}

/** A clerk or administrator registers a person entitled to act for a company (until a date, or open-ended). */
export async function addCompanyRepresentative(
  deps: AppDeps,
  context: UseCaseContext,
  input: { crNumber: string; civilId: string; validUntil: Date | null },
) {
  authorizeGlobally(context.subject, "registry.manage");
  const now = deps.clock.now();
  if (input.validUntil !== null && input.validUntil <= now) throw new DomainError("VALIDATION_FAILED", { field: "validUntil" });
  return deps.db.transaction().execute(async (tx) => {
    await requireCompany(tx, input.crNumber);
    await requirePerson(tx, input.civilId);
    await upsertRepresentative(tx, input, now);
    await logRegistry(tx, context, now, "registry.representative.add", input, "registry.manage");
    return { crNumber: input.crNumber, civilId: input.civilId, validFrom: now, validUntil: input.validUntil };
  });
}

/** Ends a person's entitlement to act for a company, now. */
export async function removeCompanyRepresentative(
  deps: AppDeps,
  context: UseCaseContext,
  input: { crNumber: string; civilId: string; reason: string },
) {
  authorizeGlobally(context.subject, "registry.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await endRepresentative(tx, input.crNumber, input.civilId, now))) throw new DomainError("NOT_FOUND", { crNumber: input.crNumber });
    await logRegistry(tx, context, now, "registry.representative.remove", { crNumber: input.crNumber, civilId: input.civilId }, "registry.manage", input.reason);
    return { crNumber: input.crNumber, civilId: input.civilId, validUntil: now };
  });
}

/** Which of these persons are registered (the web app's demo accounts that the demo data created). */
export async function registeredAmong(deps: AppDeps, civilIds: readonly string[]): Promise<Set<string>> {
  return registeredPersons(deps.db, civilIds);
}
