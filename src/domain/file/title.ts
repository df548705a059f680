/**
 * Executory titles (Art. 190): what may be enforced, and whether a given title may be.
 */
import { DomainError } from "../errors.ts";

export const titleTypes = [
  "final_judgment",
  "provisional_judgment",
  "payment_order",
  "notarized_instrument",
  "ratified_settlement",
] as const;
export type TitleType = (typeof titleTypes)[number];

/** How documents name each kind of title (the web app has the same in its dictionaries). */
export const titleTypeLabels = {
  final_judgment: { ar: "حكم نهائي", en: "Final judgment" },
  provisional_judgment: { ar: "حكم مشمول بالنفاذ المعجل", en: "Provisionally enforceable judgment" },
  payment_order: { ar: "أمر أداء", en: "Payment order" },
  notarized_instrument: { ar: "محرر موثق", en: "Notarized instrument" },
  ratified_settlement: { ar: "صلح مصدَّق عليه", en: "Ratified settlement" },
} as const satisfies Record<TitleType, { ar: string; en: string }>;

/**
 * The kind of debt a title is for (Art. 216: the share of a salary that may be held depends
 * on it — src/domain/cap/salary-protection.ts): an ordinary debt, alimony and maintenance, a
 * debt owed to the state.
 */
export const debtKinds = ["general", "alimony", "state"] as const;
export type DebtKind = (typeof debtKinds)[number];

export interface ExecutoryTitle {
  type: TitleType;
  court: string;
  caseNumber: string;
  /** ISO date, YYYY-MM-DD. */
  issuedOn: string;
  isFinal: boolean;
  hasExecutoryFormula: boolean;
  grantsInterest: boolean;
  /**
   * Art. 190: the day the right becomes due (YYYY-MM-DD), when the title sets a later day
   * than its issue (a deferred payment, an instalment); absent or null: due on issue.
   */
  dueOn?: string | null | undefined;
  /** The kind of debt (Art. 216); absent: an ordinary debt ("general"). */
  debtKind?: DebtKind | undefined;
}

export type EnforceabilityFailure = "type_not_enforceable" | "no_executory_formula" | "not_final" | "issued_in_future" | "not_due";

/**
 * The kinds of title the rules in force take (Art. 190; the list is U, so it is a rule value,
 * `titles` of src/domain/rules/rule-set.ts, never a constant here).
 */
export interface TitleRules {
  /** The kinds of executory title enforceable at all. */
  enforceable: readonly TitleType[];
  /** The kinds enforceable before they are final (provisional enforcement). */
  enforceableBeforeFinal: readonly TitleType[];
  /** Art. 190: whether a right not yet due (`dueOn` after today) stops enforcement (from kw-2025.3; not checked before). */
  dueChecked?: boolean;
}

/** Why a title cannot be enforced under the title rules in force (empty when it can). `today` is YYYY-MM-DD in Kuwait. */
export function enforceabilityFailures(title: ExecutoryTitle, today: string, rules: TitleRules): EnforceabilityFailure[] {
  const failures: EnforceabilityFailure[] = [];
  if (!rules.enforceable.includes(title.type)) failures.push("type_not_enforceable");
  if (!title.hasExecutoryFormula) failures.push("no_executory_formula");
  if (!title.isFinal && !rules.enforceableBeforeFinal.includes(title.type)) failures.push("not_final");
  if (title.issuedOn > today) failures.push("issued_in_future");
  if (rules.dueChecked === true && title.dueOn != null && title.dueOn > today) failures.push("not_due");
  return failures;
}

export function assertEnforceable(title: ExecutoryTitle, today: string, rules: TitleRules): void {
  const failures = enforceabilityFailures(title, today, rules);
  if (failures.length > 0) throw new DomainError("FILE_NOT_ENFORCEABLE", { failures });
}
