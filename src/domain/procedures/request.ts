/** What a creditor asks for when requesting a measure: the kind, the file, the debtor, and what the kind needs. */
import type { Fils } from "../money/index.ts";

export interface TravelBanEvidence {
  /** Why the debt is certain, fixed and due (Art. 297). */
  debtCertainAndDue: string;
  /** Serious reasons to fear the debtor will leave the country. */
  flightRisk: string;
  /** Why the debtor is able to pay. */
  abilityToPay: string;
}

/** Papers filed with the request (evidence): ids of documents the requester uploaded to the file first. */
interface FiledPapers {
  documentIds?: readonly string[];
}

export type ProcedureRequest =
  | ({ kind: "bank_attachment"; fileId: string; debtorPartyId: string; amount: Fils; banks: "all" | readonly string[] } & FiledPapers)
  | ({ kind: "vehicle_seizure"; fileId: string; debtorPartyId: string } & FiledPapers)
  | ({
      kind: "travel_ban";
      fileId: string;
      debtorPartyId: string;
      evidence: TravelBanEvidence;
      /** Asked before the creditor sued on the debt (Art. 297): filing must then be proven within the Art. 298(e) period. */
      beforeSuit?: boolean;
    } & FiledPapers);
