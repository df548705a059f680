/**
 * The treasury journal in the database: append an entry with its lines, find one by its
 * idempotency key, and read balances. Entries are only ever inserted (the app role has no
 * UPDATE or DELETE on them, and triggers refuse both).
 */
import { sql } from "kysely";
import { canonicalJson } from "../domain/audit/canonical-json.ts";
import type { AccountCode } from "../domain/treasury/accounts.ts";
import type { JournalLine } from "../domain/treasury/journal.ts";
import type { MovementKind } from "../domain/treasury/movements.ts";
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";

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
