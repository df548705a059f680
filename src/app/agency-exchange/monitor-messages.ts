/**
 * Staff watching the exchange: messages by status (dead letters first of all), and sending
 * dead messages again once the agency is fixed.
 */
import { authorizeGlobally } from "../../domain/access/authorization.ts";
import { messagesInStatus, redriveDead, type MonitoredMessage } from "../../storage/exchange/repository.ts";
import type { AgencyMessageStatus } from "../../storage/schema.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export type { MonitoredMessage };

export async function listAgencyMessages(deps: AppDeps, context: UseCaseContext, filter: { status: AgencyMessageStatus; agencyKey?: string | undefined; limit: number }): Promise<MonitoredMessage[]> {
  authorizeGlobally(context.subject, "agency.monitor");
  return messagesInStatus(deps.db, filter);
}

/** Dead messages put back in the queue; returns how many were dead. */
export async function redriveDeadMessages(deps: AppDeps, context: UseCaseContext, ids: readonly bigint[]): Promise<number> {
  authorizeGlobally(context.subject, "agency.redrive");
  return redriveDead(deps.db, ids, deps.clock.now());
}
