/**
 * A bank transferred more than the file was owed (or transferred to a file no longer
 * open): the money is in the department's account all the same, so it is booked, and
 * owed back to the debtor as a refund payable rather than left out of the books.
 */
import type { Fils } from "../../domain/money/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import type { FileChanges } from "../file-changes.ts";
import { postTreasuryMovement } from "./post-movement.ts";

export interface TransferExcess {
  fileId: string;
  procedureId: string | null;
  orderId: string | null;
  /** The sending agency's key, e.g. "bank:NBOK". */
  agencyKey: string;
  amount: Fils;
  /** The transfer's reference as credited to the file ledger. */
  reference: string;
}

export async function bookTransferExcess(tx: Tx, changes: FileChanges, excess: TransferExcess, now: Date, newId: () => string): Promise<void> {
  if (excess.amount <= 0n) return;
  const bankCode = excess.agencyKey.startsWith("bank:") ? excess.agencyKey.slice("bank:".length) : null;
  const posted = await postTreasuryMovement(
    tx,
    { kind: "transfer_excess", fileId: excess.fileId, procedureId: excess.procedureId, orderId: excess.orderId, bankCode, amount: excess.amount, reference: `${excess.fileId}/${excess.reference}`, occurredAt: now },
    { newId },
  );
  if (posted.replayed) return;
  changes.record("treasury.transfer_excess", { procedureId: excess.procedureId ?? undefined, orderId: excess.orderId ?? undefined, payload: { treasuryEntryId: posted.entryId, amount: excess.amount } });
}
