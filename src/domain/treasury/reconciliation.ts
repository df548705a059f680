/**
 * The daily reconciliation of the treasury, per Asia/Kuwait day: for every account its
 * opening balance, the day's debits and credits and its closing balance; the day's
 * movements by kind; and the checks an auditor relies on — every entry balances, the books
 * as a whole balance, and for every file the funds held for its creditors equal what was
 * received less what was paid out and refunded, agreeing with the file ledger and the
 * payout instructions. Pure: the use case gathers the figures, this judges them.
 */
import { DomainError } from "../errors.ts";
import { kuwaitDate } from "../file/calendar.ts";
import type { Fils } from "../money/index.ts";
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, naturalBalance, type AccountCode, type AccountNature } from "./accounts.ts";
import type { MovementKind } from "./movements.ts";
import { filePosition, type SubAccountTotals } from "./position.ts";

export interface AccountTotals {
  account: AccountCode;
  debits: Fils;
  credits: Fils;
}

export interface FileFigures {
  fileId: string;
  fileNumber: string;
  /** Per-file sub-ledger totals up to the close of the day. */
  subAccounts: SubAccountTotals[];
  /** From the file ledger: payments and recoveries that came through the department. */
  creditedThroughTreasury: Fils;
  /** From the payout instructions: instructed, and executed by the bank. */
  payoutsInstructed: Fils;
  payoutsPaid: Fils;
  /** From the journal's entry headers: debtor payments given back (payment_refunded). */
  paymentsRefunded: Fils;
}

export interface ReconciliationInput {
  date: string;
  /** Totals of every line before the day began, and during the day, per account. */
  before: readonly AccountTotals[];
  during: readonly AccountTotals[];
  movements: readonly { kind: MovementKind; count: number; amount: Fils }[];
  /** Entries up to the close whose lines do not balance (should be none: the database refuses them). */
  unbalancedEntryIds: readonly string[];
  /** Files with any treasury movement during the day. */
  files: readonly FileFigures[];
}

export interface AccountLine {
  account: AccountCode;
  nature: AccountNature;
  nameAr: string;
  nameEn: string;
  opening: Fils;
  debits: Fils;
  credits: Fils;
  closing: Fils;
}

export interface FileLine {
  fileId: string;
  fileNumber: string;
  received: Fils;
  paidOut: Fils;
  refunded: Fils;
  held: Fils;
  payoutsPending: Fils;
  refundsPayable: Fils;
  awaitingDistribution: Fils;
  /** held = received − paid out − refunded; received agrees with the ledger; paid out with the instructions. */
  consistent: boolean;
  problems: string[];
}

export type CheckId = "entries_balance" | "books_balance" | "funds_held_per_file" | "no_negative_balances";

export interface ReconciliationCheck {
  id: CheckId;
  passed: boolean;
  /** Ids of what failed (entries, files, accounts); never amounts tied to a person. */
  failures: string[];
}

export interface DailyReconciliation {
  date: string;
  accounts: AccountLine[];
  totals: { debits: Fils; credits: Fils };
  movements: { kind: MovementKind; count: number; amount: Fils }[];
  files: FileLine[];
  checks: ReconciliationCheck[];
  reconciled: boolean;
}

const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The instants a Kuwait day runs between: [from, to). */
export function kuwaitDayBounds(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00.000+03:00`);
  // A date like 2026-02-30 parses by rolling over; reading it back in Kuwait catches it.
  if (!datePattern.test(date) || Number.isNaN(from.getTime()) || kuwaitDate(from) !== date) {
    throw new DomainError("VALIDATION_FAILED", { field: "date", reason: "YYYY-MM-DD" });
  }
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

export function reconcileDay(input: ReconciliationInput): DailyReconciliation {
  const find = (rows: readonly AccountTotals[], code: AccountCode) => rows.find((row) => row.account === code) ?? { account: code, debits: 0n, credits: 0n };
  const accounts: AccountLine[] = ACCOUNT_CODES.map((code) => {
    const before = find(input.before, code);
    const during = find(input.during, code);
    const opening = naturalBalance(code, before.debits, before.credits);
    const closing = naturalBalance(code, before.debits + during.debits, before.credits + during.credits);
    const { nature, nameAr, nameEn } = CHART_OF_ACCOUNTS[code];
    return { account: code, nature, nameAr, nameEn, opening, debits: during.debits, credits: during.credits, closing };
  });
  const sum = (rows: readonly AccountTotals[], pick: (row: AccountTotals) => Fils) => rows.reduce((total, row) => total + pick(row), 0n);
  const allDebits = sum(input.before, (row) => row.debits) + sum(input.during, (row) => row.debits);
  const allCredits = sum(input.before, (row) => row.credits) + sum(input.during, (row) => row.credits);

  const files = input.files.map(fileLine).sort((a, b) => (a.fileNumber < b.fileNumber ? -1 : a.fileNumber > b.fileNumber ? 1 : 0));
  // Liabilities are never negative: nobody is owed less than nothing. Clearing and the
  // department's account may dip while statements lag, and are shown, not failed.
  const negative = [
    ...accounts.filter((line) => line.nature !== "asset" && line.closing < 0n).map((line) => line.account),
    ...input.files.flatMap((file) => file.subAccounts.filter((row) => naturalBalance(row.account, row.debits, row.credits) < 0n).map((row) => `${file.fileNumber}:${row.account}`)),
  ];
  const checks: ReconciliationCheck[] = [
    { id: "entries_balance", passed: input.unbalancedEntryIds.length === 0, failures: [...input.unbalancedEntryIds] },
    { id: "books_balance", passed: allDebits === allCredits, failures: allDebits === allCredits ? [] : ["trial_balance"] },
    { id: "funds_held_per_file", passed: files.every((file) => file.consistent), failures: files.filter((file) => !file.consistent).map((file) => file.fileNumber) },
    { id: "no_negative_balances", passed: negative.length === 0, failures: negative },
  ];
  return {
    date: input.date,
    accounts,
    totals: { debits: sum(input.during, (row) => row.debits), credits: sum(input.during, (row) => row.credits) },
    movements: [...input.movements].sort((a, b) => (a.kind < b.kind ? -1 : 1)),
    files,
    checks,
    reconciled: checks.every((check) => check.passed),
  };
}

function fileLine(file: FileFigures): FileLine {
  const position = filePosition(file.subAccounts);
  const problems: string[] = [];
  // Each side from a different record: the file ledger, the payout instructions, the entry headers.
  if (position.held !== file.creditedThroughTreasury - file.payoutsInstructed - file.paymentsRefunded) problems.push("held_differs_from_movements");
  if (position.refunded !== file.paymentsRefunded) problems.push("refunded_differs_from_entries");
  if (position.received !== file.creditedThroughTreasury) problems.push("received_differs_from_file_ledger");
  if (position.paidOut !== file.payoutsInstructed) problems.push("paid_out_differs_from_instructions");
  if (position.paidOut - position.payoutsPending !== file.payoutsPaid) problems.push("payouts_paid_differ_from_bank");
  if (position.held < 0n || position.heldCommon < 0n || position.heldReserved.some((part) => part.amount < 0n)) problems.push("held_negative");
  return {
    fileId: file.fileId,
    fileNumber: file.fileNumber,
    received: position.received,
    paidOut: position.paidOut,
    refunded: position.refunded,
    held: position.held,
    payoutsPending: position.payoutsPending,
    refundsPayable: position.refundsPayable,
    awaitingDistribution: position.awaitingDistribution,
    consistent: problems.length === 0,
    problems,
  };
}
