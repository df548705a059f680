/**
 * A payment or recovery is credited to a file. Outstanding falls at once; when it reaches
 * zero the file is satisfied and every procedure still running is ended: lifted where an
 * agency may hold something, expired where nothing was sent. Before that, a travel ban
 * ordered for one creditor ends once that creditor is owed nothing (Art. 298;
 * travel-ban-creditor-debt.ts). Idempotent by reference.
 */
import { assertCreditable, outstanding } from "../domain/file/claim.ts";
import { kuwaitDate } from "../domain/file/calendar.ts";
import { creditorReportTiming, ruleVersionFor } from "../domain/rules/index.ts";
import { DomainError } from "../domain/errors.ts";
import type { Fils } from "../domain/money/index.ts";
import { ordersOfProcedures, proceduresOfFile } from "../storage/procedures/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { FileChanges } from "./file-changes.ts";
import { enforceBankCap } from "./agency-exchange/enforce-bank-cap.ts";
import { creditInstalmentPlans } from "./instalments/credit-instalments.ts";
import type { Tx } from "../storage/action-log.ts";
import { insertLedgerEntry, ledgerEntryByReference, setRecovered, type LockedFile } from "../storage/files/repository.ts";
import { openFileSession } from "./locked-file.ts";
import { endBansOfPaidCreditors } from "./travel-ban-creditor-debt.ts";
import { postFileCredit, type FileCredit } from "./treasury/post-file-credit.ts";

export interface LedgerEntryInput {
  fileId: string;
  kind: "payment" | "recovery";
  amount: Fils;
  /** Where the money came from: e.g. "cash_at_department", "bank_transfer", "reported_by_creditor". */
  source: string;
  /** The payment's own reference (receipt, transfer id): the same reference is never credited twice. */
  reference: string;
  /** Art. 298(d): the debtor deposits for this creditor alone (a creditor's file party id). */
  earmarkedFor?: string | null;
  /**
   * A payment made outside the department (`reported_by_creditor`, `reported_by_debtor`): the
   * Kuwait day (YYYY-MM-DD) it was received. Required from kw-2025.4 for a creditor's report,
   * whose Art. 298(b) week counts from it.
   */
  receivedOn?: string | null;
}

export interface LedgerEntryResult {
  entryId: string;
  outstanding: Fils;
  fileStatus: "open" | "satisfied" | "closed";
  replayed: boolean;
}

/** A clerk records a payment or recovery on a file. */
export async function recordLedgerEntry(deps: AppDeps, context: UseCaseContext, input: LedgerEntryInput): Promise<LedgerEntryResult> {
  return recordEntry(deps, context, { input, permission: "ledger.record" });
}

/**
 * Art. 298(b): the creditor (in person, or their lawyer with the waive scope, or their company's
 * system) reports a payment the debtor made to them outside the department. Credited to the
 * file like a clerk's entry of source `reported_by_creditor`; from kw-2025.4 `receivedOn` is
 * required and a report after the week is flagged late (the department and the debtor told).
 */
export async function reportOutsidePayment(
  deps: AppDeps,
  context: UseCaseContext,
  input: { fileId: string; amount: Fils; reference: string; receivedOn?: string | null },
): Promise<LedgerEntryResult> {
  return recordEntry(deps, context, { input: { ...input, kind: "payment", source: "reported_by_creditor" }, permission: "payment.report_outside" });
}

async function recordEntry(deps: AppDeps, context: UseCaseContext, options: { input: LedgerEntryInput; permission: "ledger.record" | "payment.report_outside" }): Promise<LedgerEntryResult> {
  const { input, permission } = options;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, permission, now);
    const previous = await ledgerEntryByReference(tx, file.id, input.reference);
    if (previous) {
      if (previous.amount !== input.amount || previous.kind !== input.kind) {
        throw new DomainError("IDEMPOTENCY_CONFLICT", { reference: input.reference });
      }
      return { entryId: previous.id, outstanding: outstanding(file.claimTotal, file.recoveredTotal), fileStatus: file.status, replayed: true };
    }
    const earmarkedFor = input.earmarkedFor ?? null;
    if (earmarkedFor !== null && !file.parties.some((party) => party.id === earmarkedFor && party.partyRole === "creditor")) {
      throw new DomainError("PARTY_NOT_ON_FILE", { partyId: earmarkedFor });
    }
    // Art. 298(b): the creditor reports an outside payment within the week (the version in force today says what a late one means).
    const version = ruleVersionFor(deps.rules, now);
    const timing = input.source === "reported_by_creditor" ? creditorReportTiming(version, input.receivedOn, kuwaitDate(now)) : null;
    const reportedLateDays = timing && timing.daysLate > 0 ? timing.daysLate : null;
    const credited = await creditFile(
      tx,
      changes,
      file,
      { ...input, recordedBy: context.subject.civilId, treasury: { earmarkedFor }, outside: { receivedOn: input.receivedOn ?? null, reportedLateDays } },
      deps.newId,
      now,
    );
    if (timing && reportedLateDays !== null) {
      // Credited all the same (the debtor may report it at any time); flagged for the department, and the debtor is told.
      changes.record("ledger.reported_late", {
        payload: { entryId: credited.entryId, amount: input.amount, receivedOn: input.receivedOn!, reportBy: timing.reportBy, daysLate: reportedLateDays, ruleVersion: version.id },
      });
      changes.sideEffect({
        topic: "notice.money_moved",
        payload: { fileId: file.id, event: "outside_payment_reported_late", key: credited.entryId, amount: input.amount.toString(), outstanding: credited.outstanding.toString(), receivedOn: input.receivedOn!, daysLate: reportedLateDays, at: now.toISOString() },
      });
    }
    await changes.commit();
    return { ...credited, replayed: false };
  });
}

/**
 * Credits a payment or recovery to a locked file: the ledger entry, the new totals, the
 * cap re-applied to what banks hold, and — when nothing is owed any more — the file
 * satisfied and every procedure ended. Shared by clerks' entries and bank transfers.
 */
export async function creditFile(
  tx: Tx,
  changes: FileChanges,
  file: LockedFile,
  entry: Omit<LedgerEntryInput, "fileId" | "receivedOn"> & {
    recordedBy: string;
    treasury?: Pick<FileCredit, "procedureId" | "orderId" | "earmarkedFor" | "distributionSourceFileId">;
    /** A payment made outside the department: when it was received, and how late the creditor reported it (Art. 298(b)). */
    outside?: { receivedOn: string | null; reportedLateDays: number | null };
  },
  newId: () => string,
  now: Date,
): Promise<{ entryId: string; outstanding: Fils; fileStatus: "open" | "satisfied" | "closed" }> {
  if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
  assertCreditable(entry.amount, outstanding(file.claimTotal, file.recoveredTotal));
  const entryId = newId();
  const recovered = file.recoveredTotal + entry.amount;
  const owed = outstanding(file.claimTotal, recovered);
  const satisfied = owed === 0n;
  await insertLedgerEntry(tx, { id: entryId, fileId: file.id, kind: entry.kind, amount: entry.amount, source: entry.source, reference: entry.reference, recordedBy: entry.recordedBy, recordedAt: now, ...entry.outside });
  // Money that came through the department is booked in the treasury in this same transaction.
  const posted = await postFileCredit(tx, { fileId: file.id, ledgerEntryId: entryId, amount: entry.amount, source: entry.source, reference: entry.reference, recordedBy: entry.recordedBy, ...entry.treasury }, now, newId);
  await setRecovered(tx, file.id, { recoveredTotal: recovered, satisfied }, now);
  file.recoveredTotal = recovered;
  changes.record(`ledger.${entry.kind}`, {
    payload: {
      entryId,
      amount: entry.amount,
      source: entry.source,
      reference: entry.reference,
      outstanding: owed,
      treasuryEntryId: posted?.entryId,
      ...(entry.outside?.receivedOn ? { receivedOn: entry.outside.receivedOn, reportedLateDays: entry.outside.reportedLateDays } : {}),
    },
  });
  // The creditors hear of each payment on the file (one notice per ledger entry).
  if (entry.kind === "payment") {
    changes.sideEffect({ topic: "notice.money_moved", payload: { fileId: file.id, event: "payment", key: entryId, amount: entry.amount.toString(), outstanding: owed.toString(), at: now.toISOString() } });
  }
  if (satisfied) {
    file.status = "satisfied";
    changes.record("file.satisfy", { payload: { claimTotal: file.claimTotal } });
    await endEveryProcedure(tx, changes, file.id);
  } else {
    // Art. 298: a ban ordered for one creditor ends once that creditor is owed nothing (kw-2025.5).
    await endBansOfPaidCreditors(tx, changes, file);
  }
  // Instalment plans are paid by whatever credits the file, matched by amount and time received.
  await creditInstalmentPlans(tx, changes, file, { ledgerEntryId: entryId, amount: entry.amount, receivedAt: now }, now);
  // What is owed went down: a hold.adjust says why (a transfer of frozen funds, or a payment).
  await enforceBankCap(tx, changes, file, now, { reason: entry.source === "frozen_funds_transfer" ? "transfer" : "payment" });
  return { entryId, outstanding: owed, fileStatus: file.status };
}

async function endEveryProcedure(tx: Parameters<typeof proceduresOfFile>[0], changes: FileChanges, fileId: string) {
  const procedures = await proceduresOfFile(tx, fileId);
  const orders = await ordersOfProcedures(tx, procedures.map((procedure) => procedure.id));
  for (const procedure of procedures) {
    const event = FileChanges.satisfactionEvent(procedure);
    if (event === null) continue;
    const own = orders.filter((order) => order.procedureId === procedure.id);
    await changes.endProcedure(procedure, own, event, "The file is satisfied: nothing is owed.", { cause: "file_satisfied" });
  }
}
