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
    await tx
      .insertInto("persons")
      .values(persons.map((person) => ({ civil_id: person.civilId, name_ar: person.nameAr, name_en: person.nameEn, nationality: person.nationality, email: person.email, phone: person.phone, created_at: now })))
      .onConflict((conflict) =>
        conflict.column("civil_id").doUpdateSet((eb) => ({
          name_ar: eb.ref("excluded.name_ar"),
          name_en: eb.ref("excluded.name_en"),
          nationality: eb.ref("excluded.nationality"),
          email: eb.ref("excluded.email"),
          phone: eb.ref("excluded.phone"),
        })),
      )
      .execute();
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
    await tx
      .insertInto("companies")
      .values({ cr_number: company.crNumber, name_ar: company.nameAr, name_en: company.nameEn, created_at: now })
      .onConflict((conflict) => conflict.column("cr_number").doNothing())
      .execute();
    if (company.representatives.length > 0) {
      await tx
        .insertInto("company_representatives")
        .values(company.representatives.map((civilId) => ({ cr_number: company.crNumber, civil_id: civilId, valid_from: now, valid_until: null })))
        .onConflict((conflict) => conflict.columns(["cr_number", "civil_id"]).doNothing())
        .execute();
    }
    await logRegistry(tx, context, now, "registry.company", { crNumber: company.crNumber, representatives: company.representatives });
  });
}

async function requirePerson(tx: Tx, civilId: string): Promise<void> {
  const person = await tx.selectFrom("persons").select("civil_id").where("civil_id", "=", civilId).executeTakeFirst();
  if (!person) throw new DomainError("PERSON_NOT_FOUND");
}

async function requireCompany(tx: Tx, crNumber: string): Promise<void> {
  const company = await tx.selectFrom("companies").select("cr_number").where("cr_number", "=", crNumber).executeTakeFirst();
  if (!company) throw new DomainError("COMPANY_NOT_FOUND", { crNumber });
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
    const active = await tx
      .selectFrom("staff_roles")
      .select("id")
      .where("civil_id", "=", grant.civilId)
      .where("role", "=", grant.role)
      .where((eb) => (grant.agencyKey === null ? eb("agency_key", "is", null) : eb("agency_key", "=", grant.agencyKey)))
      .where("revoked_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (active) return { id: active.id, replayed: true };
    const id = deps.newId();
    await tx
      .insertInto("staff_roles")
      .values({ id, civil_id: grant.civilId, role: grant.role, agency_key: grant.agencyKey, granted_at: now, revoked_at: null })
      .execute();
    await logRegistry(tx, context, now, "registry.staff_role.grant", { staffRoleId: id, ...grant }, "staff.manage");
    return { id, replayed: false };
  });
}

/** An administrator revokes a staff role; it stops counting at once (subjects are built per request). */
export async function revokeStaffRole(deps: AppDeps, context: UseCaseContext, input: { staffRoleId: string; reason: string }) {
  authorizeGlobally(context.subject, "staff.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const revoked = await tx
      .updateTable("staff_roles")
      .set({ revoked_at: now })
      .where("id", "=", input.staffRoleId)
      .where("revoked_at", "is", null)
      .returning(["civil_id", "role", "agency_key"])
      .executeTakeFirst();
    if (!revoked) throw new DomainError("NOT_FOUND", { staffRoleId: input.staffRoleId });
    await logRegistry(
      tx,
      context,
      now,
      "registry.staff_role.revoke",
      { staffRoleId: input.staffRoleId, civilId: revoked.civil_id, role: revoked.role, agencyKey: revoked.agency_key },
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
      const file = await tx.selectFrom("enforcement_files").select("id").where("id", "=", input.fileId).executeTakeFirst();
      if (!file) throw new DomainError("FILE_NOT_FOUND", { fileId: input.fileId });
    }
    await tx
      .insertInto("mandates")
      .values({
        id,
        lawyer_civil_id: input.lawyerCivilId,
        principal_civil_id: "civilId" in input.principal ? input.principal.civilId : null,
        principal_cr_number: "crNumber" in input.principal ? input.principal.crNumber : null,
        file_id: input.fileId,
        scopes: input.scopes,
        valid_from: input.validFrom,
        valid_until: input.validUntil,
        verified_by: options.verified ? context.subject.civilId : null,
        verified_at: options.verified ? now : null,
        revoked_at: null,
        created_at: now,
      })
      .execute();
    await logRegistry(tx, context, now, "registry.mandate", { mandateId: id, ...input, verified: options.verified }, "mandate.manage");
  });
  return id;
}

/** A clerk who has checked the deed verifies a registered power of attorney: from now on it counts. */
export async function verifyMandate(deps: AppDeps, context: UseCaseContext, input: { mandateId: string }) {
  authorizeGlobally(context.subject, "mandate.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const mandate = await tx.selectFrom("mandates").select(["id", "verified_at", "revoked_at"]).where("id", "=", input.mandateId).forUpdate().executeTakeFirst();
    if (!mandate) throw new DomainError("NOT_FOUND", { mandateId: input.mandateId });
    if (mandate.revoked_at !== null || mandate.verified_at !== null) {
      throw new DomainError("TRANSITION_NOT_ALLOWED", { status: mandate.revoked_at !== null ? "revoked" : "verified" });
    }
    await tx.updateTable("mandates").set({ verified_by: context.subject.civilId, verified_at: now }).where("id", "=", mandate.id).execute();
    await logRegistry(tx, context, now, "registry.mandate.verify", { mandateId: mandate.id }, "mandate.manage");
    return { id: mandate.id, status: "verified" as const };
  });
}

/** A clerk records the end of a power of attorney (withdrawn by the principal, or found void). */
export async function revokeMandate(deps: AppDeps, context: UseCaseContext, input: { mandateId: string; reason: string }) {
  authorizeGlobally(context.subject, "mandate.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const revoked = await tx
      .updateTable("mandates")
      .set({ revoked_at: now })
      .where("id", "=", input.mandateId)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!revoked) {
      const exists = await tx.selectFrom("mandates").select("id").where("id", "=", input.mandateId).executeTakeFirst();
      if (!exists) throw new DomainError("NOT_FOUND", { mandateId: input.mandateId });
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
    await tx
      .insertInto("company_representatives")
      .values({ cr_number: input.crNumber, civil_id: input.civilId, valid_from: now, valid_until: input.validUntil })
      .onConflict((conflict) => conflict.columns(["cr_number", "civil_id"]).doUpdateSet({ valid_from: now, valid_until: input.validUntil }))
      .execute();
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
    const ended = await tx
      .updateTable("company_representatives")
      .set({ valid_until: now })
      .where("cr_number", "=", input.crNumber)
      .where("civil_id", "=", input.civilId)
      .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", now)]))
      .returning("civil_id")
      .executeTakeFirst();
    if (!ended) throw new DomainError("NOT_FOUND", { crNumber: input.crNumber });
    await logRegistry(tx, context, now, "registry.representative.remove", { crNumber: input.crNumber, civilId: input.civilId }, "registry.manage", input.reason);
    return { crNumber: input.crNumber, civilId: input.civilId, validUntil: now };
  });
}
