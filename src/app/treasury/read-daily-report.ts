/**
 * The treasury's daily reconciliation for one Asia/Kuwait day (staff: clerk, auditor,
 * administrator). Read in one repeatable-read snapshot so every figure is of the same
 * instant even while money moves.
 */
import { kuwaitDayBounds, reconcileDay, type DailyReconciliation } from "../../domain/treasury/reconciliation.ts";
import { accountTotalsBetween, fileFiguresForDay, movementsBetween, unbalancedEntries } from "../../storage/treasury/reads.ts";
import { authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export async function readDailyTreasuryReport(deps: AppDeps, context: UseCaseContext, input: { date: string }): Promise<DailyReconciliation & { from: Date; to: Date }> {
  authorizeGlobally(context.subject, "treasury.report");
  const { from, to } = kuwaitDayBounds(input.date);
  return deps.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (tx) => {
      const before = await accountTotalsBetween(tx, null, from);
      const during = await accountTotalsBetween(tx, from, to);
      const movements = await movementsBetween(tx, from, to);
      const unbalanced = await unbalancedEntries(tx, to);
      const files = await fileFiguresForDay(tx, from, to);
      return { ...reconcileDay({ date: input.date, before, during, movements, unbalancedEntryIds: unbalanced, files }), from, to };
    });
}
