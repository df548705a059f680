/** The rule version in force on a date (default: today in Kuwait), for anyone signed in: the law is public. */
import { DomainError } from "../domain/errors.ts";
import { kuwaitDate, ruleVersionAt, type RuleVersion } from "../domain/rules/index.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export function readRules(deps: AppDeps, _context: UseCaseContext, at?: string): { version: RuleVersion; versions: { id: string; effectiveFrom: string }[] } {
  const day = at ?? kuwaitDate(deps.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError("VALIDATION_FAILED", { field: "at", reason: "YYYY-MM-DD" });
  const rules = deps.rules;
  return { version: ruleVersionAt(rules, day), versions: rules.map((version) => ({ id: version.id, effectiveFrom: version.effectiveFrom })) };
}
