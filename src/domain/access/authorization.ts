/**
 * Who may do what, in one place. A subject's rights on a file come from their capacities
 * in it: party (in person or for a company they represent), lawyer under a verified
 * mandate that is in force and covers the file and the scope, or department staff.
 * Use cases call `authorize` once; a refusal of reading is a not-found, so guessing
 * file ids reveals nothing.
 */
import { DomainError } from "../errors.ts";
import { conflictOnFile } from "./duties.ts";
import { hasStaffRole, type StaffRole, type MachineScope, type MandateScope, type Subject, type SubjectMandate } from "./subject.ts";

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
  | "treasury.payout"
  | "disclosure.petition"
  | "disclosure.order"
  | "document.read"
  | "document.upload"
  | "document.verify"
  | "title_service.attest"
  | "notice.read_all"
  // A title submitted online, judged on the creditors it names (there is no file yet).
  | "title_submission.submit"
  | "title_submission.read"
  // Enforcement disputes and instalment plans (docs/disputes-and-instalments.md).
  | "dispute.file"
  | "dispute.verify_bond"
  | "dispute.decide"
  | "instalment.propose"
  | "instalment.answer"
  | "instalment.order"
  // Money through the card gateway (docs/payments.md): a request's fee, a debtor's payment.
  | "fee.pay"
  // Art. 298(b): the creditor reports a payment received outside the department (clerks record it with ledger.record).
  | "payment.report_outside"
  | "debt.pay"
  // Who looked at the file (the read log): the debtor's side, and auditors.
  | "reads.read_file";

export type GlobalPermission =
  | "file.open"
  | "file.list_all"
  | "registry.manage"
  | "staff.manage"
  | "staff.conflicts_read"
  | "mandate.manage"
  | "clients.manage"
  | "signing.request"
  | "agency.monitor"
  | "agency.redrive"
  | "queue.clerk"
  | "queue.judge"
  | "title_submission.decide"
  | "notice.own"
  | "treasury.report"
  | "treasury.settle"
  | "debts.read_own"
  // Searching the action log (web application's audit search): auditors.
  | "audit.search";

const staffFilePermissions: Record<FilePermission, readonly StaffRole[]> = {
  "file.read": ["clerk", "judge", "auditor", "administrator"],
  "procedure.request": [],
  "procedure.waive": [],
  "procedure.decide": ["clerk", "judge"],
  // Petitions the law reserves to a judge (a travel ban, Art. 297).
  "procedure.decide_judicial": ["judge"],
  "ledger.record": ["clerk"],
  "funds.transfer": ["clerk"],
  // Paying a file's held funds out to its creditors (or refunds to the debtor), and marking them paid.
  "treasury.payout": ["clerk"],
  // Art. 204 bis: the creditor petitions (a party's right, below); the director's delegate — a judge of the
  // department (the director or an assisting judge, Art. 189) — decides and orders the statement. Not a clerk.
  "disclosure.petition": [],
  "disclosure.order": ["judge"],
  // Documents are read as the file is (parties, lawyers with the view scope, staff); clerks file them too.
  "document.read": ["clerk", "judge", "auditor", "administrator"],
  "document.upload": ["clerk"],
  // Clerks check uploaded copies against the originals; a judge may take a clerk's work.
  "document.verify": ["clerk", "judge"],
  // Service of the title by a process server, attested from the server's report.
  "title_service.attest": ["clerk"],
  // Every notice of a file with its channel attempts, addresses and proofs (parties see their own).
  "notice.read_all": ["clerk", "judge", "auditor"],
  "title_submission.submit": [],
  "title_submission.read": ["clerk", "judge", "auditor", "administrator"],
  // A debtor disputes the enforcement and proposes instalments; a clerk verifies the bond's deposit;
  // the judge decides the dispute and orders a plan where the rules need it.
  "dispute.file": [],
  "dispute.verify_bond": ["clerk"],
  "dispute.decide": ["judge"],
  "instalment.propose": [],
  // Consenting to instalments lifts measures: the creditor's, like a waiver.
  "instalment.answer": [],
  "instalment.order": ["judge"],
  // Fees are the requester's to pay, debts the debtor's: never staff's.
  "fee.pay": [],
  "payment.report_outside": [],
  "debt.pay": [],
  "reads.read_file": ["auditor"],
};

const globalPermissions: Record<GlobalPermission, readonly StaffRole[]> = {
  "file.open": ["clerk"],
  "file.list_all": ["clerk", "judge", "auditor", "administrator"],
  "registry.manage": ["clerk", "administrator"],
  // Staff roles and machine clients are the administrator's; powers of attorney the clerk's.
  "staff.manage": ["administrator"],
  // Conflicts of interest recorded against staff: administrators record and end them, auditors read them.
  "staff.conflicts_read": ["administrator", "auditor"],
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
  // Opening a file from a title submitted online, or rejecting it: like opening one (file.open).
  "title_submission.decide": ["clerk"],
  // One's own notices, notice language and address: any person.
  "notice.own": [],
  // The treasury's daily reconciliation; recording what the department's bank statement shows.
  "treasury.report": ["clerk", "auditor", "administrator"],
  "treasury.settle": ["clerk"],
  // One's own debts, what is held and paying them: any person (their files are found by their civil ID).
  "debts.read_own": [],
  // The action log across files, by file, actor, kind and date: the auditors' (each search is itself recorded).
  "audit.search": ["auditor"],
};

// What a machine client may do with each scope; staff permissions are never a client's.
const clientScopeFor: Partial<Record<FilePermission, MachineScope>> = {
  "file.read": "files:read",
  "procedure.request": "procedures:request",
  "procedure.waive": "procedures:waive",
  // A company's system that requests measures pays their fees too.
  "fee.pay": "procedures:request",
  "payment.report_outside": "procedures:waive",
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
  "disclosure.petition": "request",
  "document.upload": "request",
  "title_submission.submit": "request",
  "title_submission.read": "view",
  "instalment.answer": "waive",
  "fee.pay": "request",
  // Reporting a payment lowers what is owed, as a waiver ends a measure: the same scope.
  "payment.report_outside": "waive",
};

// What a debtor (in person, or through a lawyer under the debtor's mandate with the matching scope) may do.
const debtorPermissions: Partial<Record<FilePermission, MandateScope>> = {
  "dispute.file": "request",
  "instalment.propose": "request",
  "debt.pay": "request",
};

export function mandateInForce(mandate: SubjectMandate, now: Date): boolean {
  return mandate.verified && mandate.validFrom <= now && now < mandate.validUntil;
}

function isPartyInPerson(subject: Subject, party: FilePartyRef): boolean {
  return party.civilId !== null
    ? party.civilId === subject.civilId
    : party.crNumber !== null && subject.companies.includes(party.crNumber);
}

/**
 * The creditors of a file the subject acts for: in person (or for their company), or as
 * their lawyer under a mandate in force with `scope`. Staff act for nobody.
 */
export function creditorsActedFor<P extends FilePartyRef>(subject: Subject, fileId: string, parties: readonly P[], now: Date, scope: MandateScope): P[] {
  return parties.filter(
    (party) =>
      party.partyRole === "creditor" &&
      (isPartyInPerson(subject, party) || subject.mandates.some((mandate) => mandateInForce(mandate, now) && mandateCovers(mandate, fileId, party) && mandate.scopes.includes(scope))),
  );
}

/** `fileId` null: a title submitted online, before any file exists (only mandates for every file of the principal cover it). */
function mandateCovers(mandate: SubjectMandate, fileId: string | null, party: FilePartyRef): boolean {
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

export function fileAccess(subject: Subject, fileId: string | null, parties: readonly FilePartyRef[], now: Date): FileAccess {
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
  if (permission === "file.read" || permission === "document.read" || permission === "title_submission.read") {
    if (access.inPerson.size > 0) return true;
    return [...access.asLawyer.values()].some((scopes) => scopes.has("view"));
  }
  // The debtor (in person, or their lawyer with the view scope) sees who looked at their file; the creditor does not.
  if (permission === "reads.read_file") return access.inPerson.has("debtor") || (access.asLawyer.get("debtor")?.has("view") ?? false);
  // A debtor files papers on their own side too (evidence of a payment, a power of attorney).
  if (permission === "document.upload" && access.inPerson.has("debtor")) return true;
  const debtorScope = debtorPermissions[permission];
  if (debtorScope && (access.inPerson.has("debtor") || (access.asLawyer.get("debtor")?.has(debtorScope) ?? false))) return true;
  const scope = creditorPermissions[permission];
  if (!scope) return false;
  return access.inPerson.has("creditor") || (access.asLawyer.get("creditor")?.has(scope) ?? false);
}

/**
 * The department's acts on a file — deciding, assigning, reviewing, recording money,
 * attesting: a staff member may not do them where they are conflicted (duties.ts). Reading
 * is not among them (an auditor who is a party still reads).
 */
const staffActs: ReadonlySet<FilePermission> = new Set<FilePermission>([
  "procedure.decide",
  "procedure.decide_judicial",
  "ledger.record",
  "funds.transfer",
  "treasury.payout",
  "disclosure.order",
  "document.verify",
  "title_service.attest",
  "dispute.verify_bond",
  "dispute.decide",
  "instalment.order",
]);

/** Whether the permission is a staff act on the file that a conflict of interest bars. */
export function isStaffAct(permission: FilePermission): boolean {
  return staffActs.has(permission);
}

/** Throws CONFLICT_OF_INTEREST when the subject would do a staff act on a file they are conflicted on. */
export function refuseConflictedStaffAct(subject: Subject, permission: FilePermission, fileId: string, parties: readonly FilePartyRef[]): void {
  if (!isStaffAct(permission)) return;
  const conflict = conflictOnFile(subject, fileId, parties);
  if (conflict !== null) throw new DomainError("CONFLICT_OF_INTEREST", { permission, fileId, conflict });
}

/**
 * Throws unless allowed. A subject who may not even read the file is told it does not
 * exist; staff conflicted on the file may not decide, assign or review on it (CONFLICT_OF_INTEREST).
 */
export function authorizeOnFile(
  subject: Subject,
  permission: FilePermission,
  fileId: string,
  parties: readonly FilePartyRef[],
  now: Date,
): FileAccess {
  const access = fileAccess(subject, fileId, parties, now);
  if (mayOnFile(subject, permission, access)) {
    refuseConflictedStaffAct(subject, permission, fileId, parties);
    return access;
  }
  if (!mayOnFile(subject, "file.read", access)) throw new DomainError("FILE_NOT_FOUND", { fileId });
  throw new DomainError("FORBIDDEN", { permission });
}

export function mayGlobally(subject: Subject, permission: GlobalPermission): boolean {
  // Signing is a person's act on their own phone: machine clients sign with their credentials.
  if (permission === "signing.request" || permission === "notice.own" || permission === "debts.read_own") return !subject.client && subject.civilId !== "system";
  if (subject.client) return false;
  return hasStaffRole(subject, ...globalPermissions[permission]);
}

export function authorizeGlobally(subject: Subject, permission: GlobalPermission): void {
  if (!mayGlobally(subject, permission)) throw new DomainError("FORBIDDEN", { permission });
}

/**
 * Bulk requests (src/app/bulk) are a company's: submitted by a machine client of the
 * company with procedures:request, or by a person who represents the company now (who
 * names it when they represent several). Returns the company acted for. Each row is still
 * authorized on its file when it is carried out, as a single request is.
 */
export function authorizeBulkSubmission(subject: Subject, crNumber: string | undefined): string {
  if (subject.client) {
    if (!subject.client.scopes.includes("procedures:request")) throw new DomainError("FORBIDDEN", { permission: "procedure.request", scope: "procedures:request" });
    if (crNumber !== undefined && crNumber !== subject.client.crNumber) throw new DomainError("FORBIDDEN", { permission: "bulk.submit", crNumber });
    return subject.client.crNumber;
  }
  if (crNumber !== undefined) {
    if (!subject.companies.includes(crNumber)) throw new DomainError("FORBIDDEN", { permission: "bulk.submit", crNumber });
    return crNumber;
  }
  if (subject.companies.length === 0) throw new DomainError("FORBIDDEN", { permission: "bulk.submit" });
  if (subject.companies.length > 1) throw new DomainError("VALIDATION_FAILED", { field: "crNumber", reason: "you represent several companies: name one" });
  return subject.companies[0]!;
}

/** A bulk job is seen by the company's machine clients and representatives only; to anyone else it does not exist. */
export function authorizeBulkRead(subject: Subject, job: { id: string; crNumber: string }): void {
  const ofCompany = subject.client ? subject.client.crNumber === job.crNumber : subject.companies.includes(job.crNumber);
  if (!ofCompany) throw new DomainError("BULK_JOB_NOT_FOUND", { jobId: job.id });
}

/** Signing a person's bulk job is that person's act alone (others of the company may read it). */
export function authorizeBulkSigning(subject: Subject, job: { id: string; crNumber: string; submittedBy: string }): void {
  authorizeBulkRead(subject, job);
  if (subject.client || job.submittedBy !== subject.civilId) throw new DomainError("FORBIDDEN", { permission: "bulk.sign" });
}

/** The copy of the executory title is the creditor's to bring (or a clerk's to file); a debtor files only their own papers. */
export function authorizeDocumentKind(subject: Subject, access: FileAccess, kind: string): void {
  if (kind !== "executory_title_copy" || hasStaffRole(subject, ...staffFilePermissions["document.upload"])) return;
  if (access.inPerson.has("creditor") || (access.asLawyer.get("creditor")?.has("request") ?? false)) return;
  throw new DomainError("FORBIDDEN", { permission: "document.upload", kind });
}

/**
 * A title submitted online, judged on the creditors it names: a creditor in person (or for
 * their company) or their lawyer under a mandate in force for all the principal's files
 * submits it and follows it; staff read it. Someone who may not read it is told it does
 * not exist; a submission naming creditors one does not act for is refused.
 */
export function authorizeTitleSubmission(
  subject: Subject,
  permission: "title_submission.submit" | "title_submission.read",
  creditors: readonly { civilId: string | null; crNumber: string | null }[],
  now: Date,
  submissionId?: string,
): FileAccess {
  const access = fileAccess(subject, null, creditors.map((creditor) => ({ partyRole: "creditor" as const, ...creditor })), now);
  if (mayOnFile(subject, permission, access)) return access;
  if (permission === "title_submission.read") throw new DomainError("TITLE_SUBMISSION_NOT_FOUND", submissionId ? { submissionId } : {});
  throw new DomainError("FORBIDDEN", { permission });
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
  if (access?.asLawyer.has("debtor") && permission !== undefined && permission in debtorPermissions) return "lawyer";
  const granting: readonly StaffRole[] =
    permission === undefined
      ? []
      : permission in staffFilePermissions
        ? staffFilePermissions[permission as FilePermission]
        : globalPermissions[permission as GlobalPermission];
  const grant = subject.staffRoles.find((candidate) => granting.includes(candidate.role)) ?? subject.staffRoles[0];
  return grant?.role ?? "citizen";
}

/**
 * The parties of one side a subject acts for on a file, with `scope`: in person (or for a
 * company they represent), or as a lawyer whose mandate is in force, covers the file and
 * the party, and has the scope. Used where an act is one party's (a debtor's dispute, a
 * creditor's consent to instalments) and the file may have several on that side.
 */
export function partiesActedFor<P extends FilePartyRef>(subject: Subject, fileId: string, parties: readonly P[], role: "creditor" | "debtor", scope: MandateScope, now: Date): P[] {
  if (subject.client) return [];
  return parties.filter(
    (party) =>
      party.partyRole === role &&
      (isPartyInPerson(subject, party) || subject.mandates.some((mandate) => mandateInForce(mandate, now) && mandateCovers(mandate, fileId, party) && mandate.scopes.includes(scope))),
  );
}
