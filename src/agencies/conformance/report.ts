/**
 * The conformance kit's results: numbered cases, each with the spec section it checks, a
 * status and what was seen; printed one line per case and written as a JSON report.
 */
export type CaseStatus = "pass" | "fail" | "skip";

export interface CaseResult {
  /** Stable case number, e.g. "A07" (agency mode) or "H05" (hub mode). */
  id: string;
  title: string;
  /** The section of docs/agency-protocol.md the case checks, e.g. "§3". */
  section: string;
  status: CaseStatus;
  /** What was seen: on a failure, why. */
  details: string[];
}

export interface ConformanceReport {
  kit: "tanfeeth agency-conformance";
  protocolVersion: string;
  mode: "agency" | "hub";
  agency: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  summary: { pass: number; fail: number; skip: number };
  /** Every case passed (skipped ones aside): what certification asks. */
  conformant: boolean;
  cases: CaseResult[];
}

/** A failed expectation inside a case. */
export class CaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseFailure";
  }
}

/** A case that was not run (an option left it out); the reason is its detail. */
export class SkipCase extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SkipCase";
  }
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CaseFailure(message);
}

export function summarise(cases: readonly CaseResult[]): ConformanceReport["summary"] {
  return {
    pass: cases.filter((entry) => entry.status === "pass").length,
    fail: cases.filter((entry) => entry.status === "fail").length,
    skip: cases.filter((entry) => entry.status === "skip").length,
  };
}

/** One line per case, each failure's details under it (every case's with verbose), then the summary. */
export function formatReport(report: ConformanceReport, options: { verbose?: boolean } = {}): string {
  const lines = [`tanfeeth agency-conformance — ${report.mode} mode — ${report.agency} at ${report.target} (protocol ${report.protocolVersion})`];
  const mark = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;
  for (const entry of report.cases) {
    lines.push(`${entry.id}  ${mark[entry.status]}  ${entry.section.padEnd(6)} ${entry.title}`);
    if (entry.status !== "pass" || options.verbose) for (const detail of entry.details) lines.push(`                    ${detail}`);
  }
  const { pass, fail, skip } = report.summary;
  lines.push(`${report.cases.length} cases: ${pass} passed, ${fail} failed, ${skip} skipped — ${report.conformant ? "CONFORMANT" : "NOT CONFORMANT"}`);
  return lines.join("\n");
}
