/**
 * Distributions of enforcement proceeds among a debtor's attaching creditors (migration
 * 0015): the record of each transfer held for sharing, and each participating file's share.
 */
import { sql } from "kysely";
import { FUNDS_ATTACHING_STATUSES } from "../domain/treasury/distribution.ts";
import type { Fils } from "../domain/money/index.ts";
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";

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
