/**
 * The debtor declares the deposit of a dispute's bond (its receipt or transfer reference).
 * Nothing counts as paid on the debtor's word: the bond is posted only when a clerk has
 * verified the deposit (verify-bond.ts).
 */
import { DomainError } from "../../domain/errors.ts";
import { nextBondStatus } from "../../domain/disputes/dispute-machine.ts";
import { disputeOfFile, updateDispute } from "../../storage/disputes/repository.ts";
import { partiesActedFor } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyDispute } from "./notify.ts";

export interface DeclareDepositInput {
  fileId: string;
  disputeId: string;
  reference: string;
}

export async function declareBondDeposit(deps: AppDeps, context: UseCaseContext, input: DeclareDepositInput) {
  const now = deps.clock.now();
  const reference = input.reference.trim();
  if (reference.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reference", reason: "required" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "dispute.file", now);
    const dispute = await disputeOfFile(tx, file.id, input.disputeId);
    if (!dispute) throw new DomainError("DISPUTE_NOT_FOUND", { disputeId: input.disputeId });
    const debtor = file.parties.find((party) => party.id === dispute.debtorPartyId)!;
    if (partiesActedFor(context.subject, file.id, [debtor], "debtor", "request", now).length === 0) throw new DomainError("FORBIDDEN", { permission: "dispute.file", disputeId: dispute.id });
    const bondStatus = nextBondStatus(dispute.bondStatus, "declare");
    await updateDispute(tx, dispute, { bond_status: bondStatus, bond_reference: reference, bond_declared_at: now }, now);
    changes.record("dispute.bond_declare", { payload: { disputeId: dispute.id, bondEvent: "declare", reference } });
    notifyDispute(changes, dispute.id, "bond_declared", now, `bond_declared:${reference}`);
    await changes.commit();
    return { id: dispute.id, status: dispute.status, bondStatus, bondReference: reference };
  });
}
