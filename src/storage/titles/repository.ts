/** Executory titles as the department receives them: submitted online (migration 0009: rows, locks and the lists a person sees) and served on each debtor (below). */
import { sql, type Selectable } from "kysely";
import type { DocumentMediaType } from "../../domain/documents/documents.ts";
import type { TitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import type { Tx } from "../action-log.ts";
import type { TitleSubmissionsTable } from "./schema.ts";
import type { Db } from "../database.ts";

export const titleSubmissionStream = (submissionId: string) => `title-submission:${submissionId}`;

export type TitleSubmissionRow = Selectable<TitleSubmissionsTable>;

export async function insertTitleSubmission(
  tx: Tx,
  row: {
    id: string;
    submittedBy: string;
    submitterRole: "creditor" | "lawyer";
    title: unknown;
    creditors: unknown;
    debtors: unknown;
    claim: unknown;
    creditorCivilIds: string[];
    creditorCrNumbers: string[];
    at: Date;
  },
): Promise<void> {
  await tx
    .insertInto("title_submissions")
    .values({
      id: row.id,
      status: "awaiting_copy",
      submitted_by: row.submittedBy,
      submitter_role: row.submitterRole,
      title: JSON.stringify(row.title),
      creditors: JSON.stringify(row.creditors),
      debtors: JSON.stringify(row.debtors),
      claim: JSON.stringify(row.claim),
      creditor_civil_ids: row.creditorCivilIds,
      creditor_cr_numbers: row.creditorCrNumbers,
      copy_sha256: null,
      copy_media_type: null,
      copy_size_bytes: null,
      copy_name: null,
      copy_uploaded_at: null,
      review_item_id: null,
      decided_by: null,
      decided_at: null,
      rejection_reasons: null,
      file_id: null,
      document_id: null,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

/** Locks the submission for the rest of the transaction: its changes serialize on it. */
export async function lockTitleSubmission(tx: Tx, id: string): Promise<TitleSubmissionRow | undefined> {
  return tx.selectFrom("title_submissions").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function readTitleSubmission(db: Db | Tx, id: string): Promise<TitleSubmissionRow | undefined> {
  return db.selectFrom("title_submissions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Moves a submission from `expected` (conditional: a concurrent change makes it a no-op, caught by the caller). */
export async function moveTitleSubmission(
  tx: Tx,
  id: string,
  expected: TitleSubmissionStatus,
  values: Partial<{
    status: TitleSubmissionStatus;
    copy_sha256: string;
    copy_media_type: DocumentMediaType;
    copy_size_bytes: bigint;
    copy_name: string | null;
    copy_uploaded_at: Date;
    review_item_id: string;
    decided_by: string;
    decided_at: Date;
    rejection_reasons: string;
    file_id: string;
    document_id: string;
  }>,
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable("title_submissions")
    .set({ ...values, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", expected)
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}

/**
 * Submissions that may concern a person: made by them, or naming as creditor them, a
 * company they represent, or a principal of theirs. Authorization decides row by row.
 */
export async function candidateSubmissions(
  db: Db,
  who: { civilId: string; civilIds: string[]; crNumbers: string[] } | "all",
  filter: { status?: TitleSubmissionStatus; limit: number },
): Promise<TitleSubmissionRow[]> {
  let query = db.selectFrom("title_submissions").selectAll();
  if (who !== "all") {
    const { civilId, civilIds, crNumbers } = who;
    query = query.where((eb) =>
      eb.or([
        eb("submitted_by", "=", civilId),
        ...(civilIds.length > 0 ? [eb(sql<boolean>`creditor_civil_ids && ${sql.val(civilIds)}::text[]`, "=", true)] : []),
        ...(crNumbers.length > 0 ? [eb(sql<boolean>`creditor_cr_numbers && ${sql.val(crNumbers)}::text[]`, "=", true)] : []),
      ]),
    );
  }
  if (filter.status) query = query.where("status", "=", filter.status);
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
}

// Service of the executory title on each debtor (migration 0005, extended by 0009).

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

/** When the title was first served on this debtor, if recorded. */
export async function titleServedAt(tx: Tx, debtorPartyId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom("title_services")
    .select(sql<Date | null>`min(served_at)`.as("served_at"))
    .where("debtor_party_id", "=", debtorPartyId)
    .executeTakeFirst();
  return row?.served_at ?? null;
}

/** Whether a submission of this title (court, case number and type) waits for its copy or for a clerk. */
export async function titleSubmissionPending(db: Db | Tx, key: { court: string; caseNumber: string; type: string }): Promise<boolean> {
  const waiting = await db
    .selectFrom("title_submissions")
    .select("id")
    .where("status", "in", ["awaiting_copy", "submitted"])
    .where(sql<boolean>`title->>'court' = ${key.court} AND title->>'caseNumber' = ${key.caseNumber} AND title->>'type' = ${key.type}`)
    .executeTakeFirst();
  return waiting !== undefined;
}
