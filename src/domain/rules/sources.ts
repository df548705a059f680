/**
 * Where each rule value comes from: an article of the law, a ministerial resolution, or the
 * department's own policy — with the text of the source (or the policy's reason), how sure
 * we are of it (LEGAL.md's marks: H text of the law or an official text seen; M reliable
 * secondary source; L press; U unverified) and, by the version that carries it, the date it
 * took effect. Every value of a rule version has one (the compiler checks it: `RulePath`),
 * so a department's lawyer can review the whole set in one sitting (docs/rules.md, the
 * back office's rules page) and tell the law from the department's choices.
 */
export type Confidence = "H" | "M" | "L" | "U";

export type RuleSource =
  /** A provision of the law (Decree-Law 38/1980 as amended, or another law). */
  | { kind: "law"; reference: string; text: string; confidence: Confidence }
  /** A ministerial resolution or an official circular. */
  | { kind: "resolution"; reference: string; text: string; confidence: Confidence }
  /**
   * The department's own policy: not the law. `reason` says why the department chose it;
   * `confidence` says how sure we are that practice matches (U: a default to be confirmed).
   */
  | { kind: "policy"; reason: string; confidence: Confidence };

export type RuleSourceKind = RuleSource["kind"];

/** A value of a version by its path. */
export function ruleValueAt<V extends object, P extends string>(values: V, path: P): unknown {
  let value: unknown = values;
  for (const key of path.split(".")) value = (value as Record<string, unknown>)[key];
  return value;
}

/** Every path of a version's values, in the order they are declared (for the rules page and docs/rules.md). */
export function rulePaths<V extends object, P extends string>(values: V): P[] {
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    const isLeaf = value === null || typeof value !== "object" || Array.isArray(value) || typeof (value as { kind?: unknown }).kind === "string";
    if (isLeaf) {
      paths.push(prefix.slice(0, -1));
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, `${prefix}${key}.`);
  };
  walk(values, "");
  return paths as P[];
}

// Shorthands for the tables of sources.
export const law = (reference: string, text: string, confidence: Confidence): RuleSource => ({ kind: "law", reference, text, confidence });
export const resolution = (reference: string, text: string, confidence: Confidence): RuleSource => ({ kind: "resolution", reference, text, confidence });
export const policy = (reason: string, confidence: Confidence = "U"): RuleSource => ({ kind: "policy", reason, confidence });

/** The reference to show beside a decision: the article or resolution, or "department policy". */
export function sourceReference(source: RuleSource): { ar: string; en: string } {
  if (source.kind === "policy") return { ar: "سياسة الإدارة", en: "Department policy" };
  return { ar: source.reference, en: source.reference };
}
