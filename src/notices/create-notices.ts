/**
 * Outbox handlers that write notices: they run in the outbox entry's transaction (only
 * database writes, never the network), render each notice in the recipient's language
 * and list the channels it can travel by. The delivery loop sends them later. A repeat
 * inserts nothing: each notice has a dedupe key.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ProcedureKind, ProcedureStatus } from "../domain/procedures/index.ts";
import type { Tx } from "../storage/action-log.ts";
import type { NoticeChannelName, NoticeLanguage } from "../storage/notices/schema.ts";
import { renderNotice, type NoticeKind, type RenderedNotice } from "./templates.ts";

/**
 * The debtor is told of measures taken against them, not of requests still being decided:
 * one notice when the measure is taken (its orders leave for the agency: `dispatched`) and
 * one when it is lifted. Not again when an agency executes it (`in_force`): that was a
 * second notice with the same subject for the same measure (issue 18); what is held is on
 * the debtor's "What I owe" page as the agencies answer.
 */
export const debtorNoticeStatuses: readonly ProcedureStatus[] = ["dispatched", "lifted"];

interface Recipient {
  civilId: string;
  email: string | null;
  phone: string | null;
  language: NoticeLanguage;
}

/** The persons a party's notices go to: the person, or a company's current representatives. */
export async function recipientsOfParties(tx: Tx, partyIds: readonly string[], now: Date): Promise<Array<Recipient & { partyId: string }>> {
  if (partyIds.length === 0) return [];
  const rows = await tx
    .selectFrom("file_parties as fp")
    .leftJoin("company_representatives as cr", (join) =>
      join.onRef("cr.cr_number", "=", "fp.cr_number").on("cr.valid_from", "<=", now).on((eb) => eb.or([eb("cr.valid_until", "is", null), eb("cr.valid_until", ">", now)])),
    )
    .innerJoin("persons as p", (join) => join.on(sql<boolean>`p.civil_id = coalesce(fp.civil_id, cr.civil_id)`))
    .leftJoin("notice_preferences as np", "np.civil_id", "p.civil_id")
    .select(["fp.id as party_id", "p.civil_id", "p.email", "p.phone", "np.language", "np.email as given_email"])
    .where("fp.id", "in", partyIds)
    .orderBy("fp.id")
    .orderBy("p.civil_id")
    .execute();
  // An address the person gave for notices replaces the registered one (Resolution 26/2021).
  return rows.map((row) => ({ partyId: row.party_id, civilId: row.civil_id, email: row.given_email ?? row.email, phone: row.phone, language: row.language ?? "ar" }));
}

interface NewNotice {
  dedupeKey: string;
  kind: NoticeKind;
  fileId: string;
  procedureId: string | null;
  role: "debtor" | "creditor";
  /** The file party it is for: a delivered title_served notice serves the title on it. */
  partyId?: string | null;
  recipient: Recipient;
  rendered: RenderedNotice;
  correlationId: string | null;
}

/** Inserts the notices new by their dedupe key and their channels' attempts: two statements for any number. */
export async function insertNotices(tx: Tx, notices: readonly NewNotice[], now: Date): Promise<number> {
  if (notices.length === 0) return 0;
  // One row per dedupe key (the first), as inserting them one by one would keep.
  const byKey = new Map<string, NewNotice>();
  for (const notice of notices) if (!byKey.has(notice.dedupeKey)) byKey.set(notice.dedupeKey, notice);
  const rows = [...byKey.values()].map((notice) => ({
    id: randomUUID(),
    dedupe_key: notice.dedupeKey,
    kind: notice.kind,
    file_id: notice.fileId,
    procedure_id: notice.procedureId,
    recipient_role: notice.role,
    recipient_civil_id: notice.recipient.civilId,
    party_id: notice.partyId ?? null,
    language: notice.recipient.language,
    subject: notice.rendered.subject,
    body: notice.rendered.body,
    short_text: notice.rendered.shortText,
    status: "pending" as const,
    escalate_at: now,
    delivered_channel: null,
    legal_effect_at: null,
    proof: null,
    correlation_id: notice.correlationId,
    created_at: now,
    updated_at: now,
  }));
  const inserted = await tx
    .insertInto("notices")
    .values(rows)
    .onConflict((conflict) => conflict.column("dedupe_key").doNothing())
    .returning(["id", "dedupe_key"])
    .execute();
  const attempts = inserted.flatMap(({ id, dedupe_key }) => {
    const notice = byKey.get(dedupe_key)!;
    const addresses: Array<[NoticeChannelName, string | null]> = [
      ["app", notice.recipient.civilId],
      ["email", notice.recipient.email],
      ["sms", notice.recipient.phone],
    ];
    return addresses
      .filter((entry): entry is [NoticeChannelName, string] => entry[1] !== null && entry[1] !== "")
      .map(([channel, address]) => ({
        notice_id: id,
        channel,
        address,
        status: "waiting" as const,
        activated_at: null,
        next_attempt_at: null,
        provider_ref: null,
        last_error: null,
        proof: null,
        legal_effect_at: null,
        created_at: now,
        updated_at: now,
      }));
  });
  if (attempts.length > 0) await tx.insertInto("notice_attempts").values(attempts).execute();
  return inserted.length;
}

/** Service of the title: every debtor of a newly opened file is notified. */
export async function noticeTitleServed(tx: Tx, payload: { fileId: string; correlationId?: string }, now: Date): Promise<void> {
  const file = await tx.selectFrom("enforcement_files").select(["id", "number", "claim_total", "opened_at"]).where("id", "=", payload.fileId).executeTakeFirst();
  if (!file) return;
  const title = await tx.selectFrom("executory_titles").select(["court", "case_number"]).where("file_id", "=", file.id).orderBy("id").executeTakeFirstOrThrow();
  const debtors = await tx.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").execute();
  const recipients = await recipientsOfParties(tx, debtors.map((party) => party.id), now);
  await insertNotices(
    tx,
    recipients.map((recipient) => ({
      dedupeKey: `title_served:${file.id}:${recipient.partyId}:${recipient.civilId}`,
      kind: "title_served" as const,
      fileId: file.id,
      procedureId: null,
      role: "debtor" as const,
      partyId: recipient.partyId,
      recipient,
      rendered: renderNotice("title_served", recipient.language, { fileNumber: file.number, at: file.opened_at, court: title.court, caseNumber: title.case_number, claimTotal: file.claim_total }),
      correlationId: payload.correlationId ?? null,
    })),
    now,
  );
}

export interface ProcedureChangedPayload {
  procedureId: string;
  status: ProcedureStatus;
  event?: string;
  at?: string;
  correlationId?: string;
}

/** A procedure changed status: its creditors always hear of it; the debtor when a measure takes or leaves effect. */
export async function noticeProcedureChanged(tx: Tx, payload: ProcedureChangedPayload, now: Date): Promise<void> {
  const procedure = await tx
    .selectFrom("procedures as p")
    .innerJoin("enforcement_files as f", "f.id", "p.file_id")
    .select(["p.id", "p.file_id", "p.procedure_kind", "p.debtor_party_id", "p.amount", "f.number"])
    .where("p.id", "=", payload.procedureId)
    .executeTakeFirst();
  if (!procedure) return;
  const at = payload.at ? new Date(payload.at) : now;
  const data = { fileNumber: procedure.number, at, procedureKind: procedure.procedure_kind as ProcedureKind, status: payload.status, amount: procedure.amount };
  const creditors = await tx.selectFrom("file_parties").select("id").where("file_id", "=", procedure.file_id).where("party_role", "=", "creditor").execute();
  const notices: NewNotice[] = [];
  const add = (role: "debtor" | "creditor", kind: NoticeKind, recipients: Array<Recipient & { partyId: string }>) => {
    for (const recipient of recipients) {
      notices.push({
        dedupeKey: `${kind}:${procedure.id}:${payload.status}:${recipient.partyId}:${recipient.civilId}`,
        kind,
        fileId: procedure.file_id,
        procedureId: procedure.id,
        role,
        partyId: recipient.partyId,
        recipient,
        rendered: renderNotice(kind as "measure_changed", recipient.language, data),
        correlationId: payload.correlationId ?? null,
      });
    }
  };
  // The debtor's and the creditors' recipients in one query.
  const tellDebtor = debtorNoticeStatuses.includes(payload.status);
  const creditorIds = new Set(creditors.map((party) => party.id));
  const recipients = await recipientsOfParties(tx, [...(tellDebtor ? [procedure.debtor_party_id] : []), ...creditorIds], now);
  if (tellDebtor) add("debtor", "measure_changed", recipients.filter((recipient) => recipient.partyId === procedure.debtor_party_id));
  add("creditor", "procedure_changed", recipients.filter((recipient) => creditorIds.has(recipient.partyId)));
  await insertNotices(tx, notices, now);
}

export interface MoneyMovedPayload {
  fileId: string;
  event: "payment" | "payout_paid" | "outside_payment_reported_late";
  key: string;
  amount: string;
  outstanding?: string | undefined;
  creditorPartyId?: string | undefined;
  iban?: string | undefined;
  reference?: string | undefined;
  receivedOn?: string | undefined;
  daysLate?: number | undefined;
  at: string;
  correlationId?: string | undefined;
}

/** Money on a file: each creditor hears of a payment; a payout's creditor of the payout. One notice per event and person. */
export async function noticeMoneyMoved(tx: Tx, payload: MoneyMovedPayload, now: Date): Promise<void> {
  const file = await tx.selectFrom("enforcement_files").select(["id", "number"]).where("id", "=", payload.fileId).executeTakeFirst();
  if (!file) return;
  // A creditor's late report of an outside payment (Art. 298(b)) is told to the debtor(s); the rest to the creditor(s).
  const role = payload.event === "outside_payment_reported_late" ? ("debtor" as const) : ("creditor" as const);
  const creditors = payload.creditorPartyId
    ? [{ id: payload.creditorPartyId }]
    : await tx.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", role).execute();
  const recipients = await recipientsOfParties(tx, creditors.map((party) => party.id), now);
  const data = {
    fileNumber: file.number,
    at: new Date(payload.at),
    event: payload.event,
    amount: BigInt(payload.amount),
    outstanding: payload.outstanding === undefined ? null : BigInt(payload.outstanding),
    iban: payload.iban ?? null,
    reference: payload.reference ?? null,
    receivedOn: payload.receivedOn ?? null,
    daysLate: payload.daysLate ?? null,
  };
  await insertNotices(
    tx,
    recipients.map((recipient) => ({
      dedupeKey: `money_moved:${payload.event}:${payload.key}:${recipient.partyId}:${recipient.civilId}`,
      kind: "money_moved" as const,
      fileId: file.id,
      procedureId: null,
      role,
      partyId: recipient.partyId,
      recipient,
      rendered: renderNotice("money_moved", recipient.language, data),
      correlationId: payload.correlationId ?? null,
    })),
    now,
  );
}

/** Outbox topics for notices and their handlers (run by the worker with the hub's). */
/** Sets a person's notice language (Arabic unless they choose English). */
export async function setNoticeLanguage(tx: Tx, civilId: string, language: NoticeLanguage, now: Date): Promise<void> {
  await tx
    .insertInto("notice_preferences")
    .values({ civil_id: civilId, language, updated_at: now })
    .onConflict((conflict) => conflict.column("civil_id").doUpdateSet({ language, updated_at: now }))
    .execute();
}
