/**
 * Art. 298(b): a payment the debtor made outside the department must be reported by the
 * creditor within one week (`deadlines.creditorReportsPaymentDays`); the debtor may report it
 * at any time. What follows a late report is not in the law (LEGAL.md): from kw-2025.4 the
 * department's policy (`outsidePayments.lateCreditorReport` = "flagged") credits it all the
 * same, marks it late and tells the department and the debtor.
 */
import { DomainError } from "../errors.ts";
import { addCalendarDays } from "./calendar.ts";
import type { RuleVersion } from "./rule-set.ts";

export interface CreditorReportTiming {
  /** The last Kuwait day of the week the creditor had. */
  reportBy: string;
  /** Days after `reportBy` the report came (0: in time). */
  daysLate: number;
}

const dayMs = 86_400_000;

/**
 * The timing of a creditor's report, judged by the version in force on the day it is made;
 * null when the version does not check it (kw-2025.1–3). `receivedOn` is required where it
 * is checked, and may not be after the day of the report.
 */
export function creditorReportTiming(version: RuleVersion, receivedOn: string | null | undefined, reportedOn: string): CreditorReportTiming | null {
  if (version.values.outsidePayments.lateCreditorReport === "not_checked") return null;
  if (!receivedOn) throw new DomainError("VALIDATION_FAILED", { field: "receivedOn", reason: "required: the day the creditor received the payment (Art. 298(b))" });
  if (receivedOn > reportedOn) throw new DomainError("VALIDATION_FAILED", { field: "receivedOn", reason: "after the day of the report" });
  const reportBy = addCalendarDays(receivedOn, version.values.deadlines.creditorReportsPaymentDays);
  const daysLate = Math.max(0, Math.round((Date.parse(`${reportedOn}T00:00:00Z`) - Date.parse(`${reportBy}T00:00:00Z`)) / dayMs));
  return { reportBy, daysLate };
}
