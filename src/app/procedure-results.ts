/**
 * What each measure on a file came to, for its card (issue 18, "results on each measure's
 * card"): the judge's decision with its reasons and conditions, the vehicles traffic
 * flagged, the ports' reference of a travel ban, and bank by bank what is held, what was
 * released and why (the cap, a payment, a transfer, the lift) and what was transferred;
 * with the total held against what is owed, and "nothing found" as its own result (every
 * agency answered that it holds nothing) rather than a refusal. Read from the file's
 * projection and its action log; nothing is stored for it.
 */
import type { Fils } from "../domain/money/index.ts";

/** Why a bank released part of what it froze. */
export type ReleaseReason = "cap" | "payment" | "transfer" | "lift";

export interface BankResult {
  orderId: string;
  agencyKey: string;
  /** What the bank last declared frozen. */
  frozenDeclared: Fils;
  /** What the hub counts as held now (within the cap). */
  held: Fils;
  released: { amount: Fils; reason: ReleaseReason; at: Date }[];
  transferred: Fils;
}

export interface ProcedureResult {
  /** "nothing_found": every agency answered that it holds nothing (no money, no vehicle). */
  outcome: "nothing_found" | null;
  decision: { decision: string; reasons: string | null; conditions: string | null; grantedAmount: Fils | null; at: Date } | null;
  vehicles: { plate: string; make: string | null; model: string | null; year: number | null }[];
  portsReference: string | null;
  banks: BankResult[];
  totalHeld: Fils;
}

interface OrderRow {
  id: string;
  procedure_id: string;
  agency_key: string;
  status: string;
  amount_held: bigint;
  frozen_declared: bigint;
  details: unknown;
}

interface ActionRow {
  occurred_at: Date;
  action_kind: string;
  procedure_id: string | null;
  order_id: string | null;
  reason: string | null;
  payload: unknown;
}

const fils = (value: unknown): Fils => {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return 0n;
};
const text = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);
const releaseReasons: readonly string[] = ["cap", "payment", "transfer"];

/** The results of one procedure, from its orders and the file's actions (oldest first). */
export function procedureResult(procedure: { id: string; procedure_kind: string; status: string }, orders: readonly OrderRow[], actions: readonly ActionRow[]): ProcedureResult {
  const own = orders.filter((order) => order.procedure_id === procedure.id);
  const mine = actions.filter((action) => action.procedure_id === procedure.id);
  const answered = own.filter((order) => order.status !== "cancelled");
  const nothingFound = answered.length > 0 && answered.every((order) => order.status === "nothing_found" || order.status === "rejected") && answered.some((order) => order.status === "nothing_found");
  const decided = [...mine].reverse().find((action) => (action.action_kind === "procedure.approve" || action.action_kind === "procedure.reject") && typeof (action.payload as { decision?: unknown })?.decision === "string");
  const decisionPayload = decided?.payload as { decision: string; conditions?: unknown; grantedAmount?: unknown } | undefined;
  const vehicles = own.flatMap((order) => {
    const listed = (order.details as { vehicles?: unknown })?.vehicles;
    return Array.isArray(listed)
      ? listed.map((vehicle: Record<string, unknown>) => ({ plate: String(vehicle.plate ?? ""), make: text(vehicle.make), model: text(vehicle.model), year: typeof vehicle.year === "number" ? vehicle.year : null }))
      : [];
  });
  const portsReference = own.map((order) => text((order.details as { reference?: unknown })?.reference)).find((reference) => reference !== null) ?? null;
  const banks =
    procedure.procedure_kind === "bank_attachment"
      ? own.map((order) => {
          const orderActions = actions.filter((action) => action.order_id === order.id || (action.action_kind === "ledger.recovery" && isTransferFrom(action.payload, order.agency_key)));
          // What the bank transferred: money that left the hold for the department, not a release.
          let transferred = 0n;
          for (const action of orderActions) {
            if (action.action_kind === "treasury.proceeds_received" || action.action_kind === "treasury.transfer_excess" || action.action_kind === "ledger.recovery") {
              transferred += fils((action.payload as Record<string, unknown> | null)?.amount);
            }
          }
          let previous = 0n;
          let transferLeft = transferred;
          const released: BankResult["released"] = [];
          for (const action of orderActions) {
            if (action.action_kind !== "order.hold") continue;
            const payload = (action.payload ?? {}) as Record<string, unknown>;
            const held = fils(payload.held);
            const stated = fils(payload.released);
            const reason = typeof payload.reason === "string" && releaseReasons.includes(payload.reason) ? (payload.reason as ReleaseReason) : "cap";
            if (stated > 0n) released.push({ amount: stated, reason, at: action.occurred_at });
            else if (held < previous) {
              // A hold that fell without a release told to the bank: what was transferred, then the lift for the rest.
              const drop = previous - held;
              const byTransfer = drop < transferLeft ? drop : transferLeft;
              transferLeft -= byTransfer;
              if (drop > byTransfer) released.push({ amount: drop - byTransfer, reason: "lift", at: action.occurred_at });
            }
            previous = held;
          }
          return { orderId: order.id, agencyKey: order.agency_key, frozenDeclared: order.frozen_declared, held: order.amount_held, released, transferred };
        })
      : [];
  return {
    outcome: nothingFound ? "nothing_found" : null,
    decision: decided
      ? {
          decision: decisionPayload!.decision,
          reasons: decided.reason,
          conditions: text(decisionPayload!.conditions),
          grantedAmount: decisionPayload!.grantedAmount === undefined ? null : fils(decisionPayload!.grantedAmount),
          at: decided.occurred_at,
        }
      : null,
    vehicles,
    portsReference,
    banks,
    totalHeld: banks.reduce((sum, bank) => sum + bank.held, 0n),
  };
}

/** A recovery credited from a bank's transfer on this procedure's order (its reference names the bank). */
function isTransferFrom(payload: unknown, agencyKey: string): boolean {
  const { source, reference } = (payload ?? {}) as { source?: unknown; reference?: unknown };
  return source === "frozen_funds_transfer" && typeof reference === "string" && reference.startsWith(`transfer:${agencyKey}:`);
}
