/**
 * Several procedures at once (issue 18, item 2): a batch of requests — several measures on
 * one file, or one measure on many files (a lawyer's mandated files) — checked row by row,
 * signed once on the phone, each request then living its own life on its file. And the
 * "next measures" a file page proposes when a measure ended with nothing found.
 */
import type { Fils } from "../money/index.ts";
import { isTerminalProcedureStatus, type ProcedureKind, type ProcedureStatus } from "./procedure-machine.ts";

/** At most this many requests in one batch (one screen to check, one phone summary to read). */
export const BATCH_MAX_ITEMS = 50;
/** What the phone signs for a batch: one signature over the digest of all its requests. */
export const REQUEST_BATCH_PURPOSE = "procedure.request.batch";

/** A measure on a file as the next-measures proposal sees it. */
export interface MeasureFacts {
  kind: ProcedureKind;
  status: ProcedureStatus;
  debtorPartyId: string;
  /** Every agency answered that it holds nothing (no money, no vehicle). */
  nothingFound: boolean;
}

export interface ProposalInput {
  fileOpen: boolean;
  outstanding: Fils;
  /** The debtors of the file; a travel ban needs a person (a civil ID). */
  debtors: readonly { id: string; person: boolean }[];
  procedures: readonly MeasureFacts[];
  /** The rules in force: the least outstanding for which a travel ban is asked (travelBan.minimumOutstanding). */
  travelBanMinimum: Fils;
}

export interface MeasureProposal {
  debtorPartyId: string;
  kind: ProcedureKind;
  /** The measure that ended with nothing found and prompts this one. */
  after: ProcedureKind;
}

/**
 * After a measure against a debtor ended with nothing found, the measures the rules allow
 * now against that debtor: a new bank attachment (funds may have come in since), a vehicle
 * seizure, a travel ban (a person, at least the minimum outstanding) — never a vehicle
 * seizure or travel ban while one is active against the debtor, never on a file
 * that is not open or owes nothing.
 */
export function proposeNextMeasures(input: ProposalInput): MeasureProposal[] {
  if (!input.fileOpen || input.outstanding <= 0n) return [];
  const proposals: MeasureProposal[] = [];
  for (const debtor of input.debtors) {
    const own = input.procedures.filter((procedure) => procedure.debtorPartyId === debtor.id);
    const empty = own.filter((procedure) => procedure.nothingFound);
    if (empty.length === 0) continue;
    const after = empty[empty.length - 1]!.kind;
    // One vehicle seizure and one travel ban per debtor at a time (as requestProcedure refuses a second).
    const active = new Set(own.filter((procedure) => !isTerminalProcedureStatus(procedure.status)).map((procedure) => procedure.kind));
    const kinds: ProcedureKind[] = ["bank_attachment", "vehicle_seizure", "travel_ban"];
    for (const kind of kinds) {
      if (kind !== "bank_attachment" && active.has(kind)) continue;
      if (kind === "travel_ban" && (!debtor.person || input.outstanding < input.travelBanMinimum)) continue;
      proposals.push({ debtorPartyId: debtor.id, kind, after });
    }
  }
  return proposals;
}
