/** What a signing request asked to sign, for carrying it out once signed. */
import type { Db } from "./database.ts";

export interface StoredIntent {
  civilId: string;
  purpose: string;
  fileId: string;
  intent: { fileId: string; procedureId: string | null; request: Record<string, unknown> };
}

export async function signingRequestIntent(db: Db, id: string): Promise<StoredIntent | undefined> {
  const row = await db.selectFrom("signing_requests").select(["civil_id", "intent", "purpose", "file_id"]).where("id", "=", id).executeTakeFirst();
  return row && { civilId: row.civil_id, purpose: row.purpose, fileId: row.file_id, intent: row.intent as StoredIntent["intent"] };
}
