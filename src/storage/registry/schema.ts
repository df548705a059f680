/** Kysely table types of the registries: persons, companies and their representatives, staff roles, lawyers' powers of attorney. Kept by hand, next to the SQL in migrations/. */
import type { Generated } from "kysely";
import type { StaffRole } from "../../domain/access/subject.ts";

export type { StaffRole };

type Timestamp = Date;

export interface PersonsTable {
  civil_id: string;
  name_ar: string;
  name_en: string;
  nationality: Generated<string>;
  email: string | null;
  phone: string | null;
  created_at: Timestamp;
  identity_confirmed_at: Timestamp | null;
}

export interface CompaniesTable {
  cr_number: string;
  name_ar: string;
  name_en: string;
  created_at: Timestamp;
}

export interface CompanyRepresentativesTable {
  cr_number: string;
  civil_id: string;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
}

export interface StaffRolesTable {
  id: string;
  civil_id: string;
  role: StaffRole;
  agency_key: string | null;
  granted_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface MandatesTable {
  id: string;
  lawyer_civil_id: string;
  principal_civil_id: string | null;
  principal_cr_number: string | null;
  file_id: string | null;
  scopes: string[];
  valid_from: Timestamp;
  valid_until: Timestamp;
  verified_by: string | null;
  verified_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface StaffRoleProposalsTable {
  id: string;
  civil_id: string;
  role: StaffRole;
  status: "proposed" | "approved" | "refused";
  proposed_by: string;
  proposed_at: Timestamp;
  reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  staff_role_id: string | null;
}

export interface StaffConflictsTable {
  id: string;
  staff_civil_id: string;
  file_id: string | null;
  party_civil_id: string | null;
  party_cr_number: string | null;
  reason: string;
  recorded_by: string;
  recorded_at: Timestamp;
  ended_by: string | null;
  ended_at: Timestamp | null;
}

export interface RegistrySchema {
  staff_role_proposals: StaffRoleProposalsTable;
  staff_conflicts: StaffConflictsTable;
  persons: PersonsTable;
  companies: CompaniesTable;
  company_representatives: CompanyRepresentativesTable;
  staff_roles: StaffRolesTable;
  mandates: MandatesTable;
}
