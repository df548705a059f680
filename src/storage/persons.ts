/** Persons as the civil-information authority reports them. */
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";

/** The authority confirmed this person (found, alive) now. */
export async function confirmIdentity(tx: Tx, civilId: string, now: Date): Promise<void> {
  await tx.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", civilId).execute();
}

/** Which of these civil IDs are registered persons. */
export async function personsRegistered(db: Db, civilIds: readonly string[]): Promise<Set<string>> {
  if (civilIds.length === 0) return new Set();
  const rows = await db.selectFrom("persons").select("civil_id").where("civil_id", "in", [...civilIds]).execute();
  return new Set(rows.map((row) => row.civil_id));
}

/** A person's names as registered (undefined: not registered). */
export async function personNames(db: Db, civilId: string): Promise<{ nameAr: string; nameEn: string } | undefined> {
  const row = await db.selectFrom("persons").select(["name_ar", "name_en"]).where("civil_id", "=", civilId).executeTakeFirst();
  return row && { nameAr: row.name_ar, nameEn: row.name_en };
}
