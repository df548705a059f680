import { randomUUID } from "node:crypto";
import type { Db } from "../storage/database.ts";
import type { Clock } from "./clock.ts";
import { kuwaitRules, type RuleSet } from "../domain/rules/rule-set.ts";
import { makeIban } from "../domain/identifiers/index.ts";
import type { PaymentServices } from "./ports/payments.ts";
import type { IdentityServices } from "./ports/identity.ts";
import { ReadLog } from "./read-log.ts";

/** What every use case needs: the database, the time, fresh ids, and the department's settings. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  newId(): string;
  settings: DepartmentSettings;
  /** The rule versions requests are judged by (makeDeps: the shipped Kuwaiti rules). */
  rules: RuleSet;
  /** The card-payment gateway (src/payments); absent: online payments are refused as unavailable. */
  payments?: PaymentServices;
  /** The identity provider's signing service and proof check (src/identity wires it); absent: signing is unavailable. */
  identity?: IdentityServices;
  /** Reads of debtors' data, buffered and written in batches off the request path (read-log.ts). */
  readLog: ReadLog;
}

export interface DepartmentSettings {
  /** The department's account at the Central Bank, where frozen funds are transferred. */
  treasuryIban: string;
  /**
   * Fees are collected before dispatch: a request's orders leave only once its fee is paid
   * (FEES_BEFORE_DISPATCH). Unset: they leave at once and the fee stays due.
   */
  feesBeforeDispatch?: boolean;
}

// The stand-in treasury account: a Central Bank IBAN with a valid check.
export const defaultDepartmentSettings: DepartmentSettings = { treasuryIban: makeIban("CBKU", "0000000000000000000001") };

export function makeDeps(db: Db, clock: Clock, settings: DepartmentSettings = defaultDepartmentSettings): AppDeps {
  return { db, clock, newId: randomUUID, settings, rules: kuwaitRules, readLog: new ReadLog(db, clock) };
}
