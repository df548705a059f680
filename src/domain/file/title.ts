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

export interface ExecutoryTitle {
  type: TitleType;
  court: string;
  caseNumber: string;
  /** ISO date, YYYY-MM-DD. */
  issuedOn: string;
  isFinal: boolean;
  hasExecutoryFormula: boolean;
  grantsInterest: boolean;
}

/** Titles that are enforceable before they are final (provisional enforcement). */
export const enforceableBeforeFinal: ReadonlySet<TitleType> = new Set([
  "provisional_judgment",
  "payment_order",
  "notarized_instrument",
  "ratified_settlement",
]);

export type EnforceabilityFailure = "no_executory_formula" | "not_final" | "issued_in_future";

/**
 * Why a title cannot be enforced (empty when it can). `today` is YYYY-MM-DD in Kuwait.
 * `beforeFinal`: the title types enforceable before they are final (the list is U, so the
 * rule set in force passes its own; the default is the list above).
 */
export function enforceabilityFailures(
  title: ExecutoryTitle,
  today: string,
  beforeFinal: ReadonlySet<TitleType> | readonly TitleType[] = enforceableBeforeFinal,
): EnforceabilityFailure[] {
  const provisional = beforeFinal instanceof Set ? beforeFinal : new Set(beforeFinal as readonly TitleType[]);
  const failures: EnforceabilityFailure[] = [];
  if (!title.hasExecutoryFormula) failures.push("no_executory_formula");
  if (!title.isFinal && !provisional.has(title.type)) failures.push("not_final");
  if (title.issuedOn > today) failures.push("issued_in_future");
  return failures;
}

export function assertEnforceable(title: ExecutoryTitle, today: string): void {
  const failures = enforceabilityFailures(title, today);
  if (failures.length > 0) throw new DomainError("FILE_NOT_ENFORCEABLE", { failures });
}
