/**
 * Salaries and exempt sums (Art. 216; the unattachable kinds: LEGAL.md, "Bank attachment").
 * A salary is attachable only up to a share that depends on the kind of debt (at most half,
 * Art. 216; the rule table `salary.caps`), and an exempt sum (social assistance, a student
 * stipend, the state rent allowance, maintenance…) not at all — except maintenance, of which
 * a quarter may be attached for alimony. Banks declare each salary or exempt credit
 * separately (its IBAN, the bank's reference of the credit, its category, what was credited
 * and what the order froze of it); the hub keeps of each credit, across every order of the
 * file at every bank, no more than the allowed share, the earliest orders first (as the
 * cross-bank cap does), and tells each bank what it may still hold of each credit.
 *
 * Pure: the use case loads the declarations (src/app/agency-exchange/enforce-bank-cap.ts).
 */
import type { Fils } from "../money/index.ts";

import { debtKinds, type DebtKind } from "../file/title.ts";
export { debtKinds, type DebtKind };

/** The category a bank declares a salary credit under; every other category is an exempt kind. */
export const SALARY_CATEGORY = "salary";

/** What the rules in force allow of a salary and of each exempt kind, for one kind of debt. */
export interface ProtectionTerms {
  debtKind: DebtKind;
  /** Largest share of a salary credit that may be held, basis points (Art. 216: never above 5000). */
  salaryShareBps: number;
  /** Each exempt kind with the share that may still be held for this debt (0: none). */
  exempt: readonly { category: string; attachableShareBps: number }[];
}

/** The rule values the terms come from (RuleValues["salary"]). */
export interface SalaryRules {
  legalMaximumBps: number;
  caps: readonly { debtKind: DebtKind; maxShareBps: number }[];
  unseizable: readonly { id: string; exception?: { debtKind: DebtKind; maxShareBps: number } }[];
}

/** The terms for a debt of this kind: the kind's share, never above the legal maximum; exempt kinds at 0 but their exception. */
export function protectionTerms(rules: SalaryRules, debtKind: DebtKind): ProtectionTerms {
  const cap = rules.caps.find((candidate) => candidate.debtKind === debtKind);
  // A kind without its own row gets the smallest share in the table (never the legal maximum by default).
  const share = cap ? cap.maxShareBps : Math.min(...rules.caps.map((candidate) => candidate.maxShareBps), rules.legalMaximumBps);
  return {
    debtKind,
    salaryShareBps: clampBps(Math.min(share, rules.legalMaximumBps)),
    exempt: rules.unseizable.map((kind) => ({
      category: kind.id,
      attachableShareBps: kind.exception && kind.exception.debtKind === debtKind ? clampBps(kind.exception.maxShareBps) : 0,
    })),
  };
}

const clampBps = (bps: number) => Math.max(0, Math.min(10_000, Math.floor(bps)));

/** The share of a credit of this category that may be held: the salary share, an exempt kind's share; an unknown category none. */
export function attachableShareBps(terms: ProtectionTerms, category: string): number {
  if (category === SALARY_CATEGORY) return terms.salaryShareBps;
  return terms.exempt.find((kind) => kind.category === category)?.attachableShareBps ?? 0;
}

/** What may be held of one credit in total, rounded down to the fils. */
export function allowedOf(terms: ProtectionTerms, category: string, credited: Fils): Fils {
  if (credited <= 0n) return 0n;
  return (credited * BigInt(attachableShareBps(terms, category))) / 10_000n;
}

/** One salary or exempt credit as a bank declared it under an order. */
export interface ProtectedCredit {
  iban: string;
  /** The bank's reference of the credit (a salary month, a payment): with the IBAN, it names the credit. */
  reference: string;
  category: string;
  /** What was credited. */
  credited: Fils;
  /** What the order holds of it. */
  frozen: Fils;
}

export interface ProtectedHolding {
  orderId: string;
  /** What the bank declares frozen under the order in all (protected credits included). */
  frozenDeclared: Fils;
  /** Earlier orders keep their share first (the cross-bank cap's order). */
  firstExecutedAt: Date;
  credits: readonly ProtectedCredit[];
}

export interface CreditLimit {
  iban: string;
  reference: string;
  /** The most the order may hold of this credit. */
  maxFrozen: Fils;
}

export interface ProtectionDecision {
  orderId: string;
  /** The most the order may hold in all: what it froze less what it froze of protected credits beyond their share. */
  limit: Fils;
  /** Frozen of salary beyond its share or of exempt sums: to be released. */
  excess: Fils;
  /** Per protected credit, what the order may hold of it (sent to the bank with hold.adjust). */
  credits: CreditLimit[];
}

const creditKey = (credit: { iban: string; reference: string }) => `${credit.iban}\u0000${credit.reference}`;
const minOf = (a: Fils, b: Fils) => (a < b ? a : b);

/**
 * Each order's limit after its salary and exempt credits. A credit's allowance is shared by
 * every order holding it (two files' orders at the same bank, or two attachments of one
 * file), earliest first; what was credited counts at the largest amount any bank declared
 * for it (the same credit declared twice is one credit).
 */
export function protectHoldings(terms: ProtectionTerms, holdings: readonly ProtectedHolding[]): ProtectionDecision[] {
  const credited = new Map<string, { category: string; credited: Fils }>();
  for (const holding of holdings) {
    for (const credit of holding.credits) {
      const key = creditKey(credit);
      const known = credited.get(key);
      // A credit named under two categories counts under the stricter one.
      const category = known && attachableShareBps(terms, known.category) < attachableShareBps(terms, credit.category) ? known.category : credit.category;
      credited.set(key, { category, credited: known && known.credited > credit.credited ? known.credited : credit.credited < 0n ? 0n : credit.credited });
    }
  }
  const room = new Map([...credited].map(([key, credit]) => [key, allowedOf(terms, credit.category, credit.credited)]));
  const arrival = [...holdings].sort(
    (a, b) => a.firstExecutedAt.getTime() - b.firstExecutedAt.getTime() || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0),
  );
  return arrival.map((holding) => {
    let excess = 0n;
    const limits = new Map<string, CreditLimit>();
    for (const credit of holding.credits) {
      const key = creditKey(credit);
      const frozen = credit.frozen < 0n ? 0n : credit.frozen;
      const left = room.get(key) ?? 0n;
      const kept = minOf(frozen, left);
      room.set(key, left - kept);
      excess += frozen - kept;
      const earlier = limits.get(key);
      limits.set(key, { iban: credit.iban, reference: credit.reference, maxFrozen: (earlier?.maxFrozen ?? 0n) + kept });
    }
    const frozenDeclared = holding.frozenDeclared < 0n ? 0n : holding.frozenDeclared;
    const limit = frozenDeclared > excess ? frozenDeclared - excess : 0n;
    return { orderId: holding.orderId, limit, excess: frozenDeclared - limit, credits: [...limits.values()] };
  });
}
