/** Service of the executory title on each debtor (migration 0005, extended by 0009). */
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";

export type ServiceChannel = "app" | "email" | "sms" | "process_server";

export interface NewTitleService {
  id: string;
  fileId: string;
  debtorPartyId: string;
  servedAt: Date;
  channel: ServiceChannel;
  reference: string | null;
  noticeId: string | null;
  documentId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Inserts the service; false when it is already recorded (the same notice, or the same report for this debtor). */
export async function insertTitleService(tx: Tx, service: NewTitleService): Promise<boolean> {
  // No conflict target: either unique index (notice, or debtor + channel + report) makes it a no-op.
  const inserted = await tx
    .insertInto("title_services")
    .values({
      id: service.id,
      file_id: service.fileId,
      debtor_party_id: service.debtorPartyId,
      served_at: service.servedAt,
      channel: service.channel,
      reference: service.reference,
      notice_id: service.noticeId,
      document_id: service.documentId,
      recorded_by: service.recordedBy,
      recorded_at: service.recordedAt,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface StoredTitleService {
  id: string;
  debtorPartyId: string;
  servedAt: Date;
  channel: string;
  reference: string | null;
  noticeId: string | null;
  documentId: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}

export async function titleServicesOfFile(db: Db | Tx, fileId: string): Promise<StoredTitleService[]> {
  const rows = await db.selectFrom("title_services").selectAll().where("file_id", "=", fileId).orderBy("served_at").orderBy("id").execute();
  return rows.map((row) => ({
    id: row.id,
    debtorPartyId: row.debtor_party_id,
    servedAt: row.served_at,
    channel: row.channel,
    reference: row.reference,
    noticeId: row.notice_id,
    documentId: row.document_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  }));
}
