/** Persons as the civil-information authority reports them. */
import type { Tx } from "./action-log.ts";

/** The authority confirmed this person (found, alive) now. */
export async function confirmIdentity(tx: Tx, civilId: string, now: Date): Promise<void> {
  await tx.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", civilId).execute();
}
