/** Reads and conditional writes of enforcement disputes (migration 0008). */
import { DomainError } from "../../domain/errors.ts";
import { openDisputeStatuses, type BondStatus, type DisputeStatus } from "../../domain/disputes/dispute-machine.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { DisputesTable } from "./schema.ts";

export interface StoredDispute {
  id: string;
  fileId: string;
  debtorPartyId: string;
  status: DisputeStatus;
  grounds: string;
  filedBy: string;
  filedAt: Date;
  ruleVersion: string;
  outstandingAtFiling: bigint;
  bondAmount: bigint;
  bondStatus: BondStatus;
  bondReference: string | null;
  bondDeclaredAt: Date | null;
  bondDeposited: bigint | null;
  bondPostedBy: string | null;
  bondPostedAt: Date | null;
  suspendedAt: Date | null;
  suspensionEndedAt: Date | null;
  ruledAt: Date | null;
}

const toDispute = (row: DisputesTable): StoredDispute => ({
  id: row.id,
  fileId: row.file_id,
  debtorPartyId: row.debtor_party_id,
  status: row.status,
  grounds: row.grounds,
  filedBy: row.filed_by,
  filedAt: row.filed_at,
  ruleVersion: row.rule_version,
  outstandingAtFiling: row.outstanding_at_filing,
  bondAmount: row.bond_amount,
  bondStatus: row.bond_status,
  bondReference: row.bond_reference,
  bondDeclaredAt: row.bond_declared_at,
  bondDeposited: row.bond_deposited,
  bondPostedBy: row.bond_posted_by,
  bondPostedAt: row.bond_posted_at,
  suspendedAt: row.suspended_at,
  suspensionEndedAt: row.suspension_ended_at,
  ruledAt: row.ruled_at,
});

export async function insertDispute(tx: Tx, row: DisputesTable): Promise<void> {
  await tx.insertInto("disputes").values(row).execute();
}

/** A dispute of this file (the caller holds the file's lock), or undefined. */
export async function disputeOfFile(tx: Tx, fileId: string, disputeId: string): Promise<StoredDispute | undefined> {
  const row = await tx.selectFrom("disputes").selectAll().where("id", "=", disputeId).where("file_id", "=", fileId).executeTakeFirst();
  return row ? toDispute(row) : undefined;
}

export async function disputesOfFile(db: Db | Tx, fileId: string): Promise<StoredDispute[]> {
  const rows = await db.selectFrom("disputes").selectAll().where("file_id", "=", fileId).orderBy("filed_at").orderBy("id").execute();
  return rows.map(toDispute);
}

/** The file's dispute still before the judge, if any (at most one: a unique index). */
export async function openDisputeOfFile(tx: Tx, fileId: string): Promise<StoredDispute | undefined> {
  const row = await tx.selectFrom("disputes").selectAll().where("file_id", "=", fileId).where("status", "in", [...openDisputeStatuses]).executeTakeFirst();
  return row ? toDispute(row) : undefined;
}

/** The dispute suspending the file's enforcement, if any. */
export async function suspendingDispute(tx: Tx, fileId: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom("disputes").select("id").where("file_id", "=", fileId).where("status", "=", "suspended").executeTakeFirst();
}

type DisputeUpdate = Partial<Omit<DisputesTable, "id" | "file_id">>;

/** Moves a dispute only from the status (and bond status) it was read in; anything else is a lost race. */
export async function updateDispute(tx: Tx, dispute: StoredDispute, change: DisputeUpdate, now: Date): Promise<void> {
  const result = await tx
    .updateTable("disputes")
    .set({ ...change, updated_at: now })
    .where("id", "=", dispute.id)
    .where("status", "=", dispute.status)
    .where("bond_status", "=", dispute.bondStatus)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { disputeId: dispute.id, from: dispute.status });
}
