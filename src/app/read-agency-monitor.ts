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

/**
 * The same figures without a subject, for the metrics endpoint (src/http/metrics.ts): only
 * counts and ages per agency, no file or person (the operator may guard it with a bearer token).
 */
export async function agencyFigures(deps: AppDeps) {
  return agencyMonitorFigures(deps.db, allAgencyKeys(), deps.clock.now());
}
