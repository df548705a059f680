/**
 * A file's position in the treasury, from its per-file sub-ledgers: what was received for
 * its creditors, what is still held (common and reserved), what was instructed and paid
 * out, and what is owed back to the debtor. Pure: the figures come from journal totals.
 */
import type { Fils } from "../money/index.ts";
import type { AccountCode } from "./accounts.ts";

export interface SubAccountTotals {
  account: AccountCode;
  partyId: string | null;
  debits: Fils;
  credits: Fils;
}

export interface FilePosition {
  /** Everything credited to the file's held funds (payments and transfers through the department). */
  received: Fils;
  /** Still held for the creditors: common funds plus deposits reserved to one creditor. */
  held: Fils;
  heldCommon: Fils;
  heldReserved: { partyId: string; amount: Fils }[];
  /** Instructed to creditors (paid or waiting for the bank). */
  paidOut: Fils;
  payoutsPending: Fils;
  /** Given back to the debtor out of held funds (refunded payments). */
  refunded: Fils;
  /** Owed back to the debtor (e.g. a bank transferred more than was owed), not yet paid. */
  refundsPayable: Fils;
  /** Transferred by a bank on this file's order, not yet shared among the debtor's attaching creditors. */
  awaitingDistribution: Fils;
}

export function filePosition(totals: readonly SubAccountTotals[]): FilePosition {
  const of = (account: AccountCode) => totals.filter((row) => row.account === account);
  const sum = (rows: readonly SubAccountTotals[], pick: (row: SubAccountTotals) => Fils) => rows.reduce((total, row) => total + pick(row), 0n);
  const held = of("funds_held");
  const payable = of("payouts_payable");
  const received = sum(held, (row) => row.credits);
  const paidOut = sum(payable, (row) => row.credits);
  const heldCommon = sum(held.filter((row) => row.partyId === null), (row) => row.credits - row.debits);
  const heldReserved = held
    .filter((row) => row.partyId !== null && row.credits - row.debits !== 0n)
    .map((row) => ({ partyId: row.partyId!, amount: row.credits - row.debits }))
    .sort((a, b) => (a.partyId < b.partyId ? -1 : 1));
  return {
    received,
    held: sum(held, (row) => row.credits - row.debits),
    heldCommon,
    heldReserved,
    paidOut,
    payoutsPending: sum(payable, (row) => row.credits - row.debits),
    // Debits of held funds are payouts or refunds of payments; payouts are all credited to payouts payable.
    refunded: sum(held, (row) => row.debits) - paidOut,
    refundsPayable: sum(of("refunds_payable"), (row) => row.credits - row.debits),
    awaitingDistribution: sum(of("proceeds_to_distribute"), (row) => row.credits - row.debits),
  };
}
