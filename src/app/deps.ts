import { randomUUID } from "node:crypto";
import type { Db } from "../storage/database.ts";
import type { Clock } from "./clock.ts";
import type { RuleSet } from "../domain/rules/rule-set.ts";
import { makeIban } from "../domain/identifiers/index.ts";

/** What every use case needs: the database, the time, fresh ids, and the department's settings. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  newId(): string;
  settings: DepartmentSettings;
  /** The rule versions requests are judged by (default: the shipped Kuwaiti rules). */
  rules?: RuleSet;
}

export interface DepartmentSettings {
  /** The department's account at the Central Bank, where frozen funds are transferred. */
  treasuryIban: string;
}

// The stand-in treasury account: a Central Bank IBAN with a valid check.
export const defaultDepartmentSettings: DepartmentSettings = { treasuryIban: makeIban("CBKU", "0000000000000000000001") };

export function makeDeps(db: Db, clock: Clock, settings: DepartmentSettings = defaultDepartmentSettings): AppDeps {
  return { db, clock, newId: randomUUID, settings };
}
