/**
 * The ports a notice is delivered through, one per channel (mobile ID app, email, SMS).
 * An adapter reports what the far side said; the delivery loop turns it into the
 * notice's legal-effect time and proof. Adapters never log the address or the text.
 */
import type { NoticeChannelName, NoticeLanguage } from "../storage/notices/schema.ts";

export interface OutgoingNotice {
  noticeId: string;
  /** The civil ID (app), email address or phone number. */
  address: string;
  language: NoticeLanguage;
  subject: string;
  body: string;
  /** The short form for SMS and push banners. */
  shortText: string;
  /** Which try this is (1, 2 …), for idempotency keys at the far side. */
  attempt: number;
}

export type SendOutcome =
  /** Received: the legal effect runs from `legalEffectAt`; `proof` is the far side's evidence. */
  | { outcome: "delivered"; legalEffectAt: Date; proof: Record<string, unknown> }
  /** Accepted for delivery; the receipt is to be asked for later under `providerRef`. */
  | { outcome: "accepted"; providerRef: string; proof: Record<string, unknown> }
  | { outcome: "failed"; error: string; retryable: boolean };

export type ReceiptOutcome = SendOutcome | { outcome: "waiting" };

export interface NoticeChannel {
  send(notice: OutgoingNotice): Promise<SendOutcome>;
  /** For channels whose receipt comes later (SMS delivery reports). */
  checkReceipt?(providerRef: string): Promise<ReceiptOutcome>;
}

export type NoticeChannels = Partial<Record<NoticeChannelName, NoticeChannel>>;

/** How notices travel: the order channels are tried in, and how long each gets before the next. */
export interface NoticePolicy {
  channelOrder: readonly NoticeChannelName[];
  /** A channel not delivered within this time brings in the next one. */
  fallbackAfterMs: number;
  /** Tries per channel before it counts as failed. */
  maxAttempts: number;
  /** How often a delivery report is asked for. */
  receiptPollMs: number;
}

export const defaultNoticePolicy: NoticePolicy = {
  channelOrder: ["app", "email", "sms"],
  fallbackAfterMs: 15 * 60_000,
  maxAttempts: 6,
  receiptPollMs: 30_000,
};

/** 30 s, 1 min, 2 min … at most 30 minutes. */
export function noticeBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}
