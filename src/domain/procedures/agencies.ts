/**
 * Which agencies a procedure sends orders to, and a stable id per agency
 * (the key of "one order per procedure per agency").
 */
import { DomainError } from "../errors.ts";
import { bankByCode, commercialBankCodes, isBankCode } from "../identifiers/banks.ts";
import type { ProcedureKind } from "./procedure-machine.ts";

export type AgencyRef =
  | { kind: "bank"; bankCode: string }
  | { kind: "traffic" }
  | { kind: "ports" }
  | { kind: "civil_info" }
  | { kind: "clearing" };

export type AgencyKind = AgencyRef["kind"];

export const agencyKinds = ["bank", "traffic", "ports", "civil_info", "clearing"] as const satisfies readonly AgencyKind[];

/** The agency kind each procedure kind orders; civil_info and clearing only answer inquiries. */
export const procedureAgencyKinds = {
  bank_attachment: "bank",
  vehicle_seizure: "traffic",
  travel_ban: "ports",
} as const satisfies Record<ProcedureKind, AgencyKind>;

// Keys read back from storage are checked by shape only, so an order to a bank that has
// since left the bank table still parses; new orders are checked against the table.
const bankCodePattern = /^[A-Z]{4}$/;

export function agencyKey(ref: AgencyRef): string {
  return ref.kind === "bank" ? `bank:${ref.bankCode}` : ref.kind;
}

/** Inverse of agencyKey, for keys read back from storage. */
export function parseAgencyKey(key: string): AgencyRef {
  if (key.startsWith("bank:")) {
    const bankCode = key.slice("bank:".length);
    if (bankCodePattern.test(bankCode)) return { kind: "bank", bankCode };
  } else if (key === "traffic" || key === "ports" || key === "civil_info" || key === "clearing") {
    return { kind: key };
  }
  throw new DomainError("VALIDATION_FAILED", { field: "agencyKey", value: key });
}

/** Every agency of the exchange: the commercial banks, traffic, ports, civil information and the clearing company. */
export const allAgencyKeys = (): string[] => [...commercialBankCodes.map((code) => `bank:${code}`), "traffic", "ports", "civil_info", "clearing"];

/**
 * The agencies that get an order for a new procedure. A bank attachment goes to every
 * bank that receives orders, or to the banks given (e.g. those a disclosure named);
 * duplicates are dropped so there is one order per bank. Other kinds ignore bankCodes.
 */
export function agenciesForProcedure(
  kind: ProcedureKind,
  bankCodes: readonly string[] = commercialBankCodes,
): AgencyRef[] {
  switch (procedureAgencyKinds[kind]) {
    case "bank": {
      const unique = [...new Set(bankCodes)];
      for (const bankCode of unique) {
        if (!isBankCode(bankCode)) throw new DomainError("BANK_CODE_UNKNOWN", { bankCode });
        // The Central Bank holds no customer accounts to attach.
        if (!bankByCode(bankCode).receivesOrders) {
          throw new DomainError("VALIDATION_FAILED", { kind, field: "bankCodes", bankCode });
        }
      }
      // An attachment with no bank would never be dispatched and never end.
      if (unique.length === 0) throw new DomainError("VALIDATION_FAILED", { kind, field: "bankCodes" });
      return unique.map((bankCode) => ({ kind: "bank", bankCode }));
    }
    case "traffic":
      return [{ kind: "traffic" }];
    case "ports":
      return [{ kind: "ports" }];
  }
}
