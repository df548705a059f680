/**
 * A travel ban asked before suit (Art. 297) and its Art. 298(e) period: what the
 * procedure's parameters say about it, when the judge ordered it, and the deadline by
 * the rules it was requested under with the holiday table in force now (Islamic holidays
 * are announced late: a deadline is always computed with the latest table).
 */
import { kuwaitDate } from "../domain/file/calendar.ts";
import { suitFilingDeadline, type SuitFilingDeadline } from "../domain/rules/ban-before-suit.ts";
import { WorkingCalendar } from "../domain/rules/calendar.ts";
import { kuwaitRules, ruleVersionFor, type RuleSet } from "../domain/rules/rule-set.ts";
import type { Tx } from "../storage/action-log.ts";
import { lastApprovalAt } from "../storage/procedures/repository.ts";

/** What the creditor reported: the suit, where and when it was filed, and the document proving it. */
export interface SuitFiling {
  documentId: string;
  court: string;
  caseNumber: string;
  filedOn: string;
  reportedAt: string;
}

export interface BanBeforeSuitParameters {
  beforeSuit?: boolean;
  suitFiling?: SuitFiling;
}

/** The time of the order: the judge's grant (the latest approve, should there be more than one). */
export async function banOrderedAt(tx: Tx, procedureId: string): Promise<Date | null> {
  return lastApprovalAt(tx, procedureId);
}

export function filingDeadline(rules: RuleSet | undefined, requestedAt: Date, orderedAt: Date, now: Date): SuitFilingDeadline {
  return suitFilingDeadline(orderedAt, ruleVersionFor(rules ?? kuwaitRules, requestedAt), WorkingCalendar.at(kuwaitDate(now)));
}
