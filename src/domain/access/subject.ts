/**
 * The signed-in subject as the application sees it: who they are and in which capacities
 * they may act. Built by the server from its session and registries, never from a civil
 * ID the client sends.
 */
/** The department's staff roles (granted and revoked on the registry stream). */
export type StaffRole = "clerk" | "judge" | "auditor" | "administrator" | "agency_officer";

export type MandateScope = "view" | "request" | "waive";

export interface SubjectMandate {
  id: string;
  principalCivilId: string | null;
  principalCrNumber: string | null;
  /** null: every file of the principal. */
  fileId: string | null;
  scopes: readonly MandateScope[];
  validFrom: Date;
  validUntil: Date;
  verified: boolean;
}

export interface Subject {
  civilId: string;
  staffRoles: readonly { role: StaffRole; agencyKey: string | null }[];
  /** Commercial registrations this person may act for now. */
  companies: readonly string[];
  /** Powers of attorney held by this person as a lawyer (all of them; validity is checked per use). */
  mandates: readonly SubjectMandate[];
  /**
   * Set when a machine client (an institutional creditor's system, OAuth client credentials)
   * is calling: it acts for its one company (`companies`), only within its scopes.
   */
  client?: MachineClientIdentity | null;
  /**
   * Conflicts of interest recorded against this staff member (separation of duties,
   * duties.ts): a file, or every file of a person or company. Absent: none recorded.
   */
  conflicts?: readonly SubjectConflict[];
}

export interface SubjectConflict {
  fileId: string | null;
  civilId: string | null;
  crNumber: string | null;
}

export type MachineScope = "files:read" | "procedures:request" | "procedures:waive";

export interface MachineClientIdentity {
  clientId: string;
  crNumber: string;
  scopes: readonly MachineScope[];
  /** Which access token was presented (a prefix of its hash, for the action log). */
  tokenId: string;
}

/** The actor id of a machine client in the action log. */
export const machineActorId = (clientId: string) => `client:${clientId}`;

export function hasStaffRole(subject: Subject, ...roles: StaffRole[]): boolean {
  return subject.staffRoles.some((grant) => roles.includes(grant.role));
}
