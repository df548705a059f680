/**
 * A clerk verifies a dispute's bond against the department's records: the deposit the
 * debtor declared was received (or one made at the cashier, by its receipt), for at least
 * the bond — then the bond is posted; or the declared deposit is not found, and the bond
 * is required again. The payment gateway is not involved: this is the clerk's check.
 */
import { DomainError } from "../../domain/errors.ts";
import { nextBondStatus } from "../../domain/disputes/dispute-machine.ts";
import type { Fils } from "../../domain/money/index.ts";
import { disputeOfFile, updateDispute } from "../../storage/disputes/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyDispute } from "./notify.ts";

export type VerifyBondInput =
  | { fileId: string; disputeId: string; outcome: "posted"; reference: string; amount: Fils; notes?: string }
  | { fileId: string; disputeId: string; outcome: "rejected"; reasons: string };

export async function verifyBond(deps: AppDeps, context: UseCaseContext, input: VerifyBondInput) {
  const now = deps.clock.now();
  if (input.outcome === "posted" && input.reference.trim().length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reference", reason: "required" });
  if (input.outcome === "rejected" && input.reasons.trim().length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "dispute.verify_bond", now);
    const dispute = await disputeOfFile(tx, file.id, input.disputeId);
    if (!dispute) throw new DomainError("DISPUTE_NOT_FOUND", { disputeId: input.disputeId });
    if (input.outcome === "posted") {
      const bondStatus = nextBondStatus(dispute.bondStatus, "post");
      if (input.amount < dispute.bondAmount) throw new DomainError("BOND_INSUFFICIENT", { bondAmount: dispute.bondAmount.toString(), deposited: input.amount.toString() });
      const reference = input.reference.trim();
      await updateDispute(tx, dispute, { bond_status: bondStatus, bond_reference: reference, bond_deposited: input.amount, bond_posted_by: context.subject.civilId, bond_posted_at: now }, now);
      changes.record("dispute.bond_post", {
        payload: { disputeId: dispute.id, bondEvent: "post", reference, declaredReference: dispute.bondReference, deposited: input.amount, bondAmount: dispute.bondAmount },
        reason: input.notes?.trim() || null,
      });
      notifyDispute(changes, dispute.id, "bond_posted", now);
      await changes.commit();
      return { id: dispute.id, status: dispute.status, bondStatus };
    }
    const bondStatus = nextBondStatus(dispute.bondStatus, "reject");
    await updateDispute(tx, dispute, { bond_status: bondStatus, bond_reference: null, bond_declared_at: null }, now);
    changes.record("dispute.bond_reject", { payload: { disputeId: dispute.id, bondEvent: "reject", reference: dispute.bondReference }, reason: input.reasons.trim() });
    notifyDispute(changes, dispute.id, "bond_rejected", now, `bond_rejected:${dispute.bondReference}`);
    await changes.commit();
    return { id: dispute.id, status: dispute.status, bondStatus };
  });
}
