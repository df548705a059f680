/**
 * The distribution of enforcement proceeds among a debtor's attaching creditors
 * (LEGAL.md: several creditors against one debtor share pro rata unless a legal privilege;
 * docs/treasury.md). When a bank transfers funds it froze and the debtor has other files
 * whose attachments reached the banks too, the transfer is not the first attacher's alone:
 * each participating file takes a share in proportion to what it is still owed, to the
 * fils; no file takes more than it is owed; what is left over is the debtor's, owed back.
 * Pure: the use case finds the participants under their locks and posts the plan.
 */
import { DomainError } from "../errors.ts";
import { allocateByWeights, type Fils } from "../money/index.ts";
import type { ProcedureKind, ProcedureStatus } from "../procedures/procedure-machine.ts";
import type { SharingRules } from "../rules/sharing.ts";

export interface DistributionParticipant {
  fileId: string;
  /** What the file is still owed: the weight of its share and its ceiling. */
  outstanding: Fils;
}

export interface DistributionShare {
  fileId: string;
  amount: Fils;
}

export interface DistributionPlan {
  /** One per participant, in the order given; zero for a file owed nothing. */
  shares: DistributionShare[];
  /** Proceeds above everything the participants are owed: owed back to the debtor. */
  excess: Fils;
}

/**
 * Shares `proceeds` among the participants. When they are owed more than the proceeds,
 * the shares are pro rata to what each is owed (largest remainder, so they add up to the
 * proceeds and none exceeds its file's outstanding); otherwise each is paid in full.
 */
export function planDistribution(proceeds: Fils, participants: readonly DistributionParticipant[]): DistributionPlan {
  if (proceeds <= 0n) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "amount", kind: "distribution" });
  const seen = new Set<string>();
  for (const participant of participants) {
    if (participant.outstanding < 0n) throw new DomainError("MONEY_NEGATIVE", { field: "outstanding" });
    if (seen.has(participant.fileId)) throw new DomainError("ALLOCATION_INVALID", { reason: "duplicateFile" });
    seen.add(participant.fileId);
  }
  const owed = participants.reduce((sum, participant) => sum + participant.outstanding, 0n);
  if (owed === 0n) return { shares: participants.map(({ fileId }) => ({ fileId, amount: 0n })), excess: proceeds };
  if (owed <= proceeds) return { shares: participants.map(({ fileId, outstanding }) => ({ fileId, amount: outstanding })), excess: proceeds - owed };
  // proceeds < owed: each exact share proceeds × o / owed is below o, so rounding up by one fils stays within it.
  const amounts = allocateByWeights(proceeds, participants.map((participant) => participant.outstanding));
  return { shares: participants.map(({ fileId }, index) => ({ fileId, amount: amounts[index]! })), excess: 0n };
}

/** A bank attachment in these statuses has reached the banks and not yet ended. */
export const FUNDS_ATTACHING_STATUSES = ["dispatched", "in_force"] as const satisfies readonly ProcedureStatus[];

/** Whether a file's procedure makes its creditor an attaching creditor of the debtor's funds. */
export function attachesDebtorFunds(kind: ProcedureKind, status: ProcedureStatus): boolean {
  return kind === "bank_attachment" && (FUNDS_ATTACHING_STATUSES as readonly ProcedureStatus[]).includes(status);
}

/** Whether the rules share a transfer among the debtor's attaching creditors at all. */
export function sharesAcrossFiles(rules: SharingRules): boolean {
  return rules.acrossFiles === "attaching_creditors";
}
