import { randomUUID } from "node:crypto";
import type { Db } from "../storage/database.ts";
import type { Clock } from "./clock.ts";

/** What every use case needs: the database, the time, and fresh ids. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  newId(): string;
}

export function makeDeps(db: Db, clock: Clock): AppDeps {
  return { db, clock, newId: randomUUID };
}
