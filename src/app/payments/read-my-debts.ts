/**
 * The debtor's side: every file against the signed-in person (or a company they represent
 * now), what it still owes, and what is held where — funds per bank, vehicles flagged,
 * a travel ban — with the measure each comes from. What they may pay online is what is owed.
 */
import { outstanding } from "../../domain/file/claim.ts";
import type { Fils } from "../../domain/money/index.ts";
import { parseAgencyKey } from "../../domain/procedures/agencies.ts";
import { filesOfDebtor, holdingsOf, outsidePaymentsOf, pendingPaymentsOf, type OutsidePaymentRow, type DebtorFilesFilter, type HoldingRow } from "../../storage/files/reads.ts";
import { authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

/** Where a holding stands: ordered (sent, no answer yet), in force, or being lifted. */
export type HoldingState = "ordered" | "in_force" | "lifting";

interface HoldingBase {
  agencyKey: string;
  procedureId: string;
  orderId: string;
  state: HoldingState;
  since: Date;
}

export type Holding =
  | (HoldingBase & { kind: "bank_funds"; bankCode: string; amount: Fils })
  | (HoldingBase & { kind: "vehicle"; plate: string; make: string; model: string; year: number })
  | (HoldingBase & { kind: "travel_ban"; reference: string | null });

export interface DebtView {
  fileId: string;
  openedAt: Date;
  number: string;
  status: "open" | "satisfied" | "closed";
  claimTotal: Fils;
  paid: Fils;
  outstanding: Fils;
  creditors: { nameAr: string; nameEn: string }[];
  /** Funds frozen under the file across every bank (never more than outstanding: the cap). */
  heldInBanks: Fils;
  holdings: Holding[];
  pendingPayments: { paymentId: string; amount: Fils; initiatedAt: Date; paymentPageUrl: string | null }[];
  /** Payments made outside the department and reported (Art. 298(b)): a creditor's late report is flagged. */
  reportedPayments: Omit<OutsidePaymentRow, "fileId">[];
}

function stateOf(orderStatus: string): HoldingState {
  if (orderStatus === "lift_requested" || orderStatus === "lift_sent") return "lifting";
  return orderStatus === "executed" ? "in_force" : "ordered";
}

/** One order's holdings: a bank's frozen funds, each vehicle flagged, or the ban. Nothing for an order that holds nothing. */
export function holdingsOfOrder(row: HoldingRow): Holding[] {
  const base = { agencyKey: row.agencyKey, procedureId: row.procedureId, orderId: row.orderId, state: stateOf(row.orderStatus), since: row.updatedAt };
  const agency = parseAgencyKey(row.agencyKey);
  if (agency.kind === "bank") return row.amountHeld > 0n ? [{ ...base, kind: "bank_funds", bankCode: agency.bankCode!, amount: row.amountHeld }] : [];
  if (row.procedureKind === "vehicle_seizure") {
    const vehicles = ((row.details ?? {}) as { vehicles?: { plate: string; make: string; model: string; year: number }[] }).vehicles ?? [];
    return vehicles.map((vehicle) => ({ ...base, kind: "vehicle" as const, plate: vehicle.plate, make: vehicle.make, model: vehicle.model, year: vehicle.year }));
  }
  if (row.procedureKind === "travel_ban") {
    if (row.orderStatus === "nothing_found") return [];
    return [{ ...base, kind: "travel_ban", reference: ((row.details ?? {}) as { reference?: string }).reference ?? null }];
  }
  return [];
}

export async function readMyDebts(deps: AppDeps, context: UseCaseContext, filter: DebtorFilesFilter): Promise<DebtView[]> {
  authorizeGlobally(context.subject, "debts.read_own");
  const files = await filesOfDebtor(deps.db, context.subject.civilId, context.subject.companies, filter);
  const [holdings, pending, outside] = await Promise.all([
    holdingsOf(deps.db, files.map((file) => file.debtorPartyId)),
    pendingPaymentsOf(deps.db, context.subject.civilId, files.map((file) => file.fileId)),
    outsidePaymentsOf(deps.db, files.map((file) => file.fileId)),
  ]);
  return files.map((file) => {
    const own = holdings.filter((row) => row.fileId === file.fileId).flatMap(holdingsOfOrder);
    return {
      fileId: file.fileId,
      openedAt: file.openedAt,
      number: file.number,
      status: file.status,
      claimTotal: file.claimTotal,
      paid: file.recoveredTotal,
      outstanding: outstanding(file.claimTotal, file.recoveredTotal),
      creditors: file.creditors,
      heldInBanks: own.reduce((sum, holding) => (holding.kind === "bank_funds" ? sum + holding.amount : sum), 0n),
      holdings: own,
      pendingPayments: pending.filter((payment) => payment.fileId === file.fileId).map(({ fileId: _file, ...payment }) => payment),
      reportedPayments: outside.filter((payment) => payment.fileId === file.fileId).map(({ fileId: _file, ...payment }) => payment),
    };
  });
}
