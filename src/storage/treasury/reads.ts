/** The figures the daily treasury reconciliation is judged on (src/domain/treasury/reconciliation.ts). */
import { sql } from "kysely";
import type { AccountTotals, FileFigures } from "../../domain/treasury/reconciliation.ts";
import { TREASURY_LEDGER_SOURCES, type MovementKind } from "../../domain/treasury/movements.ts";
import type { Db } from "../database.ts";


const big = (text: string | null | undefined) => BigInt(text ?? "0");

/** Totals per account of lines whose entry occurred in [from, to); from null: since the beginning. */
export async function accountTotalsBetween(db: Db, from: Date | null, to: Date): Promise<AccountTotals[]> {
  let query = db
    .selectFrom("treasury_lines as line")
    .innerJoin("treasury_entries as entry", "entry.id", "line.entry_id")
    .select(["line.account", sql<string>`sum(line.debit)::text`.as("debits"), sql<string>`sum(line.credit)::text`.as("credits")])
    .where("entry.occurred_at", "<", to)
    .groupBy("line.account");
  if (from) query = query.where("entry.occurred_at", ">=", from);
  const rows = await query.execute();
  return rows.map((row) => ({ account: row.account, debits: big(row.debits), credits: big(row.credits) }));
}

export async function movementsBetween(db: Db, from: Date, to: Date): Promise<{ kind: MovementKind; count: number; amount: bigint }[]> {
  const rows = await db
    .selectFrom("treasury_entries")
    .select(["movement_kind", sql<string>`count(*)::text`.as("count"), sql<string>`sum(amount)::text`.as("amount")])
    .where("occurred_at", ">=", from)
    .where("occurred_at", "<", to)
    .groupBy("movement_kind")
    .execute();
  return rows.map((row) => ({ kind: row.movement_kind, count: Number(row.count), amount: big(row.amount) }));
}

/** Entries up to `to` (null: all) whose lines do not balance, or that have fewer than two lines. */
export async function unbalancedEntries(db: Db, to: Date | null): Promise<string[]> {
  let query = db.selectFrom("treasury_entries as entry").leftJoin("treasury_lines as line", "line.entry_id", "entry.id").select("entry.id");
  if (to) query = query.where("entry.occurred_at", "<", to);
  const rows = await query
    .groupBy("entry.id")
    .having((eb) => eb.or([eb(sql`coalesce(sum(line.debit), 0)`, "<>", sql`coalesce(sum(line.credit), 0)`), eb(sql`count(line.line_no)`, "<", sql`2`)]))
    .execute();
  return rows.map((row) => row.id);
}

/** Every figure of each file that had a movement in [from, to), as of `to`. */
export async function fileFiguresForDay(db: Db, from: Date, to: Date): Promise<FileFigures[]> {
  const touched = await db
    .selectFrom("treasury_entries as entry")
    .innerJoin("enforcement_files as file", "file.id", "entry.file_id")
    .select(["file.id", "file.number"])
    .distinct()
    .where("entry.occurred_at", ">=", from)
    .where("entry.occurred_at", "<", to)
    .execute();
  if (touched.length === 0) return [];
  const ids = touched.map((file) => file.id);
  const [lines, credited, payouts, refunds] = await Promise.all([
    db
      .selectFrom("treasury_lines as line")
      .innerJoin("treasury_entries as entry", "entry.id", "line.entry_id")
      .select(["line.file_id", "line.account", "line.party_id", sql<string>`sum(line.debit)::text`.as("debits"), sql<string>`sum(line.credit)::text`.as("credits")])
      .where("line.file_id", "in", ids)
      .where("entry.occurred_at", "<", to)
      .groupBy(["line.file_id", "line.account", "line.party_id"])
      .execute(),
    db
      .selectFrom("ledger_entries")
      .select(["file_id", sql<string>`sum(amount)::text`.as("amount")])
      .where("file_id", "in", ids)
      .where("source", "in", [...TREASURY_LEDGER_SOURCES])
      .where("recorded_at", "<", to)
      .groupBy("file_id")
      .execute(),
    db
      .selectFrom("treasury_payouts")
      .select([
        "file_id",
        sql<string>`sum(amount)::text`.as("instructed"),
        sql<string>`coalesce(sum(amount) FILTER (WHERE paid_at < ${to}), 0)::text`.as("paid"),
      ])
      .where("file_id", "in", ids)
      .where("instructed_at", "<", to)
      .groupBy("file_id")
      .execute(),
    db
      .selectFrom("treasury_entries")
      .select(["file_id", sql<string>`sum(amount)::text`.as("amount")])
      .where("file_id", "in", ids)
      .where("movement_kind", "=", "payment_refunded")
      .where("occurred_at", "<", to)
      .groupBy("file_id")
      .execute(),
  ]);
  return touched.map((file) => ({
    fileId: file.id,
    fileNumber: file.number,
    subAccounts: lines
      .filter((row) => row.file_id === file.id)
      .map((row) => ({ account: row.account, partyId: row.party_id, debits: big(row.debits), credits: big(row.credits) })),
    creditedThroughTreasury: big(credited.find((row) => row.file_id === file.id)?.amount),
    payoutsInstructed: big(payouts.find((row) => row.file_id === file.id)?.instructed),
    payoutsPaid: big(payouts.find((row) => row.file_id === file.id)?.paid),
    paymentsRefunded: big(refunds.find((row) => row.file_id === file.id)?.amount),
  }));
}
