/**
 * A clerk records what the department's bank statement shows arriving from a clearing
 * account: the gateway's settlement of card payments, banks' transfers, or cash paid in.
 * Money moves from the clearing account to the department's account. Idempotent by the
 * statement line's reference; logged on the treasury's own action stream.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Fils } from "../../domain/money/index.ts";
import type { ClearingAccount } from "../../domain/treasury/movements.ts";
import { naturalBalance } from "../../domain/treasury/accounts.ts";
import { appendActions } from "../../storage/action-log.ts";
import { findJournalEntry, subAccountTotals } from "../../storage/treasury/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { postTreasuryMovement } from "./post-movement.ts";

export const TREASURY_STREAM = "treasury";

export async function recordSettlement(
  deps: AppDeps,
  context: UseCaseContext,
  input: { from: ClearingAccount; amount: Fils; reference: string },
): Promise<{ entryId: string; replayed: boolean }> {
  authorizeGlobally(context.subject, "treasury.settle");
  const now = deps.clock.now();
  const reference = input.reference.trim();
  if (reference === "") throw new DomainError("VALIDATION_FAILED", { field: "reference" });
  if (input.amount <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "amount" });
  return deps.db.transaction().execute(async (tx) => {
    // The statement cannot show more than went into the clearing account (a replay is answered as before).
    if (!(await findJournalEntry(tx, "settlement", reference))) {
      const totals = await subAccountTotals(tx, input.from, null, null);
      if (naturalBalance(input.from, totals.debits, totals.credits) < input.amount) throw new DomainError("TREASURY_FUNDS_INSUFFICIENT", { account: input.from });
    }
    const posted = await postTreasuryMovement(tx, { kind: "settlement", from: input.from, amount: input.amount, reference, occurredAt: now }, { newId: deps.newId });
    if (!posted.replayed) {
      await appendActions(tx, [
        {
          stream: TREASURY_STREAM,
          actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "treasury.settle") },
          kind: "treasury.settlement",
          payload: { from: input.from, amount: input.amount, reference, treasuryEntryId: posted.entryId },
          correlationId: context.correlationId,
          occurredAt: now,
        },
      ]);
    }
    return posted;
  });
}
