/**
 * A debtor (or their lawyer, under the debtor's mandate with the request scope) disputes
 * the enforcement of a file, with grounds. The bond is computed by the rule version in
 * force now from what is outstanding; a deposit already made may be declared with its
 * reference (a clerk verifies it). The dispute goes to the judges' queue; creditors and
 * debtors are notified. Filing suspends nothing by itself: only the judge's order does.
 */
import { DomainError } from "../../domain/errors.ts";
import { initialBondStatus, initialDisputeStatus, nextBondStatus } from "../../domain/disputes/dispute-machine.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { disputeBondAmount, ruleVersionFor, serviceLevel } from "../../domain/rules/index.ts";
import { insertDispute, openDisputeOfFile } from "../../storage/disputes/repository.ts";
import { openReviewItem } from "../../storage/review/repository.ts";
import { partiesActedFor } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyDispute } from "./notify.ts";
import { attachDocuments } from "../documents/attach-documents.ts";

export interface FileDisputeInput {
  fileId: string;
  debtorPartyId: string;
  grounds: string;
  /** A deposit of the bond already made: its receipt or transfer reference. */
  bondDepositReference?: string;
  /** The documents it relies on: uploaded to the file by the filer first, filed with nothing yet. */
  documentIds?: readonly string[];
}

export interface FiledDispute {
  id: string;
  status: string;
  bondAmount: bigint;
  bondStatus: string;
  ruleVersion: string;
}

export async function fileDispute(deps: AppDeps, context: UseCaseContext, input: FileDisputeInput): Promise<FiledDispute> {
  const now = deps.clock.now();
  const grounds = input.grounds.trim();
  if (grounds.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "grounds", reason: "required" });
  const reference = input.bondDepositReference?.trim();
  if (reference !== undefined && reference.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "bondDepositReference", reason: "empty" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "dispute.file", now);
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    const debtor = file.parties.find((party) => party.id === input.debtorPartyId && party.partyRole === "debtor");
    if (!debtor) throw new DomainError("DEBTOR_NOT_ON_FILE");
    // A debtor disputes for themselves: one debtor's lawyer does not speak for another debtor.
    if (partiesActedFor(context.subject, file.id, [debtor], "debtor", "request", now).length === 0) throw new DomainError("FORBIDDEN", { permission: "dispute.file", debtorPartyId: debtor.id });
    const open = await openDisputeOfFile(tx, file.id);
    if (open) throw new DomainError("DISPUTE_ALREADY_OPEN", { disputeId: open.id });

    const version = ruleVersionFor(deps.rules, now);
    const owed = outstanding(file.claimTotal, file.recoveredTotal);
    const bondAmount = disputeBondAmount(version.values.disputes, owed);
    const id = deps.newId();
    const bondStatus = reference === undefined ? initialBondStatus : nextBondStatus(initialBondStatus, "declare");
    await insertDispute(tx, {
      id,
      file_id: file.id,
      debtor_party_id: debtor.id,
      status: initialDisputeStatus,
      grounds,
      filed_by: context.subject.civilId,
      filed_at: now,
      rule_version: version.id,
      outstanding_at_filing: owed,
      bond_amount: bondAmount,
      bond_status: bondStatus,
      bond_reference: reference ?? null,
      bond_declared_at: reference === undefined ? null : now,
      bond_deposited: null,
      bond_posted_by: null,
      bond_posted_at: null,
      suspended_at: null,
      suspension_ended_at: null,
      ruled_at: null,
      updated_at: now,
    });
    const documentIds = await attachDocuments(tx, { fileId: file.id, documentIds: input.documentIds, uploadedBy: context.subject.civilId, to: { disputeId: id } });
    changes.record("dispute.file", {
      payload: { ...(documentIds.length > 0 ? { documentIds } : {}), disputeId: id, debtorPartyId: debtor.id, grounds, outstanding: owed, bondAmount, ruleVersion: version.id, suspensionRequiresBond: version.values.disputes.suspensionRequiresBond },
    });
    if (reference !== undefined) changes.record("dispute.bond_declare", { payload: { disputeId: id, bondEvent: "declare", reference } });
    await openReviewItem(tx, {
      id: deps.newId(),
      itemKind: "dispute",
      queue: "judge",
      fileId: file.id,
      procedureId: null,
      procedureKind: null,
      subjectRef: id,
      ruleVersion: version.id,
      enteredAt: now,
      dueAt: serviceLevel("judge", now, now, version).dueAt,
    });
    notifyDispute(changes, id, "filed", now);
    await changes.commit();
    return { id, status: initialDisputeStatus, bondAmount, bondStatus, ruleVersion: version.id };
  });
}
