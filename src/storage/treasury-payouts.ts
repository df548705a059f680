/** Payout instructions to creditors and their execution (table treasury_payouts). */
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";

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
