/**
 * Agency order state machine: one order per procedure per agency (each bank is an agency).
 * Agency replies confirm or refuse a step; they never set a status directly.
 */
import { DomainError } from "../errors.ts";

export const agencyOrderStatuses = [
  "pending",
  "sent",
  "acknowledged",
  "executed",
  "nothing_found",
  "rejected",
  "lift_requested",
  "lift_sent",
  "lifted",
  "cancelled",
] as const;
export type AgencyOrderStatus = (typeof agencyOrderStatuses)[number];

export const agencyOrderEvents = [
  "send",
  "acknowledge",
  "execute",
  "reportNothing",
  "reject",
  "requestLift",
  "sendLift",
  "confirmLift",
  "cancel",
] as const;
export type AgencyOrderEvent = (typeof agencyOrderEvents)[number];

export type AgencyOrderTransitionTable = Record<
  AgencyOrderStatus,
  Partial<Record<AgencyOrderEvent, AgencyOrderStatus>>
>;

export const agencyOrderMachine = {
  // Still in the outbox: withdrawing it is a cancel, nothing reached the agency.
  pending: { send: "sent", cancel: "cancelled" },
  // An agency may answer with the execution itself, without a separate acknowledgement.
  sent: {
    acknowledge: "acknowledged",
    execute: "executed",
    reportNothing: "nothing_found",
    reject: "rejected",
    requestLift: "lift_requested",
  },
  // Accepted: the agency now owes an execution or a "nothing found", not a refusal.
  acknowledged: { execute: "executed", reportNothing: "nothing_found", requestLift: "lift_requested" },
  // A standing bank attachment catches later credits: each one is a further execution.
  executed: { execute: "executed", requestLift: "lift_requested" },
  // Nothing held today, but the order stands (future credits), so it can still execute
  // and must be lifted like any standing order.
  nothing_found: { execute: "executed", requestLift: "lift_requested" },
  rejected: {},
  // An execution that crossed the lift is still recorded (what it froze counts until the
  // lift is confirmed); the lift stays pending.
  lift_requested: { sendLift: "lift_sent", execute: "lift_requested" },
  lift_sent: { confirmLift: "lifted", execute: "lift_sent" },
  lifted: {},
  cancelled: {},
} as const satisfies Record<AgencyOrderStatus, Partial<Record<AgencyOrderEvent, AgencyOrderStatus>>>;

export const initialAgencyOrderStatus = "pending" satisfies AgencyOrderStatus;

/** Nothing more to expect from the agency on this order. */
export const settledAgencyOrderStatuses = ["lifted", "cancelled", "rejected"] as const;
export type SettledAgencyOrderStatus = (typeof settledAgencyOrderStatuses)[number];

function lookup(status: AgencyOrderStatus, event: AgencyOrderEvent): AgencyOrderStatus | undefined {
  const table: AgencyOrderTransitionTable = agencyOrderMachine;
  if (!Object.hasOwn(table, status)) return undefined;
  const row = table[status];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

export function canAgencyOrder(status: AgencyOrderStatus, event: AgencyOrderEvent): boolean {
  return lookup(status, event) !== undefined;
}

export function nextAgencyOrderStatus(status: AgencyOrderStatus, event: AgencyOrderEvent): AgencyOrderStatus {
  const next = lookup(status, event);
  if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { status, event });
  return next;
}

/** Status derived from the accepted events, oldest first. An illegal event means a corrupt history. */
export function agencyOrderStatusFromEvents(events: readonly AgencyOrderEvent[]): AgencyOrderStatus {
  let status: AgencyOrderStatus = initialAgencyOrderStatus;
  events.forEach((event, index) => {
    const next = lookup(status, event);
    if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { status, event, index });
    status = next;
  });
  return status;
}

/**
 * Executed and not yet being lifted. The amounts held come from the execution details;
 * an order in lift_requested/lift_sent that executed still holds until the lift is confirmed.
 */
export function isAgencyOrderHolding(status: AgencyOrderStatus): boolean {
  return status === "executed";
}

export function isAgencyOrderSettled(status: AgencyOrderStatus): status is SettledAgencyOrderStatus {
  return (settledAgencyOrderStatuses as readonly AgencyOrderStatus[]).includes(status);
}

/** The order has left the outbox: the agency may know of it. */
export function isAgencyOrderSent(status: AgencyOrderStatus): boolean {
  return status !== "pending" && status !== "cancelled";
}

/**
 * How to withdraw an order, in one place: cancel it while still in the outbox, otherwise
 * ask the agency to lift it. Null when it is settled or its lift is already under way.
 */
export function liftEventForAgencyOrder(status: AgencyOrderStatus): "cancel" | "requestLift" | null {
  if (canAgencyOrder(status, "cancel")) return "cancel";
  if (canAgencyOrder(status, "requestLift")) return "requestLift";
  return null;
}
