/**
 * Who may do what, in one place. A subject's rights on a file come from their capacities
 * in it: party (in person or for a company they represent), lawyer under a verified
 * mandate that is in force and covers the file and the scope, or department staff.
 * Use cases call `authorize` once; a refusal of reading is a not-found, so guessing
 * file ids reveals nothing.
 */
import { DomainError } from "../domain/errors.ts";
import type { StaffRole } from "../storage/schema.ts";
import { hasStaffRole, type MandateScope, type Subject, type SubjectMandate } from "./subject.ts";

export interface FilePartyRef {
  partyRole: "creditor" | "debtor";
  civilId: string | null;
  crNumber: string | null;
}

export type FilePermission =
  | "file.read"
  | "procedure.request"
  | "procedure.waive"
  | "procedure.decide"
  | "procedure.decide_judicial"
  | "ledger.record";

export type GlobalPermission = "file.open" | "file.list_all" | "registry.manage";

const staffFilePermissions: Record<FilePermission, readonly StaffRole[]> = {
  "file.read": ["clerk", "judge", "auditor", "administrator"],
  "procedure.request": [],
  "procedure.waive": [],
  "procedure.decide": ["clerk", "judge"],
  // Petitions the law reserves to a judge (a travel ban, Art. 297).
  "procedure.decide_judicial": ["judge"],
  "ledger.record": ["clerk"],
};

const globalPermissions: Record<GlobalPermission, readonly StaffRole[]> = {
  "file.open": ["clerk"],
  "file.list_all": ["clerk", "judge", "auditor", "administrator"],
  "registry.manage": ["clerk", "administrator"],
};

// What a creditor (in person, or through a lawyer with the matching scope) may do.
const creditorPermissions: Partial<Record<FilePermission, MandateScope>> = {
  "file.read": "view",
  "procedure.request": "request",
  "procedure.waive": "waive",
};

export function mandateInForce(mandate: SubjectMandate, now: Date): boolean {
  return mandate.verified && mandate.validFrom <= now && now < mandate.validUntil;
}

function isPartyInPerson(subject: Subject, party: FilePartyRef): boolean {
  return party.civilId !== null
    ? party.civilId === subject.civilId
    : party.crNumber !== null && subject.companies.includes(party.crNumber);
}

function mandateCovers(mandate: SubjectMandate, fileId: string, party: FilePartyRef): boolean {
  if (mandate.fileId !== null && mandate.fileId !== fileId) return false;
  return party.civilId !== null
    ? mandate.principalCivilId === party.civilId
    : mandate.principalCrNumber === party.crNumber;
}

export interface FileAccess {
  inPerson: Set<"creditor" | "debtor">;
  /** Scopes held as lawyer, per party role of the principal. */
  asLawyer: Map<"creditor" | "debtor", Set<MandateScope>>;
}

export function fileAccess(subject: Subject, fileId: string, parties: readonly FilePartyRef[], now: Date): FileAccess {
  const access: FileAccess = { inPerson: new Set(), asLawyer: new Map() };
  for (const party of parties) {
    if (isPartyInPerson(subject, party)) access.inPerson.add(party.partyRole);
    for (const mandate of subject.mandates) {
      if (!mandateInForce(mandate, now) || !mandateCovers(mandate, fileId, party)) continue;
      const scopes = access.asLawyer.get(party.partyRole) ?? new Set<MandateScope>();
      for (const scope of mandate.scopes) scopes.add(scope);
      access.asLawyer.set(party.partyRole, scopes);
    }
  }
  return access;
}

export function mayOnFile(subject: Subject, permission: FilePermission, access: FileAccess): boolean {
  if (hasStaffRole(subject, ...staffFilePermissions[permission])) return true;
  if (permission === "file.read") {
    if (access.inPerson.size > 0) return true;
    return [...access.asLawyer.values()].some((scopes) => scopes.has("view"));
  }
  const scope = creditorPermissions[permission];
  if (!scope) return false;
  return access.inPerson.has("creditor") || (access.asLawyer.get("creditor")?.has(scope) ?? false);
}

/** Throws unless allowed. A subject who may not even read the file is told it does not exist. */
export function authorizeOnFile(
  subject: Subject,
  permission: FilePermission,
  fileId: string,
  parties: readonly FilePartyRef[],
  now: Date,
): FileAccess {
  const access = fileAccess(subject, fileId, parties, now);
  if (mayOnFile(subject, permission, access)) return access;
  if (!mayOnFile(subject, "file.read", access)) throw new DomainError("FILE_NOT_FOUND", { fileId });
  throw new DomainError("FORBIDDEN", { permission });
}

export function mayGlobally(subject: Subject, permission: GlobalPermission): boolean {
  return hasStaffRole(subject, ...globalPermissions[permission]);
}

export function authorizeGlobally(subject: Subject, permission: GlobalPermission): void {
  if (!mayGlobally(subject, permission)) throw new DomainError("FORBIDDEN", { permission });
}

/**
 * The role recorded in the action log for a subject exercising a permission: the
 * capacity that grants it (creditor, lawyer, debtor), else the staff role that does.
 */
export function actingRole(subject: Subject, access: FileAccess | null, permission?: FilePermission | GlobalPermission): string {
  if (access?.inPerson.has("creditor")) return "creditor";
  if (access?.asLawyer.has("creditor")) return "lawyer";
  if (access?.inPerson.has("debtor")) return "debtor";
  const granting: readonly StaffRole[] =
    permission === undefined
      ? []
      : permission in staffFilePermissions
        ? staffFilePermissions[permission as FilePermission]
        : globalPermissions[permission as GlobalPermission];
  const grant = subject.staffRoles.find((candidate) => granting.includes(candidate.role)) ?? subject.staffRoles[0];
  return grant?.role ?? "citizen";
}
