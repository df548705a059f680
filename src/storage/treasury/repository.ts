/**
 * The treasury in the database. The journal: append an entry with its lines, find one by
 * its idempotency key, and read balances; then payouts to creditors and distributions of
 * proceeds among attaching creditors (below). Entries are only ever inserted (the app role has no
 * UPDATE or DELETE on them, and triggers refuse both).
 */
import { sql } from "kysely";
import { canonicalJson } from "../../domain/audit/canonical-json.ts";
import type { AccountCode } from "../../domain/treasury/accounts.ts";
import type { JournalLine } from "../../domain/treasury/journal.ts";
import type { MovementKind } from "../../domain/treasury/movements.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import { FUNDS_ATTACHING_STATUSES } from "../../domain/treasury/distribution.ts";
import type { Fils } from "../../domain/money/index.ts";

export interface NewJournalEntry {
  id: string;
  kind: MovementKind;
  reference: string;
  amount: bigint;
  fileId: string | null;
  procedureId: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  lines: readonly JournalLine[];
}

export interface StoredEntryKey {
  id: string;
  amount: bigint;
  fileId: string | null;
}

/** Inserts the entry unless (kind, reference) is already there; returns null when it was. */
export async function insertJournalEntry(tx: Tx, entry: NewJournalEntry): Promise<string | null> {
  const inserted = await tx
    .insertInto("treasury_entries")
    .values({
      id: entry.id,
      movement_kind: entry.kind,
      reference: entry.reference,
      amount: entry.amount,
      file_id: entry.fileId,
      procedure_id: entry.procedureId,
      details: canonicalJson(entry.details),
      occurred_at: entry.occurredAt,
      recorded_at: entry.recordedAt,
    })
    .onConflict((conflict) => conflict.columns(["movement_kind", "reference"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return null;
  await tx
    .insertInto("treasury_lines")
    .values(
      entry.lines.map((line, index) => ({
        entry_id: entry.id,
        line_no: index + 1,
        account: line.account,
        file_id: line.fileId,
        party_id: line.partyId,
        debit: line.debit,
        credit: line.credit,
      })),
    )
    .execute();
  return entry.id;
}

export async function findJournalEntry(tx: Tx | Db, kind: MovementKind, reference: string): Promise<StoredEntryKey | undefined> {
  const row = await tx
    .selectFrom("treasury_entries")
    .select(["id", "amount", "file_id"])
    .where("movement_kind", "=", kind)
    .where("reference", "=", reference)
    .executeTakeFirst();
  return row ? { id: row.id, amount: row.amount, fileId: row.file_id } : undefined;
}

/** Debits and credits of one sub-account (a per-file account, optionally one creditor's part). */
export async function subAccountTotals(
  tx: Tx | Db,
  account: AccountCode,
  fileId: string | null,
  partyId: string | null,
): Promise<{ debits: bigint; credits: bigint }> {
  let query = tx
    .selectFrom("treasury_lines")
    .select([sql<string>`coalesce(sum(debit), 0)::text`.as("debits"), sql<string>`coalesce(sum(credit), 0)::text`.as("credits")])
    .where("account", "=", account);
  query = fileId === null ? query.where("file_id", "is", null) : query.where("file_id", "=", fileId);
  query = partyId === null ? query.where("party_id", "is", null) : query.where("party_id", "=", partyId);
  const row = await query.executeTakeFirstOrThrow();
  return { debits: BigInt(row.debits), credits: BigInt(row.credits) };
}

export interface FileAccountBalanceRow {
  account: AccountCode;
  partyId: string | null;
  debits: bigint;
  credits: bigint;
}

/** Every per-file sub-account of a file, with its totals. */
export async function fileAccountTotals(tx: Tx | Db, fileId: string): Promise<FileAccountBalanceRow[]> {
  const rows = await tx
    .selectFrom("treasury_lines")
    .select(["account", "party_id", sql<string>`sum(debit)::text`.as("debits"), sql<string>`sum(credit)::text`.as("credits")])
    .where("file_id", "=", fileId)
    .groupBy(["account", "party_id"])
    .execute();
  return rows.map((row) => ({ account: row.account, partyId: row.party_id, debits: BigInt(row.debits), credits: BigInt(row.credits) }));
}

/**
 * What was deposited on a file for each creditor alone (Art. 298(d)): the debtor's payments
 * earmarked for them, less any such payment refunded, by creditor (file party id).
 */
export async function earmarkedDepositsOfFile(tx: Tx | Db, fileId: string): Promise<Map<string, bigint>> {
  const rows = await tx
    .selectFrom("treasury_lines as line")
    .innerJoin("treasury_entries as entry", "entry.id", "line.entry_id")
    .select(["line.party_id", sql<string>`sum(line.credit - line.debit)::text`.as("net")])
    .where("line.file_id", "=", fileId)
    .where("line.account", "=", "funds_held")
    .where("line.party_id", "is not", null)
    .where("entry.movement_kind", "in", ["debtor_payment", "payment_refunded"])
    .groupBy("line.party_id")
    .execute();
  return new Map(rows.map((row) => [row.party_id!, BigInt(row.net)]));
}

// Payout instructions to creditors and their execution (table treasury_payouts).

export interface StoredPayout {
  id: string;
  fileId: string;
  creditorPartyId: string;
  iban: string;
  amount: bigint;
  status: "instructed" | "paid";
  ruleVersion: string;
  instructedBy: string;
  instructedAt: Date;
  paidBy: string | null;
  paidAt: Date | null;
  bankReference: string | null;
}

type Row = {
  id: string;
  file_id: string;
  creditor_party_id: string;
  iban: string;
  amount: bigint;
  status: "instructed" | "paid";
  rule_version: string;
  instructed_by: string;
  instructed_at: Date;
  paid_by: string | null;
  paid_at: Date | null;
  bank_reference: string | null;
};

const columns = ["id", "file_id", "creditor_party_id", "iban", "amount", "status", "rule_version", "instructed_by", "instructed_at", "paid_by", "paid_at", "bank_reference"] as const;

function fromRow(row: Row): StoredPayout {
  return {
    id: row.id,
    fileId: row.file_id,
    creditorPartyId: row.creditor_party_id,
    iban: row.iban,
    amount: row.amount,
    status: row.status,
    ruleVersion: row.rule_version,
    instructedBy: row.instructed_by,
    instructedAt: row.instructed_at,
    paidBy: row.paid_by,
    paidAt: row.paid_at,
    bankReference: row.bank_reference,
  };
}

export async function insertPayout(
  tx: Tx,
  payout: { id: string; fileId: string; creditorPartyId: string; iban: string; amount: bigint; reservedPart: bigint; ruleVersion: string; instructedBy: string; instructedAt: Date },
): Promise<void> {
  await tx
    .insertInto("treasury_payouts")
    .values({
      id: payout.id,
      file_id: payout.fileId,
      creditor_party_id: payout.creditorPartyId,
      iban: payout.iban,
      amount: payout.amount,
      reserved_part: payout.reservedPart,
      status: "instructed",
      rule_version: payout.ruleVersion,
      instructed_by: payout.instructedBy,
      instructed_at: payout.instructedAt,
      paid_by: null,
      paid_at: null,
      bank_reference: null,
    })
    .execute();
}

/** Which file a payout belongs to (to lock the file before the payout). */
export async function payoutFileId(tx: Tx, payoutId: string): Promise<string | undefined> {
  const row = await tx.selectFrom("treasury_payouts").select("file_id").where("id", "=", payoutId).executeTakeFirst();
  return row?.file_id;
}

export async function lockPayout(tx: Tx, payoutId: string): Promise<StoredPayout | undefined> {
  const row = await tx.selectFrom("treasury_payouts").select(columns).where("id", "=", payoutId).forUpdate().executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function markPaid(tx: Tx, payoutId: string, paid: { paidBy: string; paidAt: Date; bankReference: string }): Promise<void> {
  await tx
    .updateTable("treasury_payouts")
    .set({ status: "paid", paid_by: paid.paidBy, paid_at: paid.paidAt, bank_reference: paid.bankReference })
    .where("id", "=", payoutId)
    .where("status", "=", "instructed")
    .execute();
}

export async function payoutsOfFile(db: Tx | Db, fileId: string): Promise<StoredPayout[]> {
  const rows = await db.selectFrom("treasury_payouts").select(columns).where("file_id", "=", fileId).orderBy("instructed_at").orderBy("id").execute();
  return rows.map(fromRow);
}

// Distributions of enforcement proceeds among a debtor's attaching creditors (migration
// 0015): the record of each transfer held for sharing, and each participating file's share.

export interface PendingDistribution {
  id: string;
  sourceFileId: string;
  sourceOrderId: string | null;
  reference: string;
  amount: Fils;
  ruleVersion: string;
  receivedAt: Date;
}

export interface StoredDistribution extends PendingDistribution {
  status: "pending" | "distributed";
  excess: Fils | null;
  distributedAt: Date | null;
  shares: { fileId: string; fileNumber: string; outstanding: Fils; amount: Fils }[];
}

/**
 * The other open files against any debtor of `fileId` (same civil ID or commercial
 * registration) whose bank attachment has reached the banks and not ended: the creditors
 * who attach the same funds. Served by file_parties_civil_id / _cr_number and procedures_file.
 */
export async function otherFilesAttachingDebtorFunds(tx: Tx | Db, fileId: string): Promise<string[]> {
  const rows = await sql<{ file_id: string }>`
    SELECT DISTINCT other.file_id
    FROM file_parties mine
    JOIN file_parties other
      ON other.party_role = 'debtor'
     AND other.file_id <> mine.file_id
     AND (other.civil_id = mine.civil_id OR other.cr_number = mine.cr_number)
    JOIN enforcement_files f ON f.id = other.file_id AND f.status = 'open' AND f.claim_total > f.recovered_total
    WHERE mine.file_id = ${fileId} AND mine.party_role = 'debtor'
      AND EXISTS (
        SELECT 1 FROM procedures p
        WHERE p.file_id = other.file_id AND p.procedure_kind = 'bank_attachment'
          AND p.status IN (${sql.join(FUNDS_ATTACHING_STATUSES.map((status) => sql`${status}`))}))
    ORDER BY other.file_id`.execute(tx);
  return rows.rows.map((row) => row.file_id);
}

export async function findDistributionByReference(tx: Tx, reference: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom("treasury_distributions").select("id").where("reference", "=", reference).executeTakeFirst();
}

export async function insertDistribution(tx: Tx, distribution: PendingDistribution): Promise<void> {
  await tx
    .insertInto("treasury_distributions")
    .values({
      id: distribution.id,
      source_file_id: distribution.sourceFileId,
      source_order_id: distribution.sourceOrderId,
      reference: distribution.reference,
      amount: distribution.amount,
      rule_version: distribution.ruleVersion,
      status: "pending",
      received_at: distribution.receivedAt,
    })
    .execute();
}

/** Locks a distribution still waiting to be shared; undefined once shared (a repeat does nothing). */
export async function lockPendingDistribution(tx: Tx, id: string): Promise<PendingDistribution | undefined> {
  const row = await tx.selectFrom("treasury_distributions").selectAll().where("id", "=", id).where("status", "=", "pending").forUpdate().executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, sourceFileId: row.source_file_id, sourceOrderId: row.source_order_id, reference: row.reference, amount: row.amount, ruleVersion: row.rule_version, receivedAt: row.received_at };
}

export async function completeDistribution(
  tx: Tx,
  id: string,
  shares: readonly { fileId: string; outstanding: Fils; amount: Fils; ledgerEntryId: string | null }[],
  excess: Fils,
  now: Date,
): Promise<void> {
  if (shares.length > 0) {
    await tx
      .insertInto("treasury_distribution_shares")
      .values(shares.map((share) => ({ distribution_id: id, file_id: share.fileId, outstanding: share.outstanding, amount: share.amount, ledger_entry_id: share.ledgerEntryId })))
      .execute();
  }
  await tx.updateTable("treasury_distributions").set({ status: "distributed", excess, distributed_at: now }).where("id", "=", id).execute();
}

/** Distributions a file took part in (as the file the funds were transferred on, or as a sharer), newest first. */
export async function distributionsOfFile(tx: Tx | Db, fileId: string): Promise<StoredDistribution[]> {
  const rows = await tx
    .selectFrom("treasury_distributions as d")
    .selectAll("d")
    .where((eb) => eb.or([eb("d.source_file_id", "=", fileId), eb.exists(eb.selectFrom("treasury_distribution_shares as s").select("s.file_id").whereRef("s.distribution_id", "=", "d.id").where("s.file_id", "=", fileId))]))
    .orderBy("d.received_at", "desc")
    .orderBy("d.id")
    .limit(200)
    .execute();
  if (rows.length === 0) return [];
  const shares = await tx
    .selectFrom("treasury_distribution_shares as s")
    .innerJoin("enforcement_files as f", "f.id", "s.file_id")
    .select(["s.distribution_id", "s.file_id", "f.number", "s.outstanding", "s.amount"])
    .where("s.distribution_id", "in", rows.map((row) => row.id))
    .orderBy("f.number")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    sourceFileId: row.source_file_id,
    sourceOrderId: row.source_order_id,
    reference: row.reference,
    amount: row.amount,
    ruleVersion: row.rule_version,
    receivedAt: row.received_at,
    status: row.status,
    excess: row.excess,
    distributedAt: row.distributed_at,
    shares: shares.filter((share) => share.distribution_id === row.id).map((share) => ({ fileId: share.file_id, fileNumber: share.number, outstanding: share.outstanding, amount: share.amount })),
  }));
}
