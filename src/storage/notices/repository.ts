/** Reading notices back: a person's own, and a file's with every channel attempt (staff). */
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { NoticeAttemptStatus, NoticeChannelName, NoticeLanguage, NoticeStatus } from "./schema.ts";

export interface ReceivedNotice {
  id: string;
  kind: string;
  fileId: string;
  fileNumber: string;
  procedureId: string | null;
  recipientRole: "debtor" | "creditor";
  language: NoticeLanguage;
  subject: string;
  body: string;
  status: NoticeStatus;
  deliveredChannel: NoticeChannelName | null;
  legalEffectAt: Date | null;
  createdAt: Date;
}

export async function noticesReceivedBy(db: Db, civilId: string, filter: { fileId?: string; limit: number }): Promise<ReceivedNotice[]> {
  let query = db
    .selectFrom("notices as n")
    .innerJoin("enforcement_files as f", "f.id", "n.file_id")
    .select(["n.id", "n.kind", "n.file_id", "f.number", "n.procedure_id", "n.recipient_role", "n.language", "n.subject", "n.body", "n.status", "n.delivered_channel", "n.legal_effect_at", "n.created_at"])
    .where("n.recipient_civil_id", "=", civilId);
  if (filter.fileId) query = query.where("n.file_id", "=", filter.fileId);
  const rows = await query.orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    fileId: row.file_id,
    fileNumber: row.number,
    procedureId: row.procedure_id,
    recipientRole: row.recipient_role,
    language: row.language,
    subject: row.subject,
    body: row.body,
    status: row.status,
    deliveredChannel: row.delivered_channel,
    legalEffectAt: row.legal_effect_at,
    createdAt: row.created_at,
  }));
}

export interface NoticeAttemptRecord {
  channel: NoticeChannelName;
  address: string;
  status: NoticeAttemptStatus;
  attempts: number;
  activatedAt: Date | null;
  nextAttemptAt: Date | null;
  providerRef: string | null;
  lastError: string | null;
  proof: unknown;
  legalEffectAt: Date | null;
}

export interface FileNoticeRecord {
  id: string;
  kind: string;
  procedureId: string | null;
  partyId: string | null;
  recipientRole: "debtor" | "creditor";
  recipientCivilId: string;
  language: NoticeLanguage;
  subject: string;
  status: NoticeStatus;
  deliveredChannel: NoticeChannelName | null;
  legalEffectAt: Date | null;
  proof: unknown;
  createdAt: Date;
  updatedAt: Date;
  attempts: NoticeAttemptRecord[];
}

const channelOrder: Record<NoticeChannelName, number> = { app: 0, email: 1, sms: 2 };

export async function noticesOfFile(tx: Tx, fileId: string): Promise<FileNoticeRecord[]> {
  const notices = await tx.selectFrom("notices").selectAll().where("file_id", "=", fileId).orderBy("created_at").orderBy("id").execute();
  if (notices.length === 0) return [];
  const attempts = await tx.selectFrom("notice_attempts").selectAll().where("notice_id", "in", notices.map((notice) => notice.id)).execute();
  return notices.map((notice) => ({
    id: notice.id,
    kind: notice.kind,
    procedureId: notice.procedure_id,
    partyId: notice.party_id,
    recipientRole: notice.recipient_role,
    recipientCivilId: notice.recipient_civil_id,
    language: notice.language,
    subject: notice.subject,
    status: notice.status,
    deliveredChannel: notice.delivered_channel,
    legalEffectAt: notice.legal_effect_at,
    proof: notice.proof,
    createdAt: notice.created_at,
    updatedAt: notice.updated_at,
    attempts: attempts
      .filter((attempt) => attempt.notice_id === notice.id)
      .sort((a, b) => channelOrder[a.channel] - channelOrder[b.channel])
      .map((attempt) => ({
        channel: attempt.channel,
        address: attempt.address,
        status: attempt.status,
        attempts: attempt.attempts,
        activatedAt: attempt.activated_at,
        nextAttemptAt: attempt.next_attempt_at,
        providerRef: attempt.provider_ref,
        lastError: attempt.last_error,
        proof: attempt.proof,
        legalEffectAt: attempt.legal_effect_at,
      })),
  }));
}

/** A notice's kind, party and delivery: what serving a title by notice reads. */
export interface NoticeDelivery {
  id: string;
  kind: string;
  fileId: string;
  partyId: string | null;
  status: NoticeStatus;
  deliveredChannel: NoticeChannelName | null;
  legalEffectAt: Date | null;
  correlationId: string | null;
}

export async function noticeDelivery(tx: Db | Tx, noticeId: string): Promise<NoticeDelivery | undefined> {
  const notice = await tx
    .selectFrom("notices")
    .select(["id", "kind", "file_id", "party_id", "status", "delivered_channel", "legal_effect_at", "correlation_id"])
    .where("id", "=", noticeId)
    .executeTakeFirst();
  return (
    notice && {
      id: notice.id,
      kind: notice.kind,
      fileId: notice.file_id,
      partyId: notice.party_id,
      status: notice.status,
      deliveredChannel: notice.delivered_channel,
      legalEffectAt: notice.legal_effect_at,
      correlationId: notice.correlation_id,
    }
  );
}

/** A person's notice settings with what the civil-information authority has on record; undefined: no such person. */
export async function noticePreferencesOf(
  db: Db | Tx,
  civilId: string,
): Promise<{ language: NoticeLanguage | null; email: string | null; registeredEmail: string | null; registeredPhone: string | null; updatedAt: Date | null } | undefined> {
  const person = await db
    .selectFrom("persons as p")
    .leftJoin("notice_preferences as np", "np.civil_id", "p.civil_id")
    .select(["p.email as registered_email", "p.phone", "np.language", "np.email", "np.updated_at"])
    .where("p.civil_id", "=", civilId)
    .executeTakeFirst();
  return person && { language: person.language ?? null, email: person.email ?? null, registeredEmail: person.registered_email, registeredPhone: person.phone, updatedAt: person.updated_at ?? null };
}

/** Sets a person's notice language and (unless undefined) the address for notices. */
export async function upsertNoticePreferences(tx: Tx, civilId: string, preferences: { language: NoticeLanguage; email: string | null | undefined }, now: Date): Promise<void> {
  const { language, email } = preferences;
  await tx
    .insertInto("notice_preferences")
    .values({ civil_id: civilId, language, email: email ?? null, updated_at: now })
    .onConflict((conflict) => conflict.column("civil_id").doUpdateSet({ language, ...(email !== undefined ? { email } : {}), updated_at: now }))
    .execute();
}
