/**
 * What the hub tells agencies about a procedure's orders: the order message for each kind
 * of measure and the debtor as the protocol names them. Pure: the use cases load the facts.
 */
import type { ProcedureKind } from "../procedures/index.ts";
import type { ProtectionTerms } from "../cap/salary-protection.ts";
import type { HubMessage } from "./messages.ts";

type WithoutEnvelopeFields<T> = T extends unknown ? Omit<T, "messageId" | "sentAt"> : never;
/** A hub message before it is queued (its id and time are fixed when it is stored). */
export type OutgoingMessage = WithoutEnvelopeFields<HubMessage>;

export interface DebtorFacts {
  civilId: string | null;
  crNumber: string | null;
  nameAr: string;
  nameEn: string;
}

/** The debtor as the protocol names them: a person by civil ID, a company by commercial registration. */
export function wireDebtor(debtor: DebtorFacts) {
  return debtor.civilId !== null
    ? { civilId: debtor.civilId, nameAr: debtor.nameAr, nameEn: debtor.nameEn }
    : { crNumber: debtor.crNumber!, nameAr: debtor.nameAr, nameEn: debtor.nameEn };
}

/** The order for one agency of a procedure. */
export function orderMessage(procedure: { kind: ProcedureKind; amount: bigint | null }, orderId: string, fileNumber: string, debtor: DebtorFacts): OutgoingMessage {
  const common = { orderId, fileNumber, debtor: wireDebtor(debtor) };
  switch (procedure.kind) {
    case "bank_attachment":
      return { ...common, type: "attachment.order", maxAmount: procedure.amount!.toString(), standing: true };
    case "vehicle_seizure":
      return { ...common, type: "seizure.order" };
    case "travel_ban":
      return { ...common, type: "travel_ban.order" };
  }
}

/** The terms an attachment order goes with (Art. 216): the shares the bank may hold; no credit limited yet. */
export function protectionMessage(terms: ProtectionTerms, orderId: string, fileNumber: string): OutgoingMessage {
  return { type: "attachment.protection", orderId, fileNumber, debtKind: terms.debtKind, salaryShareBps: terms.salaryShareBps, exempt: [...terms.exempt], credits: [] };
}
