/** Reads and writes of enforcement files and their parties, for the use cases. */
import { sql } from "kysely";
import type { FileBasis } from "./schema.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { DebtKind, ExecutoryTitle, TitleType } from "../../domain/file/title.ts";
import type { FileStatus } from "./schema.ts";

export interface FileParty {
  id: string;
  partyRole: "creditor" | "debtor";
  civilId: string | null;
  crNumber: string | null;
}

export interface LockedFile {
  id: string;
  number: string;
  status: FileStatus;
  claimTotal: bigint;
  recoveredTotal: bigint;
  parties: FileParty[];
  /** Opened on an executory title, or on a petition for a travel ban before suit with no title (Art. 297). */
  basis: FileBasis;
}

/**
 * Locks the file row for the rest of the transaction: every change to a file serializes on
 * it. Its parties come in the same statement (one round trip, on every use case).
 */
export async function lockFile(tx: Tx, fileId: string): Promise<LockedFile | undefined> {
  return (await lockFiles(tx, [fileId])).get(fileId);
}

/**
 * Locks several files in one statement, in id order (so two such transactions never wait on
 * each other in a cycle). FOR NO KEY UPDATE: it excludes every other change to the files as
 * FOR UPDATE would, but not the key-share locks PostgreSQL takes to check a foreign key, so
 * a row inserted elsewhere that refers to a file (a notice, an order) does not queue behind
 * the file's lock holder — under FOR UPDATE those waits chained into seconds
 * (docs/scaling.md, "At a steady rate the latency is lock waits").
 */
export async function lockFiles(tx: Tx, fileIds: readonly string[]): Promise<Map<string, LockedFile>> {
  if (fileIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom("enforcement_files as f")
    .select([
      "f.id",
      "f.number",
      "f.status",
      "f.claim_total",
      "f.recovered_total",
      "f.basis",
      sql<{ id: string; party_role: "creditor" | "debtor"; civil_id: string | null; cr_number: string | null }[]>`(
        SELECT coalesce(json_agg(json_build_object('id', fp.id, 'party_role', fp.party_role, 'civil_id', fp.civil_id, 'cr_number', fp.cr_number) ORDER BY fp.party_role, fp.id), '[]'::json)
        FROM file_parties fp WHERE fp.file_id = f.id)`.as("parties"),
    ])
    .where("f.id", "in", [...fileIds])
    .orderBy("f.id")
    .forNoKeyUpdate("f")
    .execute();
  return new Map(
    rows.map((file) => [
      file.id,
      {
        id: file.id,
        number: file.number,
        status: file.status,
        claimTotal: file.claim_total,
        recoveredTotal: file.recovered_total,
        basis: file.basis,
        parties: file.parties.map((row) => ({ id: row.id, partyRole: row.party_role, civilId: row.civil_id, crNumber: row.cr_number })),
      },
    ]),
  );
}

export async function fileParties(db: Db | Tx, fileId: string): Promise<FileParty[]> {
  const rows = await db
    .selectFrom("file_parties")
    .select(["id", "party_role", "civil_id", "cr_number"])
    .where("file_id", "=", fileId)
    .orderBy("party_role")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ id: row.id, partyRole: row.party_role, civilId: row.civil_id, crNumber: row.cr_number }));
}

/** A new file: its title, parties and claim items, with the ids the caller chose. */
export interface NewFile {
  id: string;
  number: string;
  claimTotal: bigint;
  openedBy: string;
  openedAt: Date;
  /** Null: a file opened for a travel ban before suit, on a provisional estimate (basis "ban_before_suit"). */
  title: (ExecutoryTitle & { id: string }) | null;
  parties: { id: string; partyRole: "creditor" | "debtor"; civilId: string | null; crNumber: string | null; payoutIban: string | null }[];
  claimItems: { id: string; kind: "principal" | "costs" | "fees" | "interest"; amount: bigint }[];
}

export async function insertFile(tx: Tx, file: NewFile): Promise<void> {
  await tx
    .insertInto("enforcement_files")
    .values({
      id: file.id,
      number: file.number,
      status: "open",
      claim_total: file.claimTotal,
      opened_by: file.openedBy,
      opened_at: file.openedAt,
      satisfied_at: null,
      updated_at: file.openedAt,
      basis: file.title === null ? "ban_before_suit" : "title",
    })
    .execute();
  if (file.title !== null) await insertTitle(tx, file.id, file.title);
  await tx
    .insertInto("file_parties")
    .values(file.parties.map((party) => ({ id: party.id, file_id: file.id, party_role: party.partyRole, civil_id: party.civilId, cr_number: party.crNumber, payout_iban: party.payoutIban })))
    .execute();
  await tx
    .insertInto("claim_items")
    .values(file.claimItems.map((item) => ({ id: item.id, file_id: file.id, title_id: file.title?.id ?? null, item_kind: item.kind, amount: item.amount })))
    .execute();
}

async function insertTitle(tx: Tx, fileId: string, title: ExecutoryTitle & { id: string }): Promise<void> {
  const file = { id: fileId, title };
  await tx
    .insertInto("executory_titles")
    .values({
      id: file.title.id,
      file_id: file.id,
      title_type: file.title.type,
      court: file.title.court,
      case_number: file.title.caseNumber,
      issued_on: file.title.issuedOn,
      is_final: file.title.isFinal,
      has_executory_formula: file.title.hasExecutoryFormula,
      grants_interest: file.title.grantsInterest,
      debt_kind: file.title.debtKind ?? "general",
      due_on: file.title.dueOn ?? null,
    })
    .execute();
}

export async function fileExists(db: Db | Tx, fileId: string): Promise<boolean> {
  const file = await db.selectFrom("enforcement_files").select("id").where("id", "=", fileId).executeTakeFirst();
  return file !== undefined;
}

/** The file's number, or undefined when there is no such file. */
export async function fileNumber(db: Db | Tx, fileId: string): Promise<string | undefined> {
  const file = await db.selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirst();
  return file?.number;
}

/** File ids by number, for the numbers that exist. */
export async function fileIdsByNumber(db: Db | Tx, numbers: readonly string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const files = await db.selectFrom("enforcement_files").select(["id", "number"]).where("number", "in", [...numbers]).execute();
  return new Map(files.map((file) => [file.number, file.id]));
}

/** The claim and what was recovered of it (the file must exist). */
export async function fileTotals(db: Db | Tx, fileId: string): Promise<{ claimTotal: bigint; recoveredTotal: bigint }> {
  const file = await db.selectFrom("enforcement_files").select(["claim_total", "recovered_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  return { claimTotal: file.claim_total, recoveredTotal: file.recovered_total };
}

/** When the file was satisfied (the file must exist). */
export async function fileSatisfiedAt(db: Db | Tx, fileId: string): Promise<Date | null> {
  const file = await db.selectFrom("enforcement_files").select("satisfied_at").where("id", "=", fileId).executeTakeFirstOrThrow();
  return file.satisfied_at;
}

/** Credits the file: what is recovered now, and — when nothing is owed any more — satisfied. */
export async function setRecovered(tx: Tx, fileId: string, change: { recoveredTotal: bigint; satisfied: boolean }, now: Date): Promise<void> {
  await tx
    .updateTable("enforcement_files")
    .set({ recovered_total: change.recoveredTotal, updated_at: now, ...(change.satisfied ? { status: "satisfied" as const, satisfied_at: now } : {}) })
    .where("id", "=", fileId)
    .execute();
}

export async function titlesOfFile(db: Db | Tx, fileId: string): Promise<ExecutoryTitle[]> {
  const rows = await db.selectFrom("executory_titles").selectAll().where("file_id", "=", fileId).execute();
  return rows.map((row) => ({
    type: row.title_type as TitleType,
    court: row.court,
    caseNumber: row.case_number,
    issuedOn: row.issued_on,
    isFinal: row.is_final,
    hasExecutoryFormula: row.has_executory_formula,
    grantsInterest: row.grants_interest,
    debtKind: row.debt_kind,
    dueOn: row.due_on,
  }));
}

/**
 * The kind of debt a file enforces (Art. 216): its titles' kind; titles of different kinds
 * count as ordinary debts (the smallest share, never a larger one by mistake).
 */
export async function debtKindOfFile(db: Db | Tx, fileId: string): Promise<DebtKind> {
  const rows = await db.selectFrom("executory_titles").select("debt_kind").where("file_id", "=", fileId).execute();
  const kinds = new Set(rows.map((row) => row.debt_kind));
  return kinds.size === 1 ? [...kinds][0]! : "general";
}

/** Whether a file was opened from this title already (court, case number and type identify it). */
export async function titleHasFile(db: Db | Tx, key: { court: string; caseNumber: string; type: string }): Promise<boolean> {
  const opened = await db
    .selectFrom("executory_titles")
    .select("id")
    .where("court", "=", key.court)
    .where("case_number", "=", key.caseNumber)
    .where("title_type", "=", key.type)
    .executeTakeFirst();
  return opened !== undefined;
}

/** The debtors of several files, with their identifiers. */
export async function debtorsOfFiles(db: Db | Tx, fileIds: readonly string[]): Promise<{ id: string; fileId: string; civilId: string | null; crNumber: string | null }[]> {
  if (fileIds.length === 0) return [];
  const rows = await db.selectFrom("file_parties").select(["id", "file_id", "civil_id", "cr_number"]).where("party_role", "=", "debtor").where("file_id", "in", [...fileIds]).execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, civilId: row.civil_id, crNumber: row.cr_number }));
}

/** The names of a debtor of the file (a person's or a company's), or undefined when the party is no debtor of it. */
export async function debtorNames(db: Db | Tx, fileId: string, partyId: string): Promise<{ nameAr: string; nameEn: string } | undefined> {
  const debtor = await db
    .selectFrom("file_parties")
    .leftJoin("persons", "persons.civil_id", "file_parties.civil_id")
    .leftJoin("companies", "companies.cr_number", "file_parties.cr_number")
    .select(["persons.name_ar as personAr", "persons.name_en as personEn", "companies.name_ar as companyAr", "companies.name_en as companyEn"])
    .where("file_parties.id", "=", partyId)
    .where("file_parties.file_id", "=", fileId)
    .where("file_parties.party_role", "=", "debtor")
    .executeTakeFirst();
  if (!debtor) return undefined;
  return { nameAr: debtor.personAr ?? debtor.companyAr ?? "", nameEn: debtor.personEn ?? debtor.companyEn ?? "" };
}

/** The file's creditors in id order, with the account each is paid out to (if given). */
export async function creditorPayoutAccounts(db: Db | Tx, fileId: string): Promise<{ partyId: string; payoutIban: string | null }[]> {
  const rows = await db.selectFrom("file_parties").select(["id", "payout_iban"]).where("file_id", "=", fileId).where("party_role", "=", "creditor").orderBy("id").execute();
  return rows.map((row) => ({ partyId: row.id, payoutIban: row.payout_iban }));
}

/**
 * The next file sequence number, drawn inside the opening transaction: the counter row stays
 * locked until it commits, and a rollback gives the number back (no gaps in the register).
 */
export async function nextFileSequence(tx: Tx): Promise<number> {
  return (await reserveFileSequences(tx, 1))[0]!;
}

/** `count` consecutive file sequence numbers, drawn like `nextFileSequence` (the bulk seed takes them by the thousand). */
export async function reserveFileSequences(db: Db | Tx, count: number): Promise<number[]> {
  const { rows } = await sql<{ last: string }>`UPDATE enforcement_file_counter SET last_value = last_value + ${count} RETURNING last_value::text AS last`.execute(db);
  const last = Number(rows[0]!.last);
  return Array.from({ length: count }, (_, index) => last - count + 1 + index);
}

/** A debtor party as agencies are told of it: identifier and names (a person or a company), and when the person's identity was last confirmed. */
export interface DebtorForAgencies {
  civilId: string | null;
  crNumber: string | null;
  nameAr: string;
  nameEn: string;
  identityConfirmedAt: Date | null;
}

export async function debtorForAgencies(tx: Tx, partyId: string): Promise<DebtorForAgencies> {
  const row = await tx
    .selectFrom("file_parties as fp")
    .leftJoin("persons as p", "p.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .select(["fp.civil_id", "fp.cr_number", "p.name_ar as person_ar", "p.name_en as person_en", "c.name_ar as company_ar", "c.name_en as company_en", "p.identity_confirmed_at"])
    .where("fp.id", "=", partyId)
    .executeTakeFirstOrThrow();
  return {
    civilId: row.civil_id,
    crNumber: row.cr_number,
    nameAr: (row.person_ar ?? row.company_ar)!,
    nameEn: (row.person_en ?? row.company_en)!,
    identityConfirmedAt: row.identity_confirmed_at,
  };
}

// The files' ledgers of recoveries and payments.

/** Whether the file's ledger already has an entry with this reference (a transfer credited once). */
export async function ledgerHasReference(tx: Tx, fileId: string, reference: string): Promise<boolean> {
  const row = await tx.selectFrom("ledger_entries").select("id").where("file_id", "=", fileId).where("reference", "=", reference).executeTakeFirst();
  return row !== undefined;
}

export interface LedgerEntry {
  id: string;
  kind: "payment" | "recovery";
  amount: bigint;
  recordedAt: Date;
}

/** The file's ledger entry with this reference, if any. */
export async function ledgerEntryByReference(tx: Tx, fileId: string, reference: string): Promise<Omit<LedgerEntry, "recordedAt"> | undefined> {
  const row = await tx.selectFrom("ledger_entries").select(["id", "amount", "entry_kind"]).where("file_id", "=", fileId).where("reference", "=", reference).executeTakeFirst();
  return row ? { id: row.id, kind: row.entry_kind, amount: row.amount } : undefined;
}

export async function insertLedgerEntry(
  tx: Tx,
  entry: { id: string; fileId: string; kind: "payment" | "recovery"; amount: bigint; source: string; reference: string; recordedBy: string; recordedAt: Date; receivedOn?: string | null; reportedLateDays?: number | null },
): Promise<void> {
  await tx
    .insertInto("ledger_entries")
    .values({
      id: entry.id,
      file_id: entry.fileId,
      entry_kind: entry.kind,
      amount: entry.amount,
      source: entry.source,
      reference: entry.reference,
      recorded_by: entry.recordedBy,
      recorded_at: entry.recordedAt,
      received_on: entry.receivedOn ?? null,
      reported_late_days: entry.reportedLateDays ?? null,
    })
    .execute();
}

/** The file's ledger entries recorded at or after `since`, in the order recorded. */
export async function ledgerEntriesSince(tx: Tx, fileId: string, since: Date): Promise<Pick<LedgerEntry, "id" | "amount" | "recordedAt">[]> {
  const rows = await tx
    .selectFrom("ledger_entries")
    .select(["id", "amount", "recorded_at"])
    .where("file_id", "=", fileId)
    .where("recorded_at", ">=", since)
    .orderBy("recorded_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ id: row.id, amount: row.amount, recordedAt: row.recorded_at }));
}

/** The sum of the file's ledger entries from these sources. */
export async function ledgerTotalFrom(db: Db | Tx, fileId: string, sources: readonly string[]): Promise<bigint> {
  const total = await db
    .selectFrom("ledger_entries")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("amount"), eb.val("0")).as("amount"))
    .where("file_id", "=", fileId)
    .where("source", "in", [...sources])
    .executeTakeFirstOrThrow();
  return BigInt(total.amount);
}

/** The file's parties with their names (a person's or a company's) and identifiers: what a release certificate names. */
export async function partiesWithNames(
  db: Db | Tx,
  fileId: string,
): Promise<{ partyRole: "creditor" | "debtor"; civilId: string | null; crNumber: string | null; nameAr: string; nameEn: string }[]> {
  const rows = await db
    .selectFrom("file_parties")
    .leftJoin("persons", "persons.civil_id", "file_parties.civil_id")
    .leftJoin("companies", "companies.cr_number", "file_parties.cr_number")
    .select(["file_parties.party_role", "file_parties.civil_id", "file_parties.cr_number", "persons.name_ar as personAr", "persons.name_en as personEn", "companies.name_ar as companyAr", "companies.name_en as companyEn"])
    .where("file_parties.file_id", "=", fileId)
    .orderBy("file_parties.party_role")
    .orderBy("file_parties.id")
    .execute();
  return rows.map((row) => ({
    partyRole: row.party_role as "creditor" | "debtor",
    civilId: row.civil_id,
    crNumber: row.cr_number,
    nameAr: row.personAr ?? row.companyAr ?? "",
    nameEn: row.personEn ?? row.companyEn ?? "",
  }));
}

/** Every credit to the file (payments and recoveries), in the order recorded. */
export async function fileCredits(db: Db | Tx, fileId: string): Promise<{ kind: "payment" | "recovery"; amount: bigint; source: string; reference: string | null; recordedAt: Date }[]> {
  const rows = await db.selectFrom("ledger_entries").select(["entry_kind", "amount", "source", "reference", "recorded_at"]).where("file_id", "=", fileId).orderBy("recorded_at").orderBy("id").execute();
  return rows.map((row) => ({ kind: row.entry_kind, amount: row.amount, source: row.source, reference: row.reference, recordedAt: row.recorded_at }));
}
