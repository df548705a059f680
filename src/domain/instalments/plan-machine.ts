/**
 * An instalment plan (Arts. 292–293: instalments with the creditor's consent): the debtor
 * proposes a schedule; every creditor of the file consents or one refuses; where the rules
 * need it a judge orders it (or declines); in force, the measures its terms name are
 * lifted; paid in full it completes, a missed instalment defaults it (the measures are
 * restored). A transition table the compiler checks; the status is the fold of the events.
 */
import { DomainError } from "../errors.ts";

export const planStatuses = ["proposed", "agreed", "in_force", "completed", "defaulted", "refused", "declined", "lapsed"] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const planEvents = ["consent", "refuse", "order", "decline", "start", "complete", "default", "lapse"] as const;
export type PlanEvent = (typeof planEvents)[number];

export const planMachine = {
  // `consent` once every creditor has agreed; one refusal ends the proposal.
  proposed: { consent: "agreed", refuse: "refused", lapse: "lapsed" },
  // Agreed: in force at once when no judge's order is needed (`start`, by the rules), else on the judge's `order`.
  agreed: { start: "in_force", order: "in_force", decline: "declined", lapse: "lapsed" },
  in_force: { complete: "completed", default: "defaulted" },
  completed: {},
  defaulted: {},
  refused: {},
  declined: {},
  // The file was satisfied or closed before the plan came into force.
  lapsed: {},
} as const satisfies Record<PlanStatus, Partial<Record<PlanEvent, PlanStatus>>>;

export const initialPlanStatus = "proposed" satisfies PlanStatus;

/** Not yet ended: one such plan per debtor on a file at a time. */
export const openPlanStatuses = ["proposed", "agreed", "in_force"] as const satisfies readonly PlanStatus[];

export function isOpenPlan(status: PlanStatus): boolean {
  return (openPlanStatuses as readonly PlanStatus[]).includes(status);
}

function lookup(status: PlanStatus, event: PlanEvent): PlanStatus | undefined {
  const table: Record<PlanStatus, Partial<Record<PlanEvent, PlanStatus>>> = planMachine;
  if (!Object.hasOwn(table, status)) return undefined;
  const row = table[status];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

export function canPlan(status: PlanStatus, event: PlanEvent): boolean {
  return lookup(status, event) !== undefined;
}

export function nextPlanStatus(status: PlanStatus, event: PlanEvent): PlanStatus {
  const next = lookup(status, event);
  if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { machine: "instalment_plan", status, event });
  return next;
}

export function planStatusFromEvents(events: readonly PlanEvent[]): PlanStatus {
  return events.reduce<PlanStatus>((status, event) => nextPlanStatus(status, event), initialPlanStatus);
}

/** The steps of an instalment plan its parties are told of (electronic notices). */
export const planNoticeEvents = ["proposed", "awaiting_order", "in_force", "refused", "declined", "instalment_paid", "completed", "defaulted", "lapsed"] as const;
export type PlanNoticeEvent = (typeof planNoticeEvents)[number];
