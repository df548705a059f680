/**
 * The notice-delivery loop the worker runs each round, in three steps:
 * 1. plan: notices due for a decision get their next channel started (fallback);
 * 2. claim: due attempts are taken with FOR UPDATE SKIP LOCKED and leased (their next
 *    attempt moves a lease ahead), so two workers never send the same attempt at once;
 * 3. send over the network with no transaction open, then record the outcome: a receipt
 *    makes the notice delivered with its legal-effect time and proof, and supersedes the
 *    other channels; a failure is retried with backoff, then brings in the next channel.
 * A delivered notice is never claimed again, so a repeated round sends nothing twice.
 */
import { sql, type Updateable } from "kysely";
import type { Db } from "../storage/database.ts";
import type { NoticeAttemptsTable, NoticeAttemptStatus, NoticeChannelName } from "../storage/notices/schema.ts";
import { serveTitleByNotice } from "../app/title-service/serve-title-by-notice.ts";
import { planNotice } from "./plan.ts";
import { defaultNoticePolicy, noticeBackoffMs, type NoticeChannels, type NoticePolicy, type ReceiptOutcome } from "./ports.ts";

export interface NoticeDeliveryContext {
  db: Db;
  channels: NoticeChannels;
  policy?: Partial<NoticePolicy>;
  now(): Date;
}

export interface NoticeRound {
  activated: number;
  delivered: number;
  awaiting: number;
  retried: number;
  failed: number;
}

const LEASE_MS = 60_000;
/** A delivery report still missing this long after the channel started: the channel has failed. */
export const RECEIPT_GIVE_UP_MS = 48 * 3_600_000;
const BATCH_LIMIT = 100;

export async function deliverDueNotices(context: NoticeDeliveryContext): Promise<NoticeRound> {
  const policy = { ...defaultNoticePolicy, ...context.policy };
  const round: NoticeRound = { activated: await planDueNotices(context, policy), delivered: 0, awaiting: 0, retried: 0, failed: 0 };
  const claimed = await claimDueAttempts(context);
  for (const attempt of claimed) {
    const outcome = await attemptDelivery(context, attempt);
    const result = await recordOutcome(context, policy, attempt, outcome);
    round[result]++;
  }
  return round;
}

async function planDueNotices(context: NoticeDeliveryContext, policy: NoticePolicy): Promise<number> {
  const now = context.now();
  return context.db.transaction().execute(async (tx) => {
    const notices = await tx
      .selectFrom("notices")
      .select("id")
      .where("status", "=", "pending")
      .where("escalate_at", "<=", now)
      .orderBy("escalate_at")
      .limit(BATCH_LIMIT)
      .forUpdate()
      .skipLocked()
      .execute();
    if (notices.length === 0) return 0;
    const attempts = await tx
      .selectFrom("notice_attempts")
      .select(["notice_id", "channel", "status", "activated_at"])
      .where("notice_id", "in", notices.map((notice) => notice.id))
      .execute();
    let activated = 0;
    for (const notice of notices) {
      const plan = planNotice(
        attempts.filter((attempt) => attempt.notice_id === notice.id).map((attempt) => ({ channel: attempt.channel, status: attempt.status, activatedAt: attempt.activated_at })),
        policy,
        now,
      );
      if (plan.activate.length > 0) {
        activated += plan.activate.length;
        await tx
          .updateTable("notice_attempts")
          .set({ status: "due", activated_at: now, next_attempt_at: now, updated_at: now })
          .where("notice_id", "=", notice.id)
          .where("channel", "in", plan.activate)
          .where("status", "=", "waiting")
          .execute();
      }
      await tx
        .updateTable("notices")
        .set(plan.failed ? { status: "failed", escalate_at: null, updated_at: now } : { escalate_at: plan.escalateAt, updated_at: now })
        .where("id", "=", notice.id)
        .where("status", "=", "pending")
        .execute();
    }
    return activated;
  });
}

interface ClaimedAttempt {
  noticeId: string;
  channel: NoticeChannelName;
  /** What the attempt was doing when claimed: sending, or waiting for its receipt. */
  status: Extract<NoticeAttemptStatus, "due" | "awaiting_receipt">;
  attempts: number;
  address: string;
  providerRef: string | null;
  activatedAt: Date | null;
  language: "ar" | "en";
  subject: string;
  body: string;
  shortText: string;
}

async function claimDueAttempts(context: NoticeDeliveryContext): Promise<ClaimedAttempt[]> {
  const now = context.now();
  return context.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom("notice_attempts as a")
      .innerJoin("notices as n", "n.id", "a.notice_id")
      .select(["a.notice_id", "a.channel", "a.status", "a.attempts", "a.address", "a.provider_ref", "a.activated_at", "n.language", "n.subject", "n.body", "n.short_text"])
      .where("a.status", "in", ["due", "awaiting_receipt"])
      .where("a.next_attempt_at", "<=", now)
      .where("n.status", "=", "pending")
      .orderBy("a.next_attempt_at")
      .limit(BATCH_LIMIT)
      .forUpdate("a")
      .skipLocked()
      .execute();
    const claimed: ClaimedAttempt[] = [];
    for (const row of rows) {
      const sending = row.status === "due";
      await tx
        .updateTable("notice_attempts")
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sending ? sql`attempts + 1` : sql`attempts`, updated_at: now })
        .where("notice_id", "=", row.notice_id)
        .where("channel", "=", row.channel)
        .execute();
      claimed.push({
        noticeId: row.notice_id,
        channel: row.channel,
        status: row.status as ClaimedAttempt["status"],
        attempts: sending ? row.attempts + 1 : row.attempts,
        address: row.address,
        providerRef: row.provider_ref,
        activatedAt: row.activated_at,
        language: row.language,
        subject: row.subject,
        body: row.body,
        shortText: row.short_text,
      });
    }
    return claimed;
  });
}

/** The network part: no transaction is open here. */
async function attemptDelivery(context: NoticeDeliveryContext, attempt: ClaimedAttempt): Promise<ReceiptOutcome> {
  const channel = context.channels[attempt.channel];
  if (!channel) return { outcome: "failed", error: `no ${attempt.channel} channel configured`, retryable: true };
  try {
    if (attempt.status === "awaiting_receipt") {
      if (!channel.checkReceipt || !attempt.providerRef) return { outcome: "failed", error: "no way to ask for the receipt", retryable: false };
      return await channel.checkReceipt(attempt.providerRef);
    }
    return await channel.send({
      noticeId: attempt.noticeId,
      address: attempt.address,
      language: attempt.language,
      subject: attempt.subject,
      body: attempt.body,
      shortText: attempt.shortText,
      attempt: attempt.attempts,
    });
  } catch (error) {
    return { outcome: "failed", error: String((error as Error).message ?? error), retryable: true };
  }
}

async function recordOutcome(context: NoticeDeliveryContext, policy: NoticePolicy, attempt: ClaimedAttempt, outcome: ReceiptOutcome): Promise<keyof Omit<NoticeRound, "activated">> {
  const at = context.now();
  return context.db.transaction().execute(async (tx) => {
    const where = { notice_id: attempt.noticeId, channel: attempt.channel };
    const update = (values: Updateable<NoticeAttemptsTable>) =>
      tx
        .updateTable("notice_attempts")
        .set({ ...values, updated_at: at })
        .where("notice_id", "=", where.notice_id)
        .where("channel", "=", where.channel)
        .where("status", "=", attempt.status)
        .execute();
    switch (outcome.outcome) {
      case "delivered": {
        await update({ status: "delivered", next_attempt_at: null, last_error: null, proof: JSON.stringify(outcome.proof), legal_effect_at: outcome.legalEffectAt });
        const [marked] = await tx
          .updateTable("notices")
          .set({
            status: "delivered",
            delivered_channel: attempt.channel,
            legal_effect_at: outcome.legalEffectAt,
            proof: JSON.stringify({ channel: attempt.channel, ...outcome.proof }),
            escalate_at: null,
            updated_at: at,
          })
          .where("id", "=", attempt.noticeId)
          .where("status", "=", "pending")
          .execute();
        // A service notice taking effect serves the title (once: only the update that delivered it).
        if ((marked?.numUpdatedRows ?? 0n) > 0n) await serveTitleByNotice(tx, attempt.noticeId, at);
        await tx
          .updateTable("notice_attempts")
          .set({ status: "superseded", next_attempt_at: null, updated_at: at })
          .where("notice_id", "=", attempt.noticeId)
          .where("status", "in", ["waiting", "due", "awaiting_receipt"])
          .execute();
        return "delivered";
      }
      case "accepted":
        await update({ status: "awaiting_receipt", provider_ref: outcome.providerRef, proof: JSON.stringify(outcome.proof), last_error: null, next_attempt_at: new Date(at.getTime() + policy.receiptPollMs) });
        return "awaiting";
      case "waiting":
        if (at.getTime() - (attempt.activatedAt ?? at).getTime() > RECEIPT_GIVE_UP_MS) {
          await update({ status: "failed", next_attempt_at: null, last_error: "no delivery report" });
          await tx.updateTable("notices").set({ escalate_at: at, updated_at: at }).where("id", "=", attempt.noticeId).where("status", "=", "pending").execute();
          return "failed";
        }
        await update({ next_attempt_at: new Date(at.getTime() + policy.receiptPollMs) });
        return "awaiting";
      case "failed": {
        const dead = !outcome.retryable || attempt.attempts >= policy.maxAttempts;
        if (dead) {
          await update({ status: "failed", next_attempt_at: null, last_error: outcome.error.slice(0, 500) });
          // Bring in the next channel now.
          await tx.updateTable("notices").set({ escalate_at: at, updated_at: at }).where("id", "=", attempt.noticeId).where("status", "=", "pending").execute();
          return "failed";
        }
        // A failed receipt check or send: send again after the backoff.
        await update({ status: "due", next_attempt_at: new Date(at.getTime() + noticeBackoffMs(attempt.attempts)), last_error: outcome.error.slice(0, 500) });
        return "retried";
      }
    }
  });
}
