/**
 * The rule version in force on a date (default: today in Kuwait), for anyone signed in: the law is
 * public. With its catalogue: every rule with its source, confidence and effective date.
 */
import { DomainError } from "../domain/errors.ts";
import { kuwaitDate, ruleCatalogue, ruleVersionAt, type RuleCatalogue, type RuleVersion } from "../domain/rules/index.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export function readRules(deps: AppDeps, _context: UseCaseContext, at?: string): { version: RuleVersion; versions: { id: string; effectiveFrom: string }[]; catalogue: RuleCatalogue } {
  const day = at ?? kuwaitDate(deps.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError("VALIDATION_FAILED", { field: "at", reason: "YYYY-MM-DD" });
  const rules = deps.rules;
  const version = ruleVersionAt(rules, day);
  return { version, versions: rules.map((candidate) => ({ id: candidate.id, effectiveFrom: candidate.effectiveFrom })), catalogue: ruleCatalogue(rules, version) };
}
