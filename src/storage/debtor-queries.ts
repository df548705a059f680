/**
 * The debtor's side, read in a few queries: the files where a person (or a company they
 * represent) is a debtor, what each still owes, and what every agency holds under it —
 * funds per bank, vehicles flagged by traffic, a ban registered at the ports.
 */
import type { Db } from "./database.ts";

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
