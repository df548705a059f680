/** What the debtor's pages share: which debtor parties of a file are me, which measures act against them, whether there is anything to pay. */
import type { DebtFile, FileDetail, Me, Party, Procedure } from "../../api/types.ts";
import { compareAmounts } from "../../i18n/format.ts";

/** The debtor parties I am: in person, or a company I represent (the API decides again on every act). */
export function myDebtorParties(file: FileDetail, me: Me): Party[] {
  const companies = new Set(me.companies.filter((value): value is string => typeof value === "string"));
  return file.parties.filter((party) => party.role === "debtor" && (party.civilId === me.civilId || (party.crNumber !== undefined && companies.has(party.crNumber))));
}

/** An open file against me that I may act on (propose instalments, dispute). */
export const mayActOn = (file: FileDetail, me: Me | null) => me !== null && file.status === "open" && myDebtorParties(file, me).length > 0;

/** Measures that were ordered against the debtor: a request still being decided, refused or withdrawn never touched them. */
export const actingStatuses = new Set(["ordered", "dispatched", "in_force", "lifting", "lifted", "expired"]);
/** Measures an instalment plan may have lifted while it is kept (docs/disputes-and-instalments.md). */
export const liftableStatuses = new Set(["ordered", "dispatched", "in_force"]);

export function measuresAgainst(file: FileDetail, parties: Party[]): Procedure[] {
  const ids = new Set(parties.map((party) => party.id));
  return file.procedures.filter((procedure) => ids.has(procedure.debtorPartyId) && actingStatuses.has(procedure.status));
}

export const mayPay = (debt: Pick<DebtFile, "status" | "outstanding">) => debt.status === "open" && compareAmounts(debt.outstanding, "0") > 0;
