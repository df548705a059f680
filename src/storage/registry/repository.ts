/** The registries the department keeps besides files: persons, companies and their representatives, staff roles, mandates; and the Subject built from them. */
import type { Subject, MandateScope } from "../../domain/access/subject.ts";
import type { Db } from "../database.ts";
import type { Tx } from "../action-log.ts";
import type { StaffRole } from "./schema.ts";

export async function loadSubject(db: Db, civilId: string, now: Date): Promise<Subject> {
  const [staffRoles, companies, mandates] = await Promise.all([
    db
      .selectFrom("staff_roles")
      .select(["role", "agency_key"])
      .where("civil_id", "=", civilId)
      .where("revoked_at", "is", null)
      .execute(),
    db
      .selectFrom("company_representatives")
      .select("cr_number")
      .where("civil_id", "=", civilId)
      .where("valid_from", "<=", now)
      .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", now)]))
      .execute(),
    db
      .selectFrom("mandates")
      .selectAll()
      .where("lawyer_civil_id", "=", civilId)
      .where("revoked_at", "is", null)
      .execute(),
  ]);
  // Conflicts of interest matter only to department staff: one more round trip for them alone.
  const conflicts = staffRoles.some((grant) => grant.role !== "agency_officer")
    ? await db
        .selectFrom("staff_conflicts")
        .select(["file_id", "party_civil_id", "party_cr_number"])
        .where("staff_civil_id", "=", civilId)
        .where("ended_at", "is", null)
        .execute()
    : [];
  return {
    civilId,
    staffRoles: staffRoles.map((grant) => ({ role: grant.role, agencyKey: grant.agency_key })),
    conflicts: conflicts.map((conflict) => ({ fileId: conflict.file_id, civilId: conflict.party_civil_id, crNumber: conflict.party_cr_number })),
    companies: companies.map((row) => row.cr_number),
    mandates: mandates.map((mandate) => ({
      id: mandate.id,
      principalCivilId: mandate.principal_civil_id,
      principalCrNumber: mandate.principal_cr_number,
      fileId: mandate.file_id,
      scopes: mandate.scopes as MandateScope[],
      validFrom: mandate.valid_from,
      validUntil: mandate.valid_until,
      verified: mandate.verified_at !== null,
    })),
  };
}

// Persons as the civil-information authority reports them.

/** The civil-information authority confirmed this person (found, alive) now. */
export async function confirmIdentity(tx: Tx, civilId: string, now: Date): Promise<void> {
  await tx.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", civilId).execute();
}

export interface PersonRow {
  civilId: string;
  nameAr: string;
  nameEn: string;
  nationality: string;
  email: string | null;
  phone: string | null;
}

/** Registers persons, or refreshes those known, as the civil-information authority reports them. */
export async function upsertPersons(tx: Tx, persons: readonly PersonRow[], now: Date): Promise<void> {
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
}

/** Registers a person not known yet; their civil ID if registered now (undefined: known already, left as is). */
export async function insertPersonIfNew(tx: Tx, person: PersonRow, now: Date): Promise<string | undefined> {
  const inserted = await tx
    .insertInto("persons")
    .values({ civil_id: person.civilId, name_ar: person.nameAr, name_en: person.nameEn, nationality: person.nationality, email: person.email, phone: person.phone, created_at: now })
    .onConflict((conflict) => conflict.column("civil_id").doNothing())
    .returning("civil_id")
    .executeTakeFirst();
  return inserted?.civil_id;
}

export async function personExists(db: Db | Tx, civilId: string): Promise<boolean> {
  const person = await db.selectFrom("persons").select("civil_id").where("civil_id", "=", civilId).executeTakeFirst();
  return person !== undefined;
}

export async function companyExists(db: Db | Tx, crNumber: string): Promise<boolean> {
  const company = await db.selectFrom("companies").select("cr_number").where("cr_number", "=", crNumber).executeTakeFirst();
  return company !== undefined;
}

/** Which of these civil IDs are registered persons. */
export async function registeredPersons(db: Db | Tx, civilIds: readonly string[]): Promise<Set<string>> {
  if (civilIds.length === 0) return new Set();
  const rows = await db.selectFrom("persons").select("civil_id").where("civil_id", "in", [...civilIds]).execute();
  return new Set(rows.map((row) => row.civil_id));
}

/** Which of these CR numbers are registered companies. */
export async function registeredCompanies(db: Db | Tx, crNumbers: readonly string[]): Promise<Set<string>> {
  if (crNumbers.length === 0) return new Set();
  const rows = await db.selectFrom("companies").select("cr_number").where("cr_number", "in", [...crNumbers]).execute();
  return new Set(rows.map((row) => row.cr_number));
}

/** A registered company's names (it must exist). */
export async function companyNames(db: Db | Tx, crNumber: string): Promise<{ nameAr: string; nameEn: string }> {
  const company = await db.selectFrom("companies").select(["name_ar", "name_en"]).where("cr_number", "=", crNumber).executeTakeFirstOrThrow();
  return { nameAr: company.name_ar, nameEn: company.name_en };
}

/** Registers a company; one registered already is left as is. */
export async function insertCompany(tx: Tx, company: { crNumber: string; nameAr: string; nameEn: string }, now: Date): Promise<void> {
  await tx
    .insertInto("companies")
    .values({ cr_number: company.crNumber, name_ar: company.nameAr, name_en: company.nameEn, created_at: now })
    .onConflict((conflict) => conflict.column("cr_number").doNothing())
    .execute();
}

/** Persons entitled to act for the company from now on, open-ended; those registered already are left as they are. */
export async function insertRepresentatives(tx: Tx, crNumber: string, civilIds: readonly string[], now: Date): Promise<void> {
  if (civilIds.length === 0) return;
  await tx
    .insertInto("company_representatives")
    .values(civilIds.map((civilId) => ({ cr_number: crNumber, civil_id: civilId, valid_from: now, valid_until: null })))
    .onConflict((conflict) => conflict.columns(["cr_number", "civil_id"]).doNothing())
    .execute();
}

/** A person entitled to act for the company from now until `validUntil` (or open-ended), registered or renewed. */
export async function upsertRepresentative(tx: Tx, representative: { crNumber: string; civilId: string; validUntil: Date | null }, now: Date): Promise<void> {
  await tx
    .insertInto("company_representatives")
    .values({ cr_number: representative.crNumber, civil_id: representative.civilId, valid_from: now, valid_until: representative.validUntil })
    .onConflict((conflict) => conflict.columns(["cr_number", "civil_id"]).doUpdateSet({ valid_from: now, valid_until: representative.validUntil }))
    .execute();
}

/** Ends a representative's entitlement now; false when none was in force. */
export async function endRepresentative(tx: Tx, crNumber: string, civilId: string, now: Date): Promise<boolean> {
  const ended = await tx
    .updateTable("company_representatives")
    .set({ valid_until: now })
    .where("cr_number", "=", crNumber)
    .where("civil_id", "=", civilId)
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", now)]))
    .returning("civil_id")
    .executeTakeFirst();
  return ended !== undefined;
}

/** The active grant of this role (to this agency, for an agency officer), locked; its id. */
export async function lockActiveStaffRole(tx: Tx, grant: { civilId: string; role: StaffRole; agencyKey: string | null }): Promise<string | undefined> {
  const active = await tx
    .selectFrom("staff_roles")
    .select("id")
    .where("civil_id", "=", grant.civilId)
    .where("role", "=", grant.role)
    .where((eb) => (grant.agencyKey === null ? eb("agency_key", "is", null) : eb("agency_key", "=", grant.agencyKey)))
    .where("revoked_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  return active?.id;
}

export async function insertStaffRole(tx: Tx, grant: { id: string; civilId: string; role: StaffRole; agencyKey: string | null; grantedAt: Date }): Promise<void> {
  await tx
    .insertInto("staff_roles")
    .values({ id: grant.id, civil_id: grant.civilId, role: grant.role, agency_key: grant.agencyKey, granted_at: grant.grantedAt, revoked_at: null })
    .execute();
}

/** Revokes an active grant now; what it granted, or undefined when there was no such active grant. */
export async function markStaffRoleRevoked(tx: Tx, staffRoleId: string, now: Date): Promise<{ civilId: string; role: StaffRole; agencyKey: string | null } | undefined> {
  const revoked = await tx
    .updateTable("staff_roles")
    .set({ revoked_at: now })
    .where("id", "=", staffRoleId)
    .where("revoked_at", "is", null)
    .returning(["civil_id", "role", "agency_key"])
    .executeTakeFirst();
  return revoked ? { civilId: revoked.civil_id, role: revoked.role, agencyKey: revoked.agency_key } : undefined;
}

/** Whether the person holds one of these roles now. */
export async function holdsStaffRole(db: Db | Tx, civilId: string, roles: readonly StaffRole[]): Promise<boolean> {
  const holds = await db
    .selectFrom("staff_roles")
    .select("id")
    .where("civil_id", "=", civilId)
    .where("role", "in", [...roles])
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return holds !== undefined;
}

export interface NewMandate {
  id: string;
  lawyerCivilId: string;
  principal: { civilId: string } | { crNumber: string };
  fileId: string | null;
  scopes: MandateScope[];
  validFrom: Date;
  validUntil: Date;
  /** Who verified the deed and when; null while it waits for a clerk. */
  verified: { by: string; at: Date } | null;
  createdAt: Date;
}

export async function insertMandate(tx: Tx, mandate: NewMandate): Promise<void> {
  await tx
    .insertInto("mandates")
    .values({
      id: mandate.id,
      lawyer_civil_id: mandate.lawyerCivilId,
      principal_civil_id: "civilId" in mandate.principal ? mandate.principal.civilId : null,
      principal_cr_number: "crNumber" in mandate.principal ? mandate.principal.crNumber : null,
      file_id: mandate.fileId,
      scopes: mandate.scopes,
      valid_from: mandate.validFrom,
      valid_until: mandate.validUntil,
      verified_by: mandate.verified?.by ?? null,
      verified_at: mandate.verified?.at ?? null,
      revoked_at: null,
      created_at: mandate.createdAt,
    })
    .execute();
}

export async function lockMandate(tx: Tx, mandateId: string): Promise<{ id: string; verifiedAt: Date | null; revokedAt: Date | null } | undefined> {
  const mandate = await tx.selectFrom("mandates").select(["id", "verified_at", "revoked_at"]).where("id", "=", mandateId).forUpdate().executeTakeFirst();
  return mandate ? { id: mandate.id, verifiedAt: mandate.verified_at, revokedAt: mandate.revoked_at } : undefined;
}

export async function markMandateVerified(tx: Tx, mandateId: string, by: string, now: Date): Promise<void> {
  await tx.updateTable("mandates").set({ verified_by: by, verified_at: now }).where("id", "=", mandateId).execute();
}

/** Revokes a mandate now; false when there is no such mandate in force (none, or revoked already). */
export async function markMandateRevoked(tx: Tx, mandateId: string, now: Date): Promise<boolean> {
  const revoked = await tx.updateTable("mandates").set({ revoked_at: now }).where("id", "=", mandateId).where("revoked_at", "is", null).returning("id").executeTakeFirst();
  return revoked !== undefined;
}

export async function mandateExists(db: Db | Tx, mandateId: string): Promise<boolean> {
  const mandate = await db.selectFrom("mandates").select("id").where("id", "=", mandateId).executeTakeFirst();
  return mandate !== undefined;
}

/** A person's names as registered (undefined: not registered). */
export async function personNames(db: Db | Tx, civilId: string): Promise<{ nameAr: string; nameEn: string } | undefined> {
  const row = await db.selectFrom("persons").select(["name_ar", "name_en"]).where("civil_id", "=", civilId).executeTakeFirst();
  return row && { nameAr: row.name_ar, nameEn: row.name_en };
}

/** The roles a person holds now (department roles and agency grants). */
export async function activeStaffRoles(db: Db | Tx, civilId: string): Promise<StaffRole[]> {
  const rows = await db.selectFrom("staff_roles").select("role").where("civil_id", "=", civilId).where("revoked_at", "is", null).execute();
  return rows.map((row) => row.role);
}

/** Who holds an active grant (undefined: no such active grant). */
export async function activeStaffRoleHolder(db: Db | Tx, staffRoleId: string): Promise<string | undefined> {
  const row = await db.selectFrom("staff_roles").select("civil_id").where("id", "=", staffRoleId).where("revoked_at", "is", null).executeTakeFirst();
  return row?.civil_id;
}

// Proposals of deciding roles: one administrator proposes, another approves (migration 0020).

export interface StoredRoleProposal {
  id: string;
  civilId: string;
  role: StaffRole;
  status: "proposed" | "approved" | "refused";
  proposedBy: string;
  proposedAt: Date;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  staffRoleId: string | null;
}

const proposalOf = (row: {
  id: string;
  civil_id: string;
  role: StaffRole;
  status: "proposed" | "approved" | "refused";
  proposed_by: string;
  proposed_at: Date;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  staff_role_id: string | null;
}): StoredRoleProposal => ({
  id: row.id,
  civilId: row.civil_id,
  role: row.role,
  status: row.status,
  proposedBy: row.proposed_by,
  proposedAt: row.proposed_at,
  reason: row.reason,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  decisionReason: row.decision_reason,
  staffRoleId: row.staff_role_id,
});

/** The open proposal of this role for this person, locked (undefined: none open). */
export async function lockOpenRoleProposal(tx: Tx, civilId: string, role: StaffRole): Promise<StoredRoleProposal | undefined> {
  const row = await tx.selectFrom("staff_role_proposals").selectAll().where("civil_id", "=", civilId).where("role", "=", role).where("status", "=", "proposed").forUpdate().executeTakeFirst();
  return row && proposalOf(row);
}

export async function insertRoleProposal(tx: Tx, proposal: { id: string; civilId: string; role: StaffRole; proposedBy: string; proposedAt: Date; reason: string | null }): Promise<void> {
  await tx
    .insertInto("staff_role_proposals")
    .values({ id: proposal.id, civil_id: proposal.civilId, role: proposal.role, status: "proposed", proposed_by: proposal.proposedBy, proposed_at: proposal.proposedAt, reason: proposal.reason })
    .execute();
}

export async function lockRoleProposal(tx: Tx, proposalId: string): Promise<StoredRoleProposal | undefined> {
  const row = await tx.selectFrom("staff_role_proposals").selectAll().where("id", "=", proposalId).forUpdate().executeTakeFirst();
  return row && proposalOf(row);
}

/** Records the second administrator's decision on an open proposal (the caller holds its lock). */
export async function decideRoleProposal(
  tx: Tx,
  decision: { id: string; status: "approved" | "refused"; decidedBy: string; decidedAt: Date; reason: string | null; staffRoleId: string | null },
): Promise<void> {
  await tx
    .updateTable("staff_role_proposals")
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_reason: decision.reason, staff_role_id: decision.staffRoleId })
    .where("id", "=", decision.id)
    .where("status", "=", "proposed")
    .execute();
}

/** Proposals by status, oldest first, with the names of the person concerned. */
export async function listRoleProposals(db: Db, filter: { status: "proposed" | "approved" | "refused"; limit: number }): Promise<(StoredRoleProposal & { nameAr: string; nameEn: string })[]> {
  const rows = await db
    .selectFrom("staff_role_proposals")
    .innerJoin("persons", "persons.civil_id", "staff_role_proposals.civil_id")
    .selectAll("staff_role_proposals")
    .select(["persons.name_ar", "persons.name_en"])
    .where("status", "=", filter.status)
    .orderBy("proposed_at", filter.status === "proposed" ? "asc" : "desc")
    .orderBy("id")
    .limit(filter.limit)
    .execute();
  return rows.map((row) => ({ ...proposalOf(row), nameAr: row.name_ar, nameEn: row.name_en }));
}

// Conflicts of interest recorded against staff (migration 0020).

export interface NewStaffConflict {
  id: string;
  staffCivilId: string;
  fileId: string | null;
  partyCivilId: string | null;
  partyCrNumber: string | null;
  reason: string;
  recordedBy: string;
  recordedAt: Date;
}

export async function insertStaffConflict(tx: Tx, conflict: NewStaffConflict): Promise<void> {
  await tx
    .insertInto("staff_conflicts")
    .values({
      id: conflict.id,
      staff_civil_id: conflict.staffCivilId,
      file_id: conflict.fileId,
      party_civil_id: conflict.partyCivilId,
      party_cr_number: conflict.partyCrNumber,
      reason: conflict.reason,
      recorded_by: conflict.recordedBy,
      recorded_at: conflict.recordedAt,
    })
    .execute();
}

/** Ends a conflict in force now; whom it concerned, or undefined when none was in force. */
export async function endStaffConflict(tx: Tx, input: { id: string; endedBy: string; endedAt: Date }): Promise<{ staffCivilId: string } | undefined> {
  const row = await tx
    .updateTable("staff_conflicts")
    .set({ ended_by: input.endedBy, ended_at: input.endedAt })
    .where("id", "=", input.id)
    .where("ended_at", "is", null)
    .returning("staff_civil_id")
    .executeTakeFirst();
  return row && { staffCivilId: row.staff_civil_id };
}

/** The staff member a conflict in force concerns (undefined: none in force). */
export async function staffConflictHolder(db: Db | Tx, conflictId: string): Promise<string | undefined> {
  const row = await db.selectFrom("staff_conflicts").select("staff_civil_id").where("id", "=", conflictId).where("ended_at", "is", null).executeTakeFirst();
  return row?.staff_civil_id;
}

export async function listStaffConflicts(db: Db, filter: { staffCivilId?: string; limit: number }) {
  let query = db.selectFrom("staff_conflicts").selectAll().where("ended_at", "is", null);
  if (filter.staffCivilId !== undefined) query = query.where("staff_civil_id", "=", filter.staffCivilId);
  const rows = await query.orderBy("recorded_at", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    staffCivilId: row.staff_civil_id,
    fileId: row.file_id,
    partyCivilId: row.party_civil_id,
    partyCrNumber: row.party_cr_number,
    reason: row.reason,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  }));
}
