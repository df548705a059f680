/**
 * Journal lines and the one rule of double entry: every entry's debits equal its credits,
 * to the fils. An entry that does not balance is refused before anything is stored.
 */
import { DomainError } from "../errors.ts";
import type { Fils } from "../money/index.ts";
import { isAccountCode, type AccountCode, CHART_OF_ACCOUNTS } from "./accounts.ts";

export interface JournalLine {
  account: AccountCode;
  /** Set for per-file accounts, null for the department's own. */
  fileId: string | null;
  /** The creditor the line is reserved or payable to (a file party id), if any. */
  partyId: string | null;
  /** Exactly one of debit and credit is positive. */
  debit: Fils;
  credit: Fils;
}

export function totals(lines: readonly JournalLine[]): { debits: Fils; credits: Fils } {
  let debits = 0n;
  let credits = 0n;
  for (const line of lines) {
    debits += line.debit;
    credits += line.credit;
  }
  return { debits, credits };
}

/** Throws TREASURY_ENTRY_UNBALANCED (or _INVALID for a malformed line) unless the lines form a valid entry. */
export function assertBalanced(lines: readonly JournalLine[]): void {
  if (lines.length < 2) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "fewerThanTwoLines" });
  lines.forEach((line, index) => {
    if (!isAccountCode(line.account)) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "unknownAccount", index });
    const oneSided = (line.debit > 0n && line.credit === 0n) || (line.credit > 0n && line.debit === 0n);
    if (!oneSided) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "lineNotOneSided", index });
    if (CHART_OF_ACCOUNTS[line.account].perFile !== (line.fileId !== null)) {
      throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "fileScope", index });
    }
  });
  const { debits, credits } = totals(lines);
  if (debits !== credits) throw new DomainError("TREASURY_ENTRY_UNBALANCED", { debits, credits });
}
