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
import {
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

/** An administrator grants a staff role (an agency officer is bound to one agency). Granting an active role again changes nothing. */
export async function grantStaffRole(
  deps: AppDeps,
  context: UseCaseContext,
  grant: { civilId: string; role: StaffRole; agencyKey: string | null },
): Promise<{ id: string; replayed: boolean }> {
  authorizeGlobally(context.subject, "staff.manage");
  if ((grant.role === "agency_officer") !== (grant.agencyKey !== null)) {
    throw new DomainError("VALIDATION_FAILED", { field: "agencyKey", reason: "agency_officer_only" });
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requirePerson(tx, grant.civilId);
    const active = await lockActiveStaffRole(tx, grant);
    if (active) return { id: active, replayed: true };
    const id = deps.newId();
    await insertStaffRole(tx, { id, ...grant, grantedAt: now });
    await logRegistry(tx, context, now, "registry.staff_role.grant", { staffRoleId: id, ...grant }, "staff.manage");
    return { id, replayed: false };
  });
}

/** An administrator revokes a staff role; it stops counting at once (subjects are built per request). */
export async function revokeStaffRole(deps: AppDeps, context: UseCaseContext, input: { staffRoleId: string; reason: string }) {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const revoked = await markStaffRoleRevoked(tx, input.staffRoleId, now);
    if (!revoked) throw new DomainError("NOT_FOUND", { staffRoleId: input.staffRoleId });
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
