/**
 * The treasury side of a payment or recovery credited to a file (creditFile): money that
 * came through the department is held for the file's creditors; a payment the creditor or
 * debtor reports as made directly between them moved no money here and posts nothing.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Fils } from "../../domain/money/index.ts";
import { channelOfLedgerSource, OUTSIDE_LEDGER_SOURCES } from "../../domain/treasury/movements.ts";
import type { Tx } from "../../storage/action-log.ts";
import { postTreasuryMovement, type PostedMovement } from "./post-movement.ts";

export interface FileCredit {
  fileId: string;
  ledgerEntryId: string;
  amount: Fils;
  source: string;
  /** The ledger entry's reference (unique per file). */
  reference: string;
  /** Who recorded it: a civil ID, "system", or an agency key such as "bank:NBOK". */
  recordedBy: string;
  procedureId?: string | null;
  orderId?: string | null;
  /** Art. 298(d): a deposit reserved to this creditor (file party id). */
  earmarkedFor?: string | null;
  /** A share of proceeds received on another file of the same debtor: that file (source shared_recovery). */
  distributionSourceFileId?: string | null;
}

// Payments made outside the department, reported to it: no money reached the treasury.
const OUTSIDE_SOURCES: ReadonlySet<string> = new Set(OUTSIDE_LEDGER_SOURCES);

export async function postFileCredit(tx: Tx, credit: FileCredit, now: Date, newId?: () => string): Promise<PostedMovement | null> {
  if (OUTSIDE_SOURCES.has(credit.source)) {
    // A deposit is earmarked in the department's hands; money it never held cannot be.
    if (credit.earmarkedFor) throw new DomainError("VALIDATION_FAILED", { field: "earmarkedFor", reason: "paidOutside" });
    return null;
  }
  const channel = channelOfLedgerSource(credit.source);
  // An unknown source must be classified here, never silently left out of the books.
  if (channel === null) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "unknownSource", source: credit.source });
  const base = {
    fileId: credit.fileId,
    procedureId: credit.procedureId ?? null,
    amount: credit.amount,
    // Ledger references are unique per file; the journal's key is global.
    reference: `${credit.fileId}/${credit.reference}`,
    occurredAt: now,
    ledgerEntryId: credit.ledgerEntryId,
  };
  if (channel === "shared_proceeds") {
    if (!credit.distributionSourceFileId) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "distributionSource" });
    return postTreasuryMovement(tx, { ...base, kind: "proceeds_shared", sourceFileId: credit.distributionSourceFileId }, { newId });
  }
  if (channel === "frozen_funds") {
    const bankCode = credit.recordedBy.startsWith("bank:") ? credit.recordedBy.slice("bank:".length) : null;
    return postTreasuryMovement(tx, { ...base, kind: "bank_transfer", bankCode, orderId: credit.orderId ?? null }, { newId });
  }
  return postTreasuryMovement(tx, { ...base, kind: "debtor_payment", channel, earmarkedFor: credit.earmarkedFor ?? null }, { newId });
}
