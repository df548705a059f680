/**
 * Read models of files: the list a subject may see (one query, keyset-paginated, with
 * party names and procedure counts) and the full file page (a handful of queries, none
 * per row).
 */
import { sql, type Expression, type SqlBool } from "kysely";
import type { Subject } from "../../domain/access/subject.ts";
import type { Db } from "../database.ts";
import { checksOfFile } from "../review/repository.ts";

export interface FileListFilter {
  /** File number, case number, or part of a party's name. */
  search?: string;
  status?: "open" | "satisfied" | "closed";
  /** Keyset cursor: the last row of the previous page. */
  after?: { openedAt: Date; id: string };
  limit: number;
}

export interface FileListRow {
  id: string;
  number: string;
  status: "open" | "satisfied" | "closed";
  claimTotal: bigint;
  recoveredTotal: bigint;
  openedAt: Date;
  /** Null: a file opened for a travel ban before suit, with no title yet (Art. 297). */
  caseNumber: string | null;
  court: string | null;
  creditors: { nameAr: string; nameEn: string }[];
  debtors: { nameAr: string; nameEn: string }[];
  activeProcedures: number;
}

/** Files visible to a non-staff subject: as a party, for a company, or under a mandate in force. */
function visibleTo(subject: Subject, now: Date) {
  return (eb: any): Expression<SqlBool> => {
    const companies = subject.companies.length > 0 ? subject.companies : ["-"];
    const mandates = subject.mandates.filter(
      (mandate) => mandate.verified && mandate.validFrom <= now && now < mandate.validUntil && mandate.scopes.includes("view"),
    );
    const viaParty = eb.exists(
      eb
        .selectFrom("file_parties as fp")
        .select(sql`1`.as("one"))
        .whereRef("fp.file_id", "=", "f.id")
        .where((inner: any) =>
          inner.or([
            inner("fp.civil_id", "=", subject.civilId),
            inner("fp.cr_number", "in", companies),
            ...mandates.map((mandate) =>
              inner.and([
                mandate.principalCivilId !== null
                  ? inner("fp.civil_id", "=", mandate.principalCivilId)
                  : inner("fp.cr_number", "=", mandate.principalCrNumber),
                ...(mandate.fileId !== null ? [inner("fp.file_id", "=", mandate.fileId)] : []),
              ]),
            ),
          ]),
        ),
    );
    return viaParty;
  };
}

/** Up to this many matches are looked up by id; a broader search (a creditor's own name) stays one query. */
const SEARCH_MATCHES_BY_ID = 2000;

/**
 * Files whose number or case number is the text, or with a party whose name contains it:
 * each branch an index (the file number, the case number, the names' trigram indexes of
 * migration 0016).
 */
function matchingFiles(db: Db, search: string) {
  const pattern = `%${search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
  return db
    .selectFrom("enforcement_files as sf")
    .select("sf.id as file_id")
    .where("sf.number", "=", search)
    .union(db.selectFrom("executory_titles as st").select("st.file_id").where("st.case_number", "=", search))
    .union(
      db
        .selectFrom("file_parties as sp")
        .innerJoin("persons as spp", "spp.civil_id", "sp.civil_id")
        .select("sp.file_id")
        .where((inner) => inner.or([inner("spp.name_ar", "ilike", pattern), inner("spp.name_en", "ilike", pattern)])),
    )
    .union(
      db
        .selectFrom("file_parties as sp")
        .innerJoin("companies as spc", "spc.cr_number", "sp.cr_number")
        .select("sp.file_id")
        .where((inner) => inner.or([inner("spc.name_ar", "ilike", pattern), inner("spc.name_en", "ilike", pattern)])),
    );
}

async function filesMatching(db: Db, search: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom(matchingFiles(db, search).as("m")).select("m.file_id").limit(limit).execute();
  return rows.map((row) => row.file_id);
}

export async function listFiles(db: Db, subject: Subject, seesAll: boolean, filter: FileListFilter, now: Date): Promise<FileListRow[]> {
  let query = db
    .selectFrom("enforcement_files as f")
    // A file opened for a ban before suit has no title (Art. 297): it is listed too.
    .leftJoin("executory_titles as t", "t.file_id", "f.id")
    .select([
      "f.id",
      "f.number",
      "f.status",
      "f.claim_total",
      "f.recovered_total",
      "f.opened_at",
      "t.case_number",
      "t.court",
      sql<{ role: string; name_ar: string; name_en: string }[]>`(
        SELECT coalesce(json_agg(json_build_object('role', fp.party_role, 'name_ar', coalesce(p.name_ar, c.name_ar), 'name_en', coalesce(p.name_en, c.name_en)) ORDER BY fp.party_role, fp.id), '[]'::json)
        FROM file_parties fp
        LEFT JOIN persons p ON p.civil_id = fp.civil_id
        LEFT JOIN companies c ON c.cr_number = fp.cr_number
        WHERE fp.file_id = f.id)`.as("parties"),
      sql<bigint>`(SELECT count(*) FROM procedures pr WHERE pr.file_id = f.id AND pr.status IN ('ordered', 'dispatched', 'in_force', 'lifting'))`.as("active_procedures"),
    ]);
  if (!seesAll) query = query.where(visibleTo(subject, now));
  if (filter.status) query = query.where("f.status", "=", filter.status);
  if (filter.search) {
    // The matching files first, then the caller's among them. One query planned as a whole
    // guessed the company-name branch would match hundreds of thousands and walked all of a
    // creditor's files (1 s at a million files); the ids, once known, make it index lookups.
    const matches = await filesMatching(db, filter.search, SEARCH_MATCHES_BY_ID + 1);
    if (matches.length === 0) return [];
    query = query.where("f.id", "in", matches.length <= SEARCH_MATCHES_BY_ID ? matches : matchingFiles(db, filter.search));
  }
  if (filter.after) {
    const { openedAt, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb("f.opened_at", "<", openedAt), eb.and([eb("f.opened_at", "=", openedAt), eb("f.id", "<", id)])]),
    );
  }
  const rows = await query.orderBy("f.opened_at", "desc").orderBy("f.id", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    claimTotal: row.claim_total,
    recoveredTotal: row.recovered_total,
    openedAt: row.opened_at,
    caseNumber: row.case_number,
    court: row.court,
    creditors: row.parties.filter((party) => party.role === "creditor").map((party) => ({ nameAr: party.name_ar, nameEn: party.name_en })),
    debtors: row.parties.filter((party) => party.role === "debtor").map((party) => ({ nameAr: party.name_ar, nameEn: party.name_en })),
    activeProcedures: Number(row.active_procedures),
  }));
}

export async function fileDetail(db: Db, fileId: string) {
  // All at once: on PostgreSQL's pool one round trip's wait instead of three (PGlite runs them in turn).
  const [file, titles, parties, claimItems, ledger, procedures, orders, timeline, checks] = await Promise.all([
    db.selectFrom("enforcement_files").selectAll().where("id", "=", fileId).executeTakeFirst(),
    db.selectFrom("executory_titles").selectAll().where("file_id", "=", fileId).execute(),
    db
      .selectFrom("file_parties as fp")
      .leftJoin("persons as p", "p.civil_id", "fp.civil_id")
      .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
      .select(["fp.id", "fp.party_role", "fp.civil_id", "fp.cr_number", "p.name_ar as person_ar", "p.name_en as person_en", "c.name_ar as company_ar", "c.name_en as company_en"])
      .where("fp.file_id", "=", fileId)
      .orderBy("fp.party_role")
      .orderBy("fp.id")
      .execute(),
    db.selectFrom("claim_items").select(["item_kind", "amount"]).where("file_id", "=", fileId).execute(),
    db.selectFrom("ledger_entries").selectAll().where("file_id", "=", fileId).orderBy("recorded_at").execute(),
    db.selectFrom("procedures").selectAll().where("file_id", "=", fileId).orderBy("requested_at").orderBy("id").execute(),
    db.selectFrom("agency_orders").selectAll().where("file_id", "=", fileId).orderBy("agency_key").execute(),
    db
      .selectFrom("actions")
      .select(["seq", "occurred_at", "actor_role", "action_kind", "procedure_id", "order_id", "reason", "payload"])
      .where("stream", "=", `file:${fileId}`)
      .orderBy("seq")
      .execute(),
    // The automatic checks on each request, with the rule version that judged it.
    checksOfFile(db, fileId),
  ]);
  if (!file) return undefined;
  return { file, titles, parties, claimItems, ledger, procedures, orders, timeline, checks };
}

// The debtor's side, read in a few queries: the files where a person (or a company they
// represent) is a debtor, what each still owes, and what every agency holds under it —
// funds per bank, vehicles flagged by traffic, a ban registered at the ports.

export interface DebtorFileRow {
  fileId: string;
  number: string;
  status: "open" | "satisfied" | "closed";
  claimTotal: bigint;
  recoveredTotal: bigint;
  debtorPartyId: string;
  creditors: { nameAr: string; nameEn: string }[];
}

export interface HoldingRow {
  fileId: string;
  procedureId: string;
  procedureKind: "bank_attachment" | "vehicle_seizure" | "travel_ban";
  procedureStatus: string;
  orderId: string;
  agencyKey: string;
  orderStatus: string;
  amountHeld: bigint;
  details: unknown;
  updatedAt: Date;
}

export interface PendingPaymentRow {
  fileId: string;
  paymentId: string;
  amount: bigint;
  initiatedAt: Date;
  paymentPageUrl: string | null;
}

/** Orders under which an agency holds, or may hold, something of the debtor's. */
const holdingStatuses = ["sent", "acknowledged", "executed", "nothing_found", "lift_requested", "lift_sent"];

export interface DebtorFilesFilter {
  /** A file number: just that file. */
  search?: string;
  /** Keyset cursor: the last row of the previous page. */
  after?: { openedAt: Date; id: string };
  limit: number;
}

/** The files where this person (or a company they represent) is a debtor, newest first, one page. */
export async function filesOfDebtor(db: Db, civilId: string, companies: readonly string[], filter: DebtorFilesFilter): Promise<(DebtorFileRow & { openedAt: Date })[]> {
  let query = db
    .selectFrom("file_parties as fp")
    .innerJoin("enforcement_files as f", "f.id", "fp.file_id")
    .select(["f.id", "f.number", "f.status", "f.claim_total", "f.recovered_total", "f.opened_at", "fp.id as party_id"])
    .where("fp.party_role", "=", "debtor")
    .where((eb) => eb.or([eb("fp.civil_id", "=", civilId), ...(companies.length > 0 ? [eb("fp.cr_number", "in", [...companies])] : [])]));
  if (filter.search) query = query.where("f.number", "=", filter.search);
  if (filter.after) {
    const { openedAt, id } = filter.after;
    query = query.where((eb) => eb.or([eb("f.opened_at", "<", openedAt), eb.and([eb("f.opened_at", "=", openedAt), eb("f.id", "<", id)])]));
  }
  const rows = await query.orderBy("f.opened_at", "desc").orderBy("f.id", "desc").limit(filter.limit).execute();
  if (rows.length === 0) return [];
  const creditors = await db
    .selectFrom("file_parties as fp")
    .leftJoin("persons as p", "p.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .select(["fp.file_id", "p.name_ar as person_ar", "p.name_en as person_en", "c.name_ar as company_ar", "c.name_en as company_en"])
    .where("fp.party_role", "=", "creditor")
    .where("fp.file_id", "in", rows.map((row) => row.id))
    .orderBy("fp.id")
    .execute();
  return rows.map((row) => ({
    fileId: row.id,
    number: row.number,
    status: row.status,
    claimTotal: row.claim_total,
    recoveredTotal: row.recovered_total,
    debtorPartyId: row.party_id,
    openedAt: row.opened_at,
    creditors: creditors
      .filter((creditor) => creditor.file_id === row.id)
      .map((creditor) => ({ nameAr: (creditor.person_ar ?? creditor.company_ar)!, nameEn: (creditor.person_en ?? creditor.company_en)! })),
  }));
}

/** What agencies hold against these debtor parties, order by order. */
export async function holdingsOf(db: Db, debtorPartyIds: readonly string[]): Promise<HoldingRow[]> {
  if (debtorPartyIds.length === 0) return [];
  const rows = await db
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select(["o.file_id", "p.id as procedure_id", "p.procedure_kind", "p.status as procedure_status", "o.id as order_id", "o.agency_key", "o.status as order_status", "o.amount_held", "o.details", "o.updated_at"])
    .where("p.debtor_party_id", "in", [...debtorPartyIds])
    .where("o.status", "in", holdingStatuses)
    .orderBy("o.file_id")
    .orderBy("o.agency_key")
    .execute();
  return rows.map((row) => ({
    fileId: row.file_id,
    procedureId: row.procedure_id,
    procedureKind: row.procedure_kind,
    procedureStatus: row.procedure_status,
    orderId: row.order_id,
    agencyKey: row.agency_key,
    orderStatus: row.order_status,
    amountHeld: row.amount_held,
    details: row.details,
    updatedAt: row.updated_at,
  }));
}

export async function pendingPaymentsOf(db: Db, payer: string, fileIds: readonly string[]): Promise<PendingPaymentRow[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom("payments")
    .select(["file_id", "id", "amount", "initiated_at", "payment_page_url"])
    .where("purpose", "=", "debt")
    .where("payer", "=", payer)
    .where("status", "=", "pending")
    .where("file_id", "in", [...fileIds])
    .orderBy("initiated_at")
    .execute();
  return rows.map((row) => ({ fileId: row.file_id, paymentId: row.id, amount: row.amount, initiatedAt: row.initiated_at, paymentPageUrl: row.payment_page_url }));
}

export interface OutsidePaymentRow {
  fileId: string;
  entryId: string;
  amount: bigint;
  source: "reported_by_creditor" | "reported_by_debtor";
  receivedOn: string | null;
  recordedAt: Date;
  /** Art. 298(b): a creditor's report this many days after its week; null when in time or not checked. */
  reportedLateDays: number | null;
}

/** Payments made outside the department and reported on these files (by the creditor or the debtor), oldest first. */
export async function outsidePaymentsOf(db: Db, fileIds: readonly string[]): Promise<OutsidePaymentRow[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom("ledger_entries")
    .select(["file_id", "id", "amount", "source", "received_on", "recorded_at", "reported_late_days"])
    .where("file_id", "in", [...fileIds])
    .where("source", "in", ["reported_by_creditor", "reported_by_debtor"])
    // The most recently received first; reports of the same day in the order they were made.
    .orderBy("received_on", "desc")
    .orderBy("recorded_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    fileId: row.file_id,
    entryId: row.id,
    amount: row.amount,
    source: row.source as OutsidePaymentRow["source"],
    receivedOn: row.received_on,
    recordedAt: row.recorded_at,
    reportedLateDays: row.reported_late_days,
  }));
}
