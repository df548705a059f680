/**
 * The department's bank has executed a payout: the clerk (or the system, from the bank's
 * statement) records it with the bank's reference. The payable is settled from the
 * department's account. Recording the same bank reference again changes nothing.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Tx } from "../../storage/action-log.ts";
import { lockPayout, markPaid, payoutFileId, type StoredPayout } from "../../storage/treasury/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { postTreasuryMovement } from "./post-movement.ts";

/** An account in a notice: its bank and last four characters only. */
const maskIban = (iban: string) => `${iban.slice(0, 8)}${"*".repeat(Math.max(iban.length - 12, 0))}${iban.slice(-4)}`;

export async function markPayoutPaid(
  deps: AppDeps,
  context: UseCaseContext,
  input: { payoutId: string; bankReference: string },
): Promise<{ payout: StoredPayout; replayed: boolean }> {
  const now = deps.clock.now();
  const bankReference = input.bankReference.trim();
  if (bankReference === "") throw new DomainError("VALIDATION_FAILED", { field: "bankReference" });
  return deps.db.transaction().execute(async (tx) => {
    const fileId = await payoutFileId(tx, input.payoutId);
    if (!fileId) throw new DomainError("PAYOUT_NOT_FOUND");
    const { changes } = await openFileSession(tx, context, fileId, "treasury.payout", now);
    const payout = (await lockPayout(tx, input.payoutId))!;
    if (payout.status === "paid") {
      if (payout.bankReference === bankReference) return { payout, replayed: true };
      throw new DomainError("PAYOUT_NOT_INSTRUCTED", { status: payout.status });
    }
    const posted = await post(tx, payout, now, deps.newId);
    await markPaid(tx, payout.id, { paidBy: context.subject.civilId, paidAt: now, bankReference });
    changes.record("treasury.payout_paid", { payload: { payoutId: payout.id, amount: payout.amount, bankReference, treasuryEntryId: posted.entryId } });
    changes.sideEffect({
      topic: "notice.money_moved",
      payload: { fileId, event: "payout_paid", key: payout.id, amount: payout.amount.toString(), creditorPartyId: payout.creditorPartyId, iban: maskIban(payout.iban), reference: bankReference, at: now.toISOString() },
    });
    await changes.commit();
    return { payout: { ...payout, status: "paid", paidBy: context.subject.civilId, paidAt: now, bankReference }, replayed: false };
  });
}

function post(tx: Tx, payout: StoredPayout, now: Date, newId: () => string) {
  return postTreasuryMovement(
    tx,
    { kind: "payout_paid", fileId: payout.fileId, amount: payout.amount, reference: `payout:${payout.id}`, occurredAt: now, creditorPartyId: payout.creditorPartyId, iban: payout.iban },
    { newId },
  );
}
