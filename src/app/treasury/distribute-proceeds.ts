/**
 * Proceeds of the debtor's attached funds shared among every creditor attaching them
 * (src/domain/treasury/distribution.ts, docs/treasury.md). Two steps, so that no
 * transaction ever locks one file and then waits for another:
 *
 * 1. `holdProceedsForDistribution`, in the transaction that applies the bank's transfer
 *    (its file locked): when the rules share across files and other open files of the
 *    same debtor attach the debtor's funds, the transfer is booked as proceeds awaiting
 *    distribution on this file (not credited to it), and the distribution is queued.
 * 2. `distributeProceeds`, an outbox entry the worker runs in its own transaction: it
 *    locks the source file and every participant in id order (lockFiles), shares the
 *    proceeds pro rata to what each is still owed, credits each file its share through
 *    `creditFile` (the cap re-applied, measures lifted when a file is satisfied), and books
 *    any excess as owed back to the debtor. A repeat finds the distribution done.
 */
import type { Fils } from "../../domain/money/index.ts";
import { ruleVersionFor, type RuleSet } from "../../domain/rules/index.ts";
import { planDistribution, sharesAcrossFiles } from "../../domain/treasury/distribution.ts";
import type { Tx } from "../../storage/action-log.ts";
import { lockFiles, type LockedFile } from "../../storage/files/repository.ts";
import { completeDistribution, findDistributionByReference, insertDistribution, lockPendingDistribution, otherFilesAttachingDebtorFunds } from "../../storage/treasury/repository.ts";
import { workerActor } from "../actors.ts";
import { FileChanges } from "../file-changes.ts";
import type { OutboxJob, OutboxPayload } from "../outbox-topics.ts";
import { creditFile } from "../record-ledger-entry.ts";
import { postTreasuryMovement } from "./post-movement.ts";

export interface ReceivedTransfer {
  amount: Fils;
  /** The transfer's reference as the file ledger would name it: transfer:<agency>:<reference>. */
  reference: string;
  agencyKey: string;
  procedureId: string;
  orderId: string;
}

/**
 * Books a bank's transfer on `file` for sharing when the debtor's other creditors attach the
 * same funds; false (nothing written) when the file takes it alone. The caller has checked
 * the file is open and the transfer not yet credited.
 */
export async function holdProceedsForDistribution(options: {
  tx: Tx;
  changes: FileChanges;
  file: LockedFile;
  transfer: ReceivedTransfer;
  rules: RuleSet;
  newId: () => string;
  now: Date;
}): Promise<boolean> {
  const { tx, changes, file, transfer, newId, now } = options;
  const version = ruleVersionFor(options.rules, now);
  if (!sharesAcrossFiles(version.values.sharing)) return false;
  const others = await otherFilesAttachingDebtorFunds(tx, file.id);
  if (others.length === 0) return false;
  const distributionId = newId();
  const bankCode = transfer.agencyKey.startsWith("bank:") ? transfer.agencyKey.slice("bank:".length) : null;
  const posted = await postTreasuryMovement(
    tx,
    { kind: "proceeds_received", fileId: file.id, procedureId: transfer.procedureId, orderId: transfer.orderId, bankCode, amount: transfer.amount, reference: `${file.id}/${transfer.reference}`, occurredAt: now },
    { newId },
  );
  await insertDistribution(tx, { id: distributionId, sourceFileId: file.id, sourceOrderId: transfer.orderId, reference: transfer.reference, amount: transfer.amount, ruleVersion: version.id, receivedAt: now });
  changes.record("treasury.proceeds_received", {
    procedureId: transfer.procedureId,
    orderId: transfer.orderId,
    payload: { distributionId, amount: transfer.amount, reference: transfer.reference, attachingFiles: others.length + 1, ruleVersion: version.id, treasuryEntryId: posted.entryId },
  });
  changes.sideEffect({ topic: "treasury.distribute", payload: { distributionId } });
  return true;
}

/** Whether a transfer with this reference was already taken for distribution (a repeated confirmation). */
export async function transferHeldForDistribution(tx: Tx, reference: string): Promise<boolean> {
  return (await findDistributionByReference(tx, reference)) !== undefined;
}

/** The outbox handler: shares one distribution among the files attaching the debtor's funds now. */
export async function distributeProceeds({ tx, now, deps }: OutboxJob, payload: OutboxPayload<"treasury.distribute">): Promise<void> {
  const { newId } = deps;
  const distribution = await lockPendingDistribution(tx, payload.distributionId);
  if (!distribution) return;
  const correlationId = payload.correlationId ?? `distribution-${distribution.id}`;
  // Who attaches the funds is read again now: a file satisfied meanwhile takes nothing.
  const others = await otherFilesAttachingDebtorFunds(tx, distribution.sourceFileId);
  const locked = await lockFiles(tx, [distribution.sourceFileId, ...others]);
  const source = locked.get(distribution.sourceFileId)!;
  const participants = [...locked.values()]
    .filter((file) => file.status === "open" && file.claimTotal > file.recoveredTotal)
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  const plan = planDistribution(
    distribution.amount,
    participants.map((file) => ({ fileId: file.id, outstanding: file.claimTotal - file.recoveredTotal })),
  );

  const sessions = new Map<string, FileChanges>();
  const changesOf = (fileId: string) => {
    let changes = sessions.get(fileId);
    if (!changes) sessions.set(fileId, (changes = new FileChanges(tx, { actor: workerActor, correlationId, now }, fileId)));
    return changes;
  };
  const shares: { fileId: string; outstanding: Fils; amount: Fils; ledgerEntryId: string | null }[] = [];
  for (const share of plan.shares) {
    const file = locked.get(share.fileId)!;
    const outstanding = file.claimTotal - file.recoveredTotal;
    let ledgerEntryId: string | null = null;
    if (share.amount > 0n) {
      const credited = await creditFile(
        tx,
        changesOf(file.id),
        file,
        { kind: "recovery", amount: share.amount, source: "shared_recovery", reference: `distribution:${distribution.id}`, recordedBy: "system", treasury: { distributionSourceFileId: source.id } },
        newId,
        now,
      );
      ledgerEntryId = credited.entryId;
    }
    shares.push({ fileId: file.id, outstanding, amount: share.amount, ledgerEntryId });
  }
  let excessEntryId: string | null = null;
  if (plan.excess > 0n) {
    const posted = await postTreasuryMovement(tx, { kind: "proceeds_excess", fileId: source.id, amount: plan.excess, reference: `distribution:${distribution.id}`, occurredAt: now }, { newId });
    excessEntryId = posted.entryId;
  }
  changesOf(source.id).record("treasury.proceeds_distributed", {
    orderId: distribution.sourceOrderId ?? undefined,
    payload: {
      distributionId: distribution.id,
      amount: distribution.amount,
      ruleVersion: distribution.ruleVersion,
      shares: shares.map((share) => ({ fileNumber: locked.get(share.fileId)!.number, outstanding: share.outstanding, amount: share.amount })),
      excess: plan.excess,
      excessTreasuryEntryId: excessEntryId,
    },
  });
  await completeDistribution(tx, distribution.id, shares, plan.excess, now);
  await FileChanges.commitTogether(tx, [...sessions.values()], now);
}
