/**
 * The one place for the rules between a procedure and its agency orders, both ways:
 * what the orders imply for the procedure (procedureEventForOrders, reconcileProcedure)
 * and what the procedure's status requires of its orders (orderEventsForProcedure).
 */
import { DomainError } from "../errors.ts";
import {
  type AgencyOrderStatus,
  isAgencyOrderSent,
  isAgencyOrderSettled,
  liftEventForAgencyOrder,
} from "./agency-order-machine.ts";
import {
  type ProcedureEvent,
  type ProcedureKind,
  type ProcedureStatus,
  canProcedure,
  isTerminalProcedureStatus,
  nextProcedureStatus,
  procedureStatuses,
} from "./procedure-machine.ts";

// Every agency has answered, and none holds or will act on anything now.
const answeredNothing = (status: AgencyOrderStatus): boolean =>
  status === "rejected" || status === "nothing_found";

/** Callers apply the event, then ask again until null (or use reconcileProcedure). */
export function procedureEventForOrders(
  kind: ProcedureKind,
  procedureStatus: ProcedureStatus,
  orderStatuses: readonly AgencyOrderStatus[],
): ProcedureEvent | null {
  switch (procedureStatus) {
    case "ordered":
      // Dispatched as soon as one order has left the outbox: from then on a waiver or a
      // payment must lift at the agencies rather than just cancel.
      return orderStatuses.some(isAgencyOrderSent) ? "dispatch" : null;
    case "dispatched":
      if (orderStatuses.includes("executed")) return "execute";
      // Whether "nothing anywhere" ends the procedure is the table's call (not for banks).
      // An empty set is no answer at all, so it never fails.
      if (
        canProcedure(kind, procedureStatus, "fail") &&
        orderStatuses.length > 0 &&
        orderStatuses.every(answeredNothing)
      ) {
        return "fail";
      }
      return null;
    case "lifting":
      return orderStatuses.every(isAgencyOrderSettled) ? "confirmLift" : null;
    default:
      // in_force stays in_force whatever else executes; other statuses are decided by
      // people, deadlines or are terminal.
      return null;
  }
}

/** Applies the implied events until none is left; each event becomes one action. */
export function reconcileProcedure(
  kind: ProcedureKind,
  procedureStatus: ProcedureStatus,
  orderStatuses: readonly AgencyOrderStatus[],
): { status: ProcedureStatus; events: ProcedureEvent[] } {
  let status = procedureStatus;
  const events: ProcedureEvent[] = [];
  // Bounded: a loop here would be a bug in the rules, not a reason to hang a worker.
  for (let step = 0; step <= procedureStatuses.length; step++) {
    const event = procedureEventForOrders(kind, status, orderStatuses);
    if (event === null) return { status, events };
    status = nextProcedureStatus(kind, status, event);
    events.push(event);
  }
  throw new DomainError("INTERNAL", { kind, procedureStatus, orderStatuses, events });
}

/**
 * Per order (same positions), the event that withdraws it, once its procedure is being
 * lifted or has ended: cancel what is still in the outbox, send a lift order for what
 * stands. A procedure that ended never leaves an order open at an agency, including one
 * that answered "nothing found" or executed late. Null: nothing to do for that order.
 */
export function orderEventsForProcedure(
  procedureStatus: ProcedureStatus,
  orderStatuses: readonly AgencyOrderStatus[],
): ("cancel" | "requestLift" | null)[] {
  const withdrawing = procedureStatus === "lifting" || isTerminalProcedureStatus(procedureStatus);
  return orderStatuses.map((status) => (withdrawing ? liftEventForAgencyOrder(status) : null));
}
