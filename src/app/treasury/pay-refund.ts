/**
 * Pays back to the debtor what the department owes them on a file (refunds payable, e.g.
 * funds a bank transferred beyond what was owed), to the IBAN the clerk gives, in full.
 * Idempotent by the clerk's reference.
 */
import { DomainError } from "../../domain/errors.ts";
import { parseIban } from "../../domain/identifiers/index.ts";
import type { Fils } from "../../domain/money/index.ts";
import { filePosition } from "../../domain/treasury/position.ts";
import { findJournalEntry, fileAccountTotals } from "../../storage/treasury/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { postTreasuryMovement } from "./post-movement.ts";

export async function payRefund(
  deps: AppDeps,
  context: UseCaseContext,
  input: { fileId: string; iban: string; reference: string },
): Promise<{ entryId: string; amount: Fils; replayed: boolean }> {
  const now = deps.clock.now();
  const iban = parseIban(input.iban);
  const reference = input.reference.trim();
  if (reference === "") throw new DomainError("VALIDATION_FAILED", { field: "reference" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "treasury.payout", now);
    const key = `refund:${file.id}:${reference}`;
    const previous = await findJournalEntry(tx, "refund_paid", key);
    if (previous) {
      if (previous.fileId !== file.id) throw new DomainError("IDEMPOTENCY_CONFLICT", { reference });
      return { entryId: previous.id, amount: previous.amount, replayed: true };
    }
    const { refundsPayable } = filePosition(await fileAccountTotals(tx, file.id));
    if (refundsPayable <= 0n) throw new DomainError("NOTHING_TO_PAY_OUT");
    const posted = await postTreasuryMovement(tx, { kind: "refund_paid", fileId: file.id, amount: refundsPayable, reference: key, occurredAt: now, iban }, { newId: deps.newId });
    changes.record("treasury.refund_paid", { payload: { amount: refundsPayable, reference, treasuryEntryId: posted.entryId } });
    await changes.commit();
    return { entryId: posted.entryId, amount: refundsPayable, replayed: false };
  });
}
