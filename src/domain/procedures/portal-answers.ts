/**
 * Answers an agency officer may give in the agency portal, in place of the agency's
 * machine: which answer fits which kind of order, and which move of the order state
 * machine it needs. The portal refuses an answer that could not move the order, so an
 * officer is told at once instead of their answer being kept and ignored.
 */
import { DomainError } from "../errors.ts";
import { canAgencyOrder, type AgencyOrderEvent, type AgencyOrderStatus } from "./agency-order-machine.ts";
import type { ProcedureKind } from "./procedure-machine.ts";

export const portalAnswerKinds = [
  "acknowledge",
  "declare",
  "nothing_held",
  "seizure_result",
  "ban_registered",
  "reject",
  "confirm_lift",
  "confirm_transfer",
] as const;
export type PortalAnswerKind = (typeof portalAnswerKinds)[number];

/** The answers that fit each kind of order. */
export const portalAnswersByProcedure = {
  bank_attachment: ["acknowledge", "declare", "nothing_held", "reject", "confirm_lift", "confirm_transfer"],
  vehicle_seizure: ["acknowledge", "seizure_result", "nothing_held", "reject", "confirm_lift"],
  travel_ban: ["acknowledge", "ban_registered", "reject", "confirm_lift"],
} as const satisfies Record<ProcedureKind, readonly PortalAnswerKind[]>;

/**
 * The order events an answer can cause; it is possible when any one is legal now. A bank
 * declaration is absolute and numbered, so a later one (even of nothing) is taken while the
 * order stands: it is possible wherever a further execution is. A transfer confirmation
 * moves no status (null): it needs a transfer order instead.
 */
const answerEvents = {
  acknowledge: ["acknowledge"],
  declare: ["execute", "reportNothing"],
  nothing_held: ["execute", "reportNothing"],
  seizure_result: ["execute"],
  ban_registered: ["execute"],
  reject: ["reject"],
  confirm_lift: ["confirmLift"],
  confirm_transfer: null,
} as const satisfies Record<PortalAnswerKind, readonly AgencyOrderEvent[] | null>;

/** Seizure orders: "nothing held" is a result with no vehicles, which only a first answer can be. */
function eventsFor(answer: PortalAnswerKind, procedureKind: ProcedureKind): readonly AgencyOrderEvent[] | null {
  if (answer === "nothing_held" && procedureKind === "vehicle_seizure") return ["reportNothing"];
  return answerEvents[answer];
}

/** Throws ANSWER_NOT_APPLICABLE for the wrong kind of order, TRANSITION_NOT_ALLOWED for the wrong moment. */
export function checkPortalAnswer(answer: PortalAnswerKind, procedureKind: ProcedureKind, status: AgencyOrderStatus): void {
  if (!(portalAnswersByProcedure[procedureKind] as readonly PortalAnswerKind[]).includes(answer)) {
    throw new DomainError("ANSWER_NOT_APPLICABLE", { answer, orderKind: procedureKind });
  }
  const events = eventsFor(answer, procedureKind);
  if (events !== null && !events.some((event) => canAgencyOrder(status, event))) {
    throw new DomainError("TRANSITION_NOT_ALLOWED", { answer, status });
  }
}

/** The agency owes an answer: to the order (sent, acknowledged) or to its lift. */
export const awaitingAnswerStatuses = ["sent", "acknowledged", "lift_requested", "lift_sent"] as const satisfies readonly AgencyOrderStatus[];
/** The answer to the order itself is due (Art. 230(e) for banks): these count for deadlines. */
export const answerDueStatuses = ["sent", "acknowledged"] as const satisfies readonly AgencyOrderStatus[];

export function isAwaitingAnswer(status: AgencyOrderStatus): boolean {
  return (awaitingAnswerStatuses as readonly AgencyOrderStatus[]).includes(status);
}
