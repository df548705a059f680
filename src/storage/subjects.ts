/** Builds a Subject from the registries: staff roles, companies represented, mandates held. */
import type { Subject, MandateScope } from "../domain/access/subject.ts";
import type { Db } from "./database.ts";

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
  return {
    civilId,
    staffRoles: staffRoles.map((grant) => ({ role: grant.role, agencyKey: grant.agency_key })),
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
