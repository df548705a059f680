/**
 * `tanfeeth treasury-report --date YYYY-MM-DD [--json]`: the treasury's reconciliation for
 * one Asia/Kuwait day (default: today), as the department's own tool (the system subject).
 * Exits 0 when every check passes, 1 when one fails, so it can run from cron and alert.
 */
import { systemClock } from "../app/clock.ts";
import { makeDeps } from "../app/deps.ts";
import { systemSubject } from "../domain/access/system-subject.ts";
import { readDailyTreasuryReport } from "../app/treasury/read-daily-report.ts";
import { kuwaitDate } from "../domain/file/calendar.ts";
import { formatKwd } from "../domain/money/index.ts";
import type { Database } from "../storage/database.ts";
import type { ParsedArgs } from "./args.ts";

export async function treasuryReportCommand(database: Database, args: ParsedArgs): Promise<number> {
  const flag = args.flags.get("date");
  if (flag === true) throw new Error("--date needs a day, YYYY-MM-DD (Asia/Kuwait)");
  const date = flag ?? kuwaitDate(systemClock.now());
  const report = await readDailyTreasuryReport(makeDeps(database.db, systemClock), { subject: systemSubject, correlationId: `treasury-report-${date}` }, { date });
  if (args.flags.get("json") === true) {
    console.log(JSON.stringify(report, (_key, value: unknown) => (typeof value === "bigint" ? formatKwd(value, { grouping: false }) : value), 2));
    return report.reconciled ? 0 : 1;
  }
  const kd = (fils: bigint) => formatKwd(fils).padStart(18);
  console.log(`Treasury reconciliation — ${date} (Asia/Kuwait), ${report.from.toISOString()} to ${report.to.toISOString()}`);
  console.log(`${"account".padEnd(26)}${"opening".padStart(18)}${"debits".padStart(18)}${"credits".padStart(18)}${"closing".padStart(18)}`);
  for (const line of report.accounts) console.log(`${line.account.padEnd(26)}${kd(line.opening)}${kd(line.debits)}${kd(line.credits)}${kd(line.closing)}`);
  console.log(`${"total".padEnd(44)}${kd(report.totals.debits)}${kd(report.totals.credits)}`);
  console.log("movements:");
  for (const movement of report.movements) console.log(`  ${movement.kind.padEnd(20)}${String(movement.count).padStart(6)}${kd(movement.amount)}`);
  console.log(`files with movements: ${report.files.length}`);
  for (const file of report.files.filter((candidate) => !candidate.consistent)) console.log(`  ${file.fileNumber}: ${file.problems.join(", ")}`);
  for (const check of report.checks) console.log(`check ${check.id.padEnd(22)} ${check.passed ? "ok" : `FAILED: ${check.failures.join(", ")}`}`);
  console.log(report.reconciled ? "reconciled" : "NOT reconciled");
  return report.reconciled ? 0 : 1;
}
