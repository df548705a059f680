/** Staff watch the exchange: per agency, what is owed, how late, and what fails to leave. */
import { allAgencyKeys } from "../domain/procedures/agencies.ts";
import { agencyMonitorFigures } from "../storage/exchange/reads.ts";
import { authorizeGlobally } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export async function readAgencyMonitor(deps: AppDeps, context: UseCaseContext) {
  authorizeGlobally(context.subject, "agency.monitor");
  const now = deps.clock.now();
  return { generatedAt: now, agencies: await agencyMonitorFigures(deps.db, allAgencyKeys(), now) };
}
