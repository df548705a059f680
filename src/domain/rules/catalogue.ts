/**
 * The rule set as a list a lawyer reads in one sitting: every value of a version with its
 * source (an article of the law, a ministerial resolution, or department policy), the text
 * of the source or the policy's reason, its confidence (H/M/L/U, LEGAL.md) and the date from
 * which it has held — the first version since which the value and its source are unchanged.
 * Read by docs/rules.md (`npm run gen:rules`), GET /api/v1/rules and the back office's rules page.
 */
import { formatKwd } from "../money/index.ts";
import type { RulePath, RuleSet, RuleValues, RuleVersion } from "./rule-set.ts";
import { rulePaths, ruleValueAt, type Confidence, type RuleSource, type RuleSourceKind } from "./sources.ts";

export interface CatalogueEntry {
  path: RulePath;
  /** The value, written out (amounts in KD, shares in %). */
  value: string;
  kind: RuleSourceKind;
  /** The article or resolution; null for department policy. */
  reference: string | null;
  /** The text of the source, or the policy's reason. */
  text: string;
  confidence: Confidence;
  /** Kuwait date from which this value with this source has been in force. */
  effectiveFrom: string;
  /** The version that set it so. */
  sinceVersion: string;
}

export interface RuleCatalogue {
  version: { id: string; effectiveFrom: string; source: string };
  entries: CatalogueEntry[];
  countsBySource: Record<RuleSourceKind, number>;
}

const bpsKeys = /Bps$/;

/** A rule value written out for people: fils as KD, basis points as %, lists joined. */
export function describeRuleValue(value: unknown, key = ""): string {
  if (value === null) return "—";
  if (typeof value === "bigint") return `KD ${formatKwd(value)}`;
  if (typeof value === "number") return bpsKeys.test(key) ? `${value / 100}%` : String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => describeRuleValue(item)).join(", ");
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.debtKind === "string" && typeof record.maxShareBps === "number") return `${record.debtKind} ${record.maxShareBps / 100}%`;
    if (typeof record.id === "string") {
      const exception = record.exception as { debtKind: string; maxShareBps: number } | undefined;
      return exception ? `${record.id} (except ${exception.debtKind} ${exception.maxShareBps / 100}%)` : record.id;
    }
    return Object.entries(record)
      .map(([field, item]) => `${field}: ${describeRuleValue(item, field)}`)
      .join("; ");
  }
  return String(value);
}

const sameValue = (a: unknown, b: unknown) => describeRuleValue(a) === describeRuleValue(b) && JSON.stringify(a, (_key, item) => (typeof item === "bigint" ? `${item}n` : item)) === JSON.stringify(b, (_key, item) => (typeof item === "bigint" ? `${item}n` : item));
const sameSource = (a: RuleSource | undefined, b: RuleSource | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** Every rule of `version`, in declaration order, with its source and the date it has held since (from the versions of `rules`). */
export function ruleCatalogue(rules: RuleSet, version: RuleVersion): RuleCatalogue {
  const earlier = [...rules].filter((candidate) => candidate.effectiveFrom <= version.effectiveFrom).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  if (!earlier.includes(version)) earlier.push(version);
  const countsBySource: Record<RuleSourceKind, number> = { law: 0, resolution: 0, policy: 0 };
  const entries = rulePaths<RuleValues, RulePath>(version.values).map((path): CatalogueEntry => {
    const value = ruleValueAt(version.values, path);
    const source = version.sources[path];
    // Walk back while the value and its source are the same: the rule has held since then.
    let since = version;
    for (let index = earlier.indexOf(version) - 1; index >= 0; index--) {
      const before = earlier[index]!;
      if (!sameValue(ruleValueAt(before.values, path), value) || !sameSource(before.sources[path], source)) break;
      since = before;
    }
    countsBySource[source.kind]++;
    const key = path.slice(path.lastIndexOf(".") + 1);
    return {
      path,
      value: describeRuleValue(value, key),
      kind: source.kind,
      reference: source.kind === "policy" ? null : source.reference,
      text: source.kind === "policy" ? source.reason : source.text,
      confidence: source.confidence,
      effectiveFrom: since.effectiveFrom,
      sinceVersion: since.id,
    };
  });
  return { version: { id: version.id, effectiveFrom: version.effectiveFrom, source: version.source }, entries, countsBySource };
}

const kindName: Record<RuleSourceKind, string> = { law: "Law", resolution: "Resolution", policy: "Department policy" };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** docs/rules.md: every version, newest first, every rule with its source, confidence and effective date, and the counts by source. */
export function rulesMarkdown(rules: RuleSet): string {
  const versions = [...rules].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  const lines: string[] = [
    "# The rules and their sources",
    "",
    "<!-- Generated by `npm run gen:rules` from src/domain/rules/rule-set.ts: do not edit. test/rules/rules-doc.test.ts fails when it is not current. -->",
    "",
    "Every value the system decides by, with where it comes from: an article of the law, a",
    "ministerial resolution, or the department's own policy (not the law) with its reason.",
    "Confidence as in LEGAL.md: H text of the law or an official text seen; M reliable secondary",
    "source; L press; U unverified. A rule's date is the day from which it has held unchanged",
    "(value and source). A request is judged by the version in force on the Kuwait date it was",
    "made; a version is added, never edited. The back office shows the same list (Rules page).",
    "",
    "| version | in force from | law | resolution | policy | rules |",
    "|---|---|---|---|---|---|",
  ];
  const catalogues = versions.map((version) => ruleCatalogue(rules, version));
  for (const catalogue of catalogues) {
    const { law, resolution, policy } = catalogue.countsBySource;
    lines.push(`| \`${catalogue.version.id}\` | ${catalogue.version.effectiveFrom} | ${law} | ${resolution} | ${policy} | ${catalogue.entries.length} |`);
  }
  for (const catalogue of catalogues) {
    const { law, resolution, policy } = catalogue.countsBySource;
    lines.push(
      "",
      `## \`${catalogue.version.id}\` — in force from ${catalogue.version.effectiveFrom}`,
      "",
      cell(catalogue.version.source),
      "",
      `${catalogue.entries.length} rules: ${law} from the law, ${resolution} from resolutions, ${policy} department policy.`,
      "",
      "| rule | value | source | reference | text or reason | confidence | since |",
      "|---|---|---|---|---|---|---|",
    );
    for (const entry of catalogue.entries) {
      lines.push(
        `| \`${entry.path}\` | ${cell(entry.value)} | ${kindName[entry.kind]} | ${cell(entry.reference ?? "—")} | ${cell(entry.text)} | ${entry.confidence} | ${entry.effectiveFrom} (\`${entry.sinceVersion}\`) |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
