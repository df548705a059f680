/**
 * An enforcement dispute (LEGAL.md): the debtor contests the enforcement with grounds and
 * a bond. The judge suspends enforcement or refuses to, then rules: upheld (the measures
 * the judge names are lifted) or dismissed (any suspension ends). Two transition tables,
 * as data the compiler checks: the dispute's and its bond's. Statuses are the fold of the
 * accepted events, like a procedure's.
 */
import { DomainError } from "../errors.ts";

export const disputeStatuses = ["filed", "suspended", "not_suspended", "upheld", "dismissed"] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export const disputeEvents = ["suspend", "refuseSuspension", "uphold", "dismiss"] as const;
export type DisputeEvent = (typeof disputeEvents)[number];

export const disputeMachine = {
  filed: { suspend: "suspended", refuseSuspension: "not_suspended", uphold: "upheld", dismiss: "dismissed" },
  // A suspension stands until the ruling; it is not refused after the fact.
  suspended: { uphold: "upheld", dismiss: "dismissed" },
  // A refusal may be reconsidered (e.g. the bond is posted later).
  not_suspended: { suspend: "suspended", uphold: "upheld", dismiss: "dismissed" },
  upheld: {},
  dismissed: {},
} as const satisfies Record<DisputeStatus, Partial<Record<DisputeEvent, DisputeStatus>>>;

export const initialDisputeStatus = "filed" satisfies DisputeStatus;

/** Still before the judge: a second dispute on the same file waits for this one. */
export const openDisputeStatuses = ["filed", "suspended", "not_suspended"] as const satisfies readonly DisputeStatus[];

export function isOpenDispute(status: DisputeStatus): boolean {
  return (openDisputeStatuses as readonly DisputeStatus[]).includes(status);
}

export const bondStatuses = ["required", "declared", "posted"] as const;
export type BondStatus = (typeof bondStatuses)[number];

export const bondEvents = ["declare", "post", "reject"] as const;
export type BondEvent = (typeof bondEvents)[number];

/*
 * No payment is faked: the debtor declares a deposit (its reference) and a clerk checks it
 * was received before the bond counts as posted; a clerk may also post a deposit made at
 * the department's cashier directly. A declared deposit not found goes back to required.
 */
export const bondMachine = {
  required: { declare: "declared", post: "posted" },
  declared: { post: "posted", reject: "required" },
  posted: {},
} as const satisfies Record<BondStatus, Partial<Record<BondEvent, BondStatus>>>;

export const initialBondStatus = "required" satisfies BondStatus;

type Table<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

// Own-property lookups: values come from storage or requests; "constructor" must not resolve.
function lookup<S extends string, E extends string>(table: Table<S, E>, status: S, event: E): S | undefined {
  if (!Object.hasOwn(table, status)) return undefined;
  const row = table[status];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

export function nextDisputeStatus(status: DisputeStatus, event: DisputeEvent): DisputeStatus {
  const next = lookup<DisputeStatus, DisputeEvent>(disputeMachine, status, event);
  if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { machine: "dispute", status, event });
  return next;
}

export function nextBondStatus(status: BondStatus, event: BondEvent): BondStatus {
  const next = lookup<BondStatus, BondEvent>(bondMachine, status, event);
  if (next === undefined) throw new DomainError("TRANSITION_NOT_ALLOWED", { machine: "bond", status, event });
  return next;
}

export function disputeStatusFromEvents(events: readonly DisputeEvent[]): DisputeStatus {
  return events.reduce<DisputeStatus>((status, event) => nextDisputeStatus(status, event), initialDisputeStatus);
}

export function bondStatusFromEvents(events: readonly BondEvent[]): BondStatus {
  return events.reduce<BondStatus>((status, event) => nextBondStatus(status, event), initialBondStatus);
}

/**
 * The judge's suspension, checked against the bond: where the rules make the bond a
 * condition, enforcement is suspended only once it is posted. Returns the next status.
 */
export function suspendDispute(status: DisputeStatus, bond: BondStatus, suspensionRequiresBond: boolean): DisputeStatus {
  const next = nextDisputeStatus(status, "suspend");
  if (suspensionRequiresBond && bond !== "posted") throw new DomainError("BOND_NOT_POSTED", { bondStatus: bond });
  return next;
}

/** A file is suspended while any of its disputes is. */
export function isSuspending(status: DisputeStatus): boolean {
  return status === "suspended";
}

/** The steps of a dispute its parties are told of (electronic notices). */
export const disputeNoticeEvents = ["filed", "bond_declared", "bond_posted", "bond_rejected", "suspended", "suspension_refused", "upheld", "dismissed"] as const;
export type DisputeNoticeEvent = (typeof disputeNoticeEvents)[number];
