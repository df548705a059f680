/**
 * Posts one money movement to the treasury journal, inside the caller's transaction, so
 * the money event (a payment credited to a file, a fee captured, a refund) and its
 * bookkeeping commit or fail together. Idempotent by (kind, reference): posting the same
 * movement again returns the first entry; the same key with another amount or file is
 * refused (IDEMPOTENCY_CONFLICT). A movement that would draw more from a file's held
 * funds (or payables) than they hold is refused (TREASURY_FUNDS_INSUFFICIENT): the caller
 * holds the file's lock (openFileSession) whenever it takes money out of a file.
 *
 * Kinds and the entry each makes (src/domain/treasury/movements.ts):
 *   debtor_payment   Dr channel clearing          Cr funds held (file[, earmarked creditor])
 *   bank_transfer    Dr bank transfers clearing   Cr funds held (file)
 *   transfer_excess  Dr bank transfers clearing   Cr refunds payable (file)
 *   payment_excess   Dr channel clearing          Cr refunds payable (file)
 *   fee_received     Dr channel clearing          Cr fee income
 *   fee_refunded     Dr fee income                Cr channel clearing
 *   payment_refunded Dr funds held (file)         Cr channel clearing
 *   payout           Dr funds held (file)         Cr payouts payable (file, creditor)
 *   payout_paid      Dr payouts payable           Cr treasury account
 *   refund_paid      Dr refunds payable           Cr channel clearing, or treasury account
 *   settlement       Dr treasury account          Cr a clearing account
 */
import { randomUUID } from "node:crypto";
import { DomainError } from "../../domain/errors.ts";
import { naturalBalance } from "../../domain/treasury/accounts.ts";
import { journalLinesFor, type TreasuryMovement } from "../../domain/treasury/movements.ts";
import type { JournalLine } from "../../domain/treasury/journal.ts";
import type { Tx } from "../../storage/action-log.ts";
import { findJournalEntry, insertJournalEntry, subAccountTotals } from "../../storage/treasury/repository.ts";

export type { TreasuryMovement, MoneyChannel, MovementKind } from "../../domain/treasury/movements.ts";

export interface PostedMovement {
  entryId: string;
  /** True when this (kind, reference) had already been posted. */
  replayed: boolean;
}

export interface PostOptions {
  newId?: () => string;
  /** When the entry is written (defaults to the movement's occurredAt). */
  recordedAt?: Date;
}

export async function postTreasuryMovement(tx: Tx, movement: TreasuryMovement, options: PostOptions = {}): Promise<PostedMovement> {
  const lines = journalLinesFor(movement);
  const fileId = movement.fileId ?? null;
  const previous = await findJournalEntry(tx, movement.kind, movement.reference);
  if (previous) return replayOf(previous, movement, fileId);
  await assertFundsSuffice(tx, lines);
  const id = (options.newId ?? randomUUID)();
  const inserted = await insertJournalEntry(tx, {
    id,
    kind: movement.kind,
    reference: movement.reference,
    amount: movement.amount,
    fileId,
    procedureId: movement.procedureId ?? null,
    details: detailsOf(movement),
    occurredAt: movement.occurredAt,
    recordedAt: options.recordedAt ?? movement.occurredAt,
    lines,
  });
  if (inserted !== null) return { entryId: inserted, replayed: false };
  // Another transaction posted the same key between our look-up and insert.
  const raced = await findJournalEntry(tx, movement.kind, movement.reference);
  if (!raced) throw new DomainError("IDEMPOTENCY_CONFLICT", { kind: movement.kind });
  return replayOf(raced, movement, fileId);
}

function replayOf(previous: { id: string; amount: bigint; fileId: string | null }, movement: TreasuryMovement, fileId: string | null): PostedMovement {
  if (previous.amount !== movement.amount || previous.fileId !== fileId) {
    throw new DomainError("IDEMPOTENCY_CONFLICT", { kind: movement.kind });
  }
  return { entryId: previous.id, replayed: true };
}

/** A per-file liability may not go below zero: a file's creditors' money is theirs alone. */
async function assertFundsSuffice(tx: Tx, lines: readonly JournalLine[]): Promise<void> {
  for (const line of lines) {
    if (line.debit === 0n || line.fileId === null) continue;
    const totals = await subAccountTotals(tx, line.account, line.fileId, line.partyId);
    const balance = naturalBalance(line.account, totals.debits, totals.credits);
    if (balance < line.debit) {
      throw new DomainError("TREASURY_FUNDS_INSUFFICIENT", { account: line.account });
    }
  }
}

/** The kind-specific fields, kept with the entry (never civil IDs: parties are referred to by id). */
function detailsOf(movement: TreasuryMovement): Record<string, unknown> {
  const { kind: _kind, fileId: _file, procedureId: _procedure, amount: _amount, reference: _reference, occurredAt: _at, ...rest } = movement;
  return rest;
}
