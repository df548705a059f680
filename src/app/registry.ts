/**
 * The registries the department keeps besides files: persons and companies (as the
 * civil-information authority and the commercial register report them), company
 * representatives, staff roles and lawyers' powers of attorney. Each change is an
 * action on the registry stream.
 */
import { DomainError } from "../domain/errors.ts";
import { appendActions, REGISTRY_STREAM, type Tx } from "../storage/action-log.ts";
import type { StaffRole } from "../storage/schema.ts";
import { actingRole, authorizeGlobally } from "./authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import type { MandateScope } from "./subject.ts";

async function logRegistry(tx: Tx, context: UseCaseContext, now: Date, kind: string, payload: Record<string, unknown>) {
  await appendActions(tx, [
    {
      stream: REGISTRY_STREAM,
      actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "registry.manage") },
      kind,
      payload,
      correlationId: context.correlationId,
      occurredAt: now,
    },
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

export async function grantStaffRole(
  deps: AppDeps,
  context: UseCaseContext,
  grant: { civilId: string; role: StaffRole; agencyKey: string | null },
) {
  authorizeGlobally(context.subject, "registry.manage");
  if ((grant.role === "agency_officer") !== (grant.agencyKey !== null)) {
    throw new DomainError("VALIDATION_FAILED", { field: "agencyKey", reason: "agency_officer_only" });
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("staff_roles")
      .values({ id: deps.newId(), civil_id: grant.civilId, role: grant.role, agency_key: grant.agencyKey, granted_at: now, revoked_at: null })
      .execute();
    await logRegistry(tx, context, now, "registry.staff_role.grant", grant);
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

/** Registers a power of attorney and, as the clerk who checked the deed, verifies it. */
export async function registerMandate(deps: AppDeps, context: UseCaseContext, input: MandateInput): Promise<string> {
  authorizeGlobally(context.subject, "registry.manage");
  if (input.validUntil <= input.validFrom) throw new DomainError("VALIDATION_FAILED", { field: "validUntil" });
  const now = deps.clock.now();
  const id = deps.newId();
  await deps.db.transaction().execute(async (tx) => {
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
        verified_by: context.subject.civilId,
        verified_at: now,
        revoked_at: null,
        created_at: now,
      })
      .execute();
    await logRegistry(tx, context, now, "registry.mandate", { mandateId: id, ...input });
  });
  return id;
}
