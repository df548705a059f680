/**
 * What the interface offers a signed-in person, read from their staff roles (GET
 * /api/v1/me). Only what to show: every right is decided again by the API.
 */
import type { Me } from "../api/types.ts";

export type StaffRoleName = "clerk" | "judge" | "auditor" | "administrator" | "agency_officer";

export function hasRole(me: Me | null, ...roles: StaffRoleName[]): boolean {
  return me !== null && me.staffRoles.some((grant) => (roles as string[]).includes(grant.role));
}

/** The agencies an officer answers for ("bank:NBOK"). */
export function agenciesOf(me: Me | null): string[] {
  return me ? me.staffRoles.filter((grant) => grant.role === "agency_officer" && grant.agencyKey).map((grant) => grant.agencyKey!) : [];
}

export const mayUseQueues = (me: Me | null) => hasRole(me, "clerk", "judge");
/** The dashboard: queues for clerks and judges, the agency monitor for clerks, auditors and administrators. */
export const mayWatchOperations = (me: Me | null) => hasRole(me, "clerk", "judge", "auditor", "administrator");
export const maySearchAudit = (me: Me | null) => hasRole(me, "auditor");
/** Proposing and approving staff roles (two administrators for a deciding role). */
export const mayManageStaff = (me: Me | null) => hasRole(me, "administrator");
export const isAgencyOfficer = (me: Me | null) => agenciesOf(me).length > 0;
/** Department staff and agency officers work from their own tools; a private person from their files. */
export const isPrivatePerson = (me: Me | null) => me !== null && me.staffRoles.length === 0;

/**
 * Where a person starts after signing in. A private person against whom (or a company they
 * represent) a file is open lands on "What I owe" (`isDebtor`, from GET /api/v1/me/debts);
 * any other private person on their files.
 */
export function homeOf(me: Me, facts: { isDebtor?: boolean } = {}): string {
  if (isAgencyOfficer(me)) return "/agency";
  if (mayUseQueues(me)) return "/back-office";
  if (mayWatchOperations(me)) return "/back-office/dashboard";
  return facts.isDebtor === true ? "/debts" : "/files";
}
