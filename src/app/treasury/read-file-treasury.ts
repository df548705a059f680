/**
 * A file's money as the treasury holds it, for whoever may read the file (its parties,
 * their lawyers, staff): received through the department, held (common and reserved),
 * paid out to each creditor, refunds owed, and what is still outstanding — which with the
 * claim gives the identity paid out + held + outstanding = claim − paid outside.
 */
import { DomainError } from "../../domain/errors.ts";
import type { Fils } from "../../domain/money/index.ts";
import { filePosition, type FilePosition } from "../../domain/treasury/position.ts";
import { OUTSIDE_LEDGER_SOURCES } from "../../domain/treasury/movements.ts";
import { fileParties, fileTotals, ledgerTotalFrom } from "../../storage/files/repository.ts";
import { fileAccountTotals } from "../../storage/treasury/repository.ts";
import { payoutsOfFile, type StoredPayout } from "../../storage/treasury/repository.ts";
import { distributionsOfFile, type StoredDistribution } from "../../storage/treasury/repository.ts";
import { actingRole, authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

/** A payout instruction to a creditor, as the file's treasury shows it. */
export type PayoutView = StoredPayout;
/** A transfer shared among attaching creditors, as the file's treasury shows it. */
export type DistributionView = StoredDistribution;

export interface FileTreasury {
  fileId: string;
  claim: Fils;
  outstanding: Fils;
  /** Paid directly between the parties and reported: never in the treasury. */
  paidOutside: Fils;
  position: FilePosition;
  payouts: PayoutView[];
  /** Transfers shared among the debtor's attaching creditors that this file received or took part in. */
  distributions: DistributionView[];
}

export async function readFileTreasury(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<FileTreasury> {
  const parties = await fileParties(deps.db, fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId });
  const access = authorizeOnFile(context.subject, "file.read", fileId, parties, deps.clock.now());
  deps.readLog.record(context, { fileIds: [fileId], what: "statement", role: actingRole(context.subject, access, "file.read") });
  return deps.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (tx) => {
      const file = await fileTotals(tx, fileId);
      const paidOutside = await ledgerTotalFrom(tx, fileId, OUTSIDE_LEDGER_SOURCES);
      return {
        fileId,
        claim: file.claimTotal,
        outstanding: file.claimTotal - file.recoveredTotal,
        paidOutside,
        position: filePosition(await fileAccountTotals(tx, fileId)),
        payouts: await payoutsOfFile(tx, fileId),
        distributions: await distributionsOfFile(tx, fileId),
      };
    });
}
