/** The files' ledgers of recoveries and payments (reads and writes for the use cases). */
import type { Tx } from "./action-log.ts";

/** Whether the file's ledger already has an entry with this reference (a transfer credited once). */
export async function ledgerHasReference(tx: Tx, fileId: string, reference: string): Promise<boolean> {
  const row = await tx.selectFrom("ledger_entries").select("id").where("file_id", "=", fileId).where("reference", "=", reference).executeTakeFirst();
  return row !== undefined;
}
