/**
 * Who may do what, in one place. A subject's rights on a file come from their capacities
 * in it: party (in person or for a company they represent), lawyer under a verified
 * mandate that is in force and covers the file and the scope, or department staff.
 * Use cases call `authorize` once; a refusal of reading is a not-found, so guessing
 * file ids reveals nothing.
 */
import { DomainError } from "../domain/errors.ts";
import type { StaffRole } from "../storage/schema.ts";
import { hasStaffRole, type MachineScope, type MandateScope, type Subject, type SubjectMandate } from "./subject.ts";

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
  | "ledger.record"
  | "funds.transfer"
  | "disclosure.order"
  | "document.read"
  | "document.upload";

export type GlobalPermission =
  | "file.open"
  | "file.list_all"
  | "registry.manage"
  | "staff.manage"
  | "mandate.manage"
  | "clients.manage"
  | "signing.request"
  | "agency.monitor"
  | "agency.redrive"
  | "queue.clerk"
  | "queue.judge";

const staffFilePermissions: Record<FilePermission, readonly StaffRole[]> = {
  "file.read": ["clerk", "judge", "auditor", "administrator"],
  "procedure.request": [],
  "procedure.waive": [],
  "procedure.decide": ["clerk", "judge"],
  // Petitions the law reserves to a judge (a travel ban, Art. 297).
  "procedure.decide_judicial": ["judge"],
  "ledger.record": ["clerk"],
  "funds.transfer": ["clerk"],
  // Art. 204 bis: the director orders a statement of the debtor's funds on the creditor's petition.
  "disclosure.order": ["clerk", "judge"],
  // Documents are read as the file is (parties, lawyers with the view scope, staff); clerks file them too.
  "document.read": ["clerk", "judge", "auditor", "administrator"],
  "document.upload": ["clerk"],
};

const globalPermissions: Record<GlobalPermission, readonly StaffRole[]> = {
  "file.open": ["clerk"],
  "file.list_all": ["clerk", "judge", "auditor", "administrator"],
  "registry.manage": ["clerk", "administrator"],
  // Staff roles and machine clients are the administrator's; powers of attorney the clerk's.
  "staff.manage": ["administrator"],
  "mandate.manage": ["clerk"],
  "clients.manage": ["administrator"],
  // Asking one's own phone to sign: any person (what is signed is authorized on the file).
  "signing.request": [],
  // Watching the agency exchange and re-driving dead letters.
  "agency.monitor": ["clerk", "auditor", "administrator"],
  "agency.redrive": ["clerk", "administrator"],
  // Review queues: a clerk's work may be taken by a judge too; petitions for a judge only.
  "queue.clerk": ["clerk", "judge"],
  "queue.judge": ["judge"],
};

// What a machine client may do with each scope; staff permissions are never a client's.
const clientScopeFor: Partial<Record<FilePermission, MachineScope>> = {
  "file.read": "files:read",
  "procedure.request": "procedures:request",
  "procedure.waive": "procedures:waive",
};

/** A machine client may use a file permission only within its scopes; a person is not limited here. */
export function clientMay(subject: Subject, permission: FilePermission): boolean {
  if (!subject.client) return true;
  const scope = clientScopeFor[permission];
  return scope !== undefined && subject.client.scopes.includes(scope);
}

/** Listing files: a machine client needs files:read. */
export function authorizeListing(subject: Subject): void {
  if (!clientMay(subject, "file.read")) throw new DomainError("FORBIDDEN", { permission: "file.read", scope: "files:read" });
}

// What a creditor (in person, or through a lawyer with the matching scope) may do.
const creditorPermissions: Partial<Record<FilePermission, MandateScope>> = {
  "file.read": "view",
  "procedure.request": "request",
  "procedure.waive": "waive",
  "document.upload": "request",
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
  if (!clientMay(subject, permission)) return false;
  if (hasStaffRole(subject, ...staffFilePermissions[permission])) return true;
  if (permission === "file.read" || permission === "document.read") {
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
  // Signing is a person's act on their own phone: machine clients sign with their credentials.
  if (permission === "signing.request") return !subject.client && subject.civilId !== "system";
  if (subject.client) return false;
  return hasStaffRole(subject, ...globalPermissions[permission]);
}

export function authorizeGlobally(subject: Subject, permission: GlobalPermission): void {
  if (!mayGlobally(subject, permission)) throw new DomainError("FORBIDDEN", { permission });
}

/**
 * The agency portal: an agency officer reads and answers the orders and disclosure
 * requests sent to the one agency their grant names (e.g. "bank:NBOK"), and nothing else.
 * Department staff, parties and machine clients have no right here at all.
 */
export type AgencyPermission = "agency.orders.read" | "agency.orders.answer";

const agencyPermissions: Record<AgencyPermission, readonly StaffRole[]> = {
  "agency.orders.read": ["agency_officer"],
  "agency.orders.answer": ["agency_officer"],
};

/** The agencies the subject may act for with this permission (usually one; none for anyone else). */
export function agenciesOf(subject: Subject, permission: AgencyPermission): string[] {
  if (subject.client) return [];
  const roles = agencyPermissions[permission];
  return [...new Set(subject.staffRoles.filter((grant) => roles.includes(grant.role) && grant.agencyKey !== null).map((grant) => grant.agencyKey!))];
}

/** Throws FORBIDDEN unless the subject acts for some agency; returns the agencies. */
export function authorizeAgencyPortal(subject: Subject, permission: AgencyPermission): string[] {
  const agencies = agenciesOf(subject, permission);
  if (agencies.length === 0) throw new DomainError("FORBIDDEN", { permission });
  return agencies;
}

/**
 * Throws unless the subject acts for `agencyKey`. Another agency's order or request is
 * reported as not found, so an officer learns nothing about what other agencies receive.
 */
export function authorizeForAgency(
  subject: Subject,
  permission: AgencyPermission,
  agencyKey: string,
  notFound: "ORDER_NOT_FOUND" | "DISCLOSURE_NOT_FOUND",
  details: Record<string, unknown> = {},
): void {
  if (!authorizeAgencyPortal(subject, permission).includes(agencyKey)) throw new DomainError(notFound, details);
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
