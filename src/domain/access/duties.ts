/**
 * Separation of duties, as pure rules (docs/security.md):
 * - nobody grants, changes or revokes their own roles;
 * - a deciding role (judge, clerk, administrator, auditor) takes two administrators: one
 *   proposes, another approves (neither the proposer nor the person concerned decides);
 * - an administrator holds no other deciding role unless the rules in force allow it
 *   (`duties.administratorMayAlsoHold`, department policy);
 * - a staff member does not decide, assign or review on a file where they are a party
 *   (in person or for a company they represent), a party's lawyer, or related by a
 *   recorded conflict of interest.
 */
import { DomainError } from "../errors.ts";
import type { StaffRole, Subject } from "./subject.ts";

export const decidingRoles = ["clerk", "judge", "administrator", "auditor"] as const satisfies readonly StaffRole[];
export type DecidingRole = (typeof decidingRoles)[number];

export function isDecidingRole(role: StaffRole): role is DecidingRole {
  return (decidingRoles as readonly StaffRole[]).includes(role);
}

/**
 * The department's own tools (demo data, imports, the first administrators) act as the
 * subject "system" (system-subject.ts), which no session or token can be: they grant
 * deciding roles directly. Every person goes through a proposal and a second administrator.
 */
export function actsAsDepartmentTool(subject: Subject): boolean {
  return subject.civilId === "system" && !subject.client;
}

/** Nobody grants, changes or revokes their own roles (the department's own tools act as "system"). */
export function refuseSelfRoleChange(subject: Subject, civilId: string): void {
  if (subject.civilId === civilId) throw new DomainError("SELF_ROLE_CHANGE", { civilId });
}

/** A proposal is decided by a second administrator: neither its proposer nor the person it names. */
export function refuseOwnProposalDecision(subject: Subject, proposal: { id: string; proposedBy: string; civilId: string }): void {
  if (subject.civilId === proposal.proposedBy || subject.civilId === proposal.civilId) {
    throw new DomainError("ROLE_PROPOSAL_OWN", { proposalId: proposal.id });
  }
}

/**
 * Whether holding `held` and then `adding` breaks the rule that an administrator holds no
 * other deciding role (except those the rules in force allow). Throws ROLE_COMBINATION_NOT_ALLOWED.
 */
export function refuseRoleCombination(held: readonly StaffRole[], adding: StaffRole, administratorMayAlsoHold: readonly StaffRole[]): void {
  const roles = new Set<StaffRole>([...held, adding]);
  if (!roles.has("administrator")) return;
  const clashing = [...roles].filter((role) => role !== "administrator" && isDecidingRole(role) && !administratorMayAlsoHold.includes(role));
  if (clashing.length > 0) throw new DomainError("ROLE_COMBINATION_NOT_ALLOWED", { role: adding, clashing });
}

export interface ConflictParty {
  civilId: string | null;
  crNumber: string | null;
}

/**
 * Why the subject may not act as staff on this file, or null: a party in person or for a
 * company they represent, a lawyer under any mandate not revoked whose principal is a party
 * (in force or not: having been retained is enough), or a recorded conflict naming the file
 * or one of its parties.
 */
export function conflictOnFile(subject: Subject, fileId: string, parties: readonly ConflictParty[]): "party" | "lawyer" | "recorded" | null {
  const isParty = (party: ConflictParty) =>
    party.civilId !== null ? party.civilId === subject.civilId : party.crNumber !== null && subject.companies.includes(party.crNumber);
  if (parties.some(isParty)) return "party";
  const represents = subject.mandates.some(
    (mandate) =>
      (mandate.fileId === null || mandate.fileId === fileId) &&
      parties.some((party) => (party.civilId !== null ? mandate.principalCivilId === party.civilId : party.crNumber !== null && mandate.principalCrNumber === party.crNumber)),
  );
  if (represents) return "lawyer";
  const recorded = (subject.conflicts ?? []).some(
    (conflict) =>
      conflict.fileId === fileId ||
      parties.some((party) => (conflict.civilId !== null && conflict.civilId === party.civilId) || (conflict.crNumber !== null && conflict.crNumber === party.crNumber)),
  );
  return recorded ? "recorded" : null;
}
