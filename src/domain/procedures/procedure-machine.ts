/**
 * Procedure state machines: one transition table per kind, as data the compiler checks.
 * A procedure's status is never stored alone: it is the fold of its accepted events.
 */
import { DomainError } from "../errors.ts";

export const procedureKinds = ["bank_attachment", "vehicle_seizure", "travel_ban"] as const;
export type ProcedureKind = (typeof procedureKinds)[number];

export const procedureStatuses = [
  "requested",
  "under_review",
  "ordered",
  "dispatched",
  "in_force",
  "lifting",
  "lifted",
  "rejected",
  "waived",
  "expired",
] as const;
export type ProcedureStatus = (typeof procedureStatuses)[number];

export const procedureEvents = [
  "refer",
  "approve",
  "reject",
  "dispatch",
  "execute",
  "fail",
  "waive",
  "lift",
  "confirmLift",
  "expire",
] as const;
export type ProcedureEvent = (typeof procedureEvents)[number];

export type ProcedureTransitionTable = Record<
  ProcedureStatus,
  Partial<Record<ProcedureEvent, ProcedureStatus>>
>;

/*
 * Rules shared by all three tables:
 * - Before anything is sent (requested, under_review, ordered) a waiver or a lapse ends the
 *   procedure outright: nothing is held anywhere. The app cancels the pending orders in
 *   the same transaction.
 * - Once anything may have reached an agency (dispatched, in_force) every ending goes
 *   through `lifting`, so each agency gets a lift order and confirms it. The only other
 *   exit is `fail`, where every agency already answered that it acts on nothing.
 *   Hence no `expire` after dispatch: a lapse then is a `lift` (Art. 298), never a silent
 *   stop that could leave a ban or a freeze in place.
 * - `ordered` may also `lift` (payment or satisfaction arriving before the orders left):
 *   going through `lifting` covers an order that raced out before the lift.
 */

// Automatic checks may approve an attachment of money; a judge decides only what is referred.
const bankAttachment = {
  requested: {
    refer: "under_review",
    approve: "ordered",
    reject: "rejected",
    waive: "waived",
    expire: "expired",
  },
  under_review: { approve: "ordered", reject: "rejected", waive: "waived", expire: "expired" },
  ordered: { dispatch: "dispatched", waive: "waived", lift: "lifting", expire: "expired" },
  // No `fail`: the attachment also reaches future credits (Art. 227(2)), so a bank
  // holding nothing today leaves it standing in `dispatched`.
  dispatched: { execute: "in_force", waive: "lifting", lift: "lifting" },
  in_force: { execute: "in_force", waive: "lifting", lift: "lifting" },
  lifting: { confirmLift: "lifted" },
  lifted: {},
  rejected: {},
  waived: {},
  expired: {},
} as const satisfies Record<ProcedureStatus, Partial<Record<ProcedureEvent, ProcedureStatus>>>;

// Traffic reports and flags what is registered now; if nothing is, the seizure fails.
const vehicleSeizure = {
  requested: {
    refer: "under_review",
    approve: "ordered",
    reject: "rejected",
    waive: "waived",
    expire: "expired",
  },
  under_review: { approve: "ordered", reject: "rejected", waive: "waived", expire: "expired" },
  ordered: { dispatch: "dispatched", waive: "waived", lift: "lifting", expire: "expired" },
  dispatched: { execute: "in_force", fail: "rejected", waive: "lifting", lift: "lifting" },
  in_force: { execute: "in_force", waive: "lifting", lift: "lifting" },
  lifting: { confirmLift: "lifted" },
  lifted: {},
  rejected: {},
  waived: {},
  expired: {},
} as const satisfies Record<ProcedureStatus, Partial<Record<ProcedureEvent, ProcedureStatus>>>;

// A ban is a petition decided by a judge with reasons (Art. 297): no `approve` from
// `requested`, only `refer`. Automatic checks may still refuse an inadmissible request.
const travelBan = {
  requested: { refer: "under_review", reject: "rejected", waive: "waived", expire: "expired" },
  under_review: { approve: "ordered", reject: "rejected", waive: "waived", expire: "expired" },
  ordered: { dispatch: "dispatched", waive: "waived", lift: "lifting", expire: "expired" },
  dispatched: { execute: "in_force", fail: "rejected", waive: "lifting", lift: "lifting" },
  in_force: { execute: "in_force", waive: "lifting", lift: "lifting" },
  lifting: { confirmLift: "lifted" },
  lifted: {},
  rejected: {},
  waived: {},
  expired: {},
} as const satisfies Record<ProcedureStatus, Partial<Record<ProcedureEvent, ProcedureStatus>>>;

export const procedureMachines = {
  bank_attachment: bankAttachment,
  vehicle_seizure: vehicleSeizure,
  travel_ban: travelBan,
} as const satisfies Record<ProcedureKind, ProcedureTransitionTable>;

export const initialProcedureStatus = "requested" satisfies ProcedureStatus;

export const terminalProcedureStatuses = ["lifted", "rejected", "waived", "expired"] as const;
export type TerminalProcedureStatus = (typeof terminalProcedureStatuses)[number];

// Statuses in which an agency holds, or may come to hold, something for this procedure.
export const activeProcedureStatuses = ["ordered", "dispatched", "in_force", "lifting"] as const;
export type ActiveProcedureStatus = (typeof activeProcedureStatuses)[number];

export function isTerminalProcedureStatus(status: ProcedureStatus): status is TerminalProcedureStatus {
  return (terminalProcedureStatuses as readonly ProcedureStatus[]).includes(status);
}

export function isActiveProcedureStatus(status: ProcedureStatus): status is ActiveProcedureStatus {
  return (activeProcedureStatuses as readonly ProcedureStatus[]).includes(status);
}

// Own-property lookups: values may come from storage or a request, and a name such as
// "constructor" must not resolve to something on Object.prototype.
function lookup(kind: ProcedureKind, status: ProcedureStatus, event: ProcedureEvent): ProcedureStatus | undefined {
  if (!Object.hasOwn(procedureMachines, kind)) return undefined;
  const table: ProcedureTransitionTable = procedureMachines[kind];
  if (!Object.hasOwn(table, status)) return undefined;
  const row = table[status];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

export function canProcedure(kind: ProcedureKind, status: ProcedureStatus, event: ProcedureEvent): boolean {
  return lookup(kind, status, event) !== undefined;
}

export function nextProcedureStatus(
  kind: ProcedureKind,
  status: ProcedureStatus,
  event: ProcedureEvent,
): ProcedureStatus {
  const next = lookup(kind, status, event);
  if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { kind, status, event });
  return next;
}

/** Status derived from the accepted events, oldest first. An illegal event means a corrupt history. */
export function procedureStatusFromEvents(kind: ProcedureKind, events: readonly ProcedureEvent[]): ProcedureStatus {
  let status: ProcedureStatus = initialProcedureStatus;
  events.forEach((event, index) => {
    const next = lookup(kind, status, event);
    if (next === undefined) {
      throw new DomainError("TRANSITION_NOT_ALLOWED", { kind, status, event, index });
    }
    status = next;
  });
  return status;
}

/**
 * Statuses in which a request ended without its measure ever being carried out: waived
 * before anything was sent, rejected (by the checks, a judge, or an agency that found
 * nothing), or lapsed. Its fee is no longer paid: the app offers no "pay the fee" and the
 * API refuses with FEE_NOT_DUE.
 */
export const feeEndedProcedureStatuses = ["rejected", "waived", "expired"] as const satisfies readonly ProcedureStatus[];

/** Whether a fee still due on a procedure in this status may be paid (a status read off the wire is a string). */
export function isFeePayableStatus(status: string): boolean {
  return !(feeEndedProcedureStatuses as readonly string[]).includes(status);
}
