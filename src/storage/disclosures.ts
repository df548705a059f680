/** Disclosure requests (Art. 204 bis): which agencies were asked about a file's debtor. */
import type { Tx } from "./action-log.ts";

export interface StoredDisclosureRequest {
  id: string;
  fileId: string;
  agencies: string[];
}

export async function disclosureRequestById(tx: Tx, id: string): Promise<StoredDisclosureRequest | undefined> {
  const row = await tx.selectFrom("disclosure_requests").select(["id", "file_id", "agencies"]).where("id", "=", id).executeTakeFirst();
  return row && { id: row.id, fileId: row.file_id, agencies: row.agencies };
}

export async function insertDisclosureRequest(tx: Tx, request: { id: string; fileId: string; debtorPartyId: string; requestedBy: string; agencies: string[] }, now: Date): Promise<void> {
  await tx
    .insertInto("disclosure_requests")
    .values({ id: request.id, file_id: request.fileId, debtor_party_id: request.debtorPartyId, requested_by: request.requestedBy, requested_at: now, agencies: request.agencies })
    .execute();
}
