/**
 * A clerk (or the system) pays what a file holds out to its creditors: each creditor's
 * share by the sharing rules in force (pro rata; an Art. 298(d) deposit to its creditor),
 * to the IBAN the creditor gave. Each share becomes a payout instruction and a journal
 * entry moving it from funds held to payouts payable, in one transaction with the actions.
 * While a judge's suspension holds the file nothing is paid out (ENFORCEMENT_SUSPENDED);
 * the funds stay held until it ends.
 */
import { DomainError } from "../../domain/errors.ts";
import { parseIban } from "../../domain/identifiers/index.ts";
import type { Fils } from "../../domain/money/index.ts";
import { ruleVersionFor } from "../../domain/rules/index.ts";
import { planPayouts } from "../../domain/treasury/payout-plan.ts";
import { filePosition } from "../../domain/treasury/position.ts";
import { fileAccountTotals } from "../../storage/treasury/repository.ts";
import { creditorPayoutAccounts } from "../../storage/files/repository.ts";
import { insertPayout } from "../../storage/treasury/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { assertMoneyMayMove } from "../enforcement-holds.ts";
import { openFileSession } from "../locked-file.ts";
import { postTreasuryMovement } from "./post-movement.ts";

export interface InstructedPayout {
  payoutId: string;
  creditorPartyId: string;
  iban: string;
  amount: Fils;
}

export async function instructPayouts(deps: AppDeps, context: UseCaseContext, input: { fileId: string }): Promise<{ ruleVersion: string; payouts: InstructedPayout[] }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "treasury.payout", now);
    await assertMoneyMayMove(tx, file.id, "payout");
    const creditors = await creditorPayoutAccounts(tx, file.id);
    // Every creditor needs an account: a share kept back for one would be re-shared next time.
    const ibans = new Map<string, string>();
    for (const creditor of creditors) {
      if (!creditor.payoutIban) throw new DomainError("PAYOUT_IBAN_MISSING", { partyId: creditor.partyId });
      ibans.set(creditor.partyId, parseIban(creditor.payoutIban));
    }
    const position = filePosition(await fileAccountTotals(tx, file.id));
    if (position.held <= 0n) throw new DomainError("NOTHING_TO_PAY_OUT");
    const version = ruleVersionFor(deps.rules, now);
    // Creditors of one title with no shares stated share equally (pro rata to equal claims).
    const plan = planPayouts(
      [{ partyId: null, amount: position.heldCommon }, ...position.heldReserved],
      creditors.map((creditor) => ({ partyId: creditor.partyId, claim: 1n })),
      version.values.sharing,
    );
    if (plan.payouts.length === 0) throw new DomainError("NOTHING_TO_PAY_OUT");

    const instructed: InstructedPayout[] = [];
    for (const payout of plan.payouts) {
      const payoutId = deps.newId();
      const iban = ibans.get(payout.creditorPartyId)!;
      const reservedPart = payout.draws.filter((draw) => draw.partyId === payout.creditorPartyId).reduce((sum, draw) => sum + draw.amount, 0n);
      await insertPayout(tx, { id: payoutId, fileId: file.id, creditorPartyId: payout.creditorPartyId, iban, amount: payout.amount, reservedPart, ruleVersion: version.id, instructedBy: context.subject.civilId, instructedAt: now });
      const posted = await postTreasuryMovement(
        tx,
        { kind: "payout", fileId: file.id, amount: payout.amount, reference: `payout:${payoutId}`, occurredAt: now, creditorPartyId: payout.creditorPartyId, iban, draws: payout.draws },
        { newId: deps.newId },
      );
      changes.record("treasury.payout_instructed", {
        payload: { payoutId, creditorPartyId: payout.creditorPartyId, amount: payout.amount, reservedPart, ruleVersion: version.id, treasuryEntryId: posted.entryId },
      });
      instructed.push({ payoutId, creditorPartyId: payout.creditorPartyId, iban, amount: payout.amount });
    }
    await changes.commit();
    return { ruleVersion: version.id, payouts: instructed };
  });
}
