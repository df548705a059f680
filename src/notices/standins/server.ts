/**
 * Stand-ins for the two outside services notices go through (never in production):
 * - the national mobile ID app's server: receives pushes for a civil ID and keeps each
 *   phone's notification inbox (JSON, and a small page to look at it);
 * - an SMS gateway: accepts messages and produces delivery reports.
 * One small fastify server, with controls for tests and the demo (an app server that is
 * down, a gateway that is slow to deliver or fails). State lives in memory.
 *
 *   POST /mobile-id/v1/notices                 {civilId, noticeId, language, title, body, summary} -> 201 {pushId, receivedAt}
 *   GET  /mobile-id/v1/inbox/:civilId          -> {notices: [...]}
 *   GET  /mobile-id/inbox/:civilId             the inbox as a page
 *   POST /sms/v1/messages                      {to, text, sender, reference} -> 202 {messageId, status}
 *   GET  /sms/v1/messages/:messageId           the delivery report {messageId, status, deliveredAt?}
 */
import Fastify, { type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import { z } from "zod";

export interface PushedNotice {
  pushId: string;
  noticeId: string;
  civilId: string;
  language: string;
  title: string;
  body: string;
  summary: string;
  receivedAt: string;
}

export interface SmsRecord {
  messageId: string;
  to: string;
  text: string;
  sender: string;
  reference: string;
  acceptedAt: Date;
  status: "accepted" | "delivered" | "failed";
  deliveredAt: Date | null;
}

export interface NoticeStandInControls {
  /** false: the app server answers 503 (down). */
  appAvailable: boolean;
  /** A message is delivered to the phone this long after the gateway accepted it. */
  smsDeliveryDelayMs: number;
  /** Numbers the gateway cannot reach: their delivery report says failed. */
  unreachableNumbers: Set<string>;
}

export interface NoticeStandIns {
  app: FastifyInstance;
  controls: NoticeStandInControls;
  inbox(civilId: string): PushedNotice[];
  sms(): SmsRecord[];
}

const pushSchema = z.object({
  civilId: z.string().regex(/^[23]\d{11}$/),
  noticeId: z.string().min(1).max(100),
  language: z.enum(["ar", "en"]),
  title: z.string().min(1).max(1000),
  body: z.string().min(1).max(20_000),
  summary: z.string().max(2000),
});

const smsSchema = z.object({
  to: z.string().regex(/^\+?\d{6,15}$/),
  text: z.string().min(1).max(1600),
  sender: z.string().max(20).default("SMS"),
  reference: z.string().max(200).default(""),
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createNoticeStandIns(options: { now?: () => Date; token?: string } = {}): NoticeStandIns {
  const now = options.now ?? (() => new Date());
  const controls: NoticeStandInControls = { appAvailable: true, smsDeliveryDelayMs: 0, unreachableNumbers: new Set() };
  const inboxes = new Map<string, PushedNotice[]>();
  const pushedIds = new Map<string, PushedNotice>();
  const messages = new Map<string, SmsRecord>();
  const app = Fastify({ logger: false });

  app.addHook("onRequest", async (request, reply) => {
    if (options.token && request.url.includes("/v1/") && request.headers.authorization !== `Bearer ${options.token}`) {
      await reply.code(401).send({ error: "unauthorized" });
    }
  });

  app.post("/mobile-id/v1/notices", async (request, reply) => {
    if (!controls.appAvailable) return reply.code(503).send({ error: "app server unavailable" });
    const parsed = pushSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: "invalid notice" });
    // The same notice pushed again (a retry after a lost answer) gets the same receipt.
    const known = pushedIds.get(`${parsed.data.civilId}:${parsed.data.noticeId}`);
    if (known) return reply.code(200).send({ pushId: known.pushId, receivedAt: known.receivedAt, duplicate: true });
    const pushed: PushedNotice = { pushId: randomUUID(), ...parsed.data, receivedAt: now().toISOString() };
    pushedIds.set(`${pushed.civilId}:${pushed.noticeId}`, pushed);
    inboxes.set(pushed.civilId, [...(inboxes.get(pushed.civilId) ?? []), pushed]);
    return reply.code(201).send({ pushId: pushed.pushId, receivedAt: pushed.receivedAt });
  });

  app.get<{ Params: { civilId: string } }>("/mobile-id/v1/inbox/:civilId", async (request) => ({ notices: [...(inboxes.get(request.params.civilId) ?? [])].reverse() }));

  app.get<{ Params: { civilId: string } }>("/mobile-id/inbox/:civilId", async (request, reply) => {
    const items = [...(inboxes.get(request.params.civilId) ?? [])].reverse();
    const list = items
      .map((item) => `<li dir="${item.language === "ar" ? "rtl" : "ltr"}"><h2>${escapeHtml(item.title)}</h2><pre>${escapeHtml(item.body)}</pre><small>${escapeHtml(item.receivedAt)}</small></li>`)
      .join("");
    return reply
      .type("text/html; charset=utf-8")
      .send(`<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الإشعارات - Notifications</title></head><body><h1>الإشعارات / Notifications</h1><ul>${list || "<li>لا توجد إشعارات / No notifications</li>"}</ul></body></html>`);
  });

  const reportOf = (record: SmsRecord) => {
    if (record.status === "accepted") {
      if (controls.unreachableNumbers.has(record.to)) record.status = "failed";
      else if (now().getTime() >= record.acceptedAt.getTime() + controls.smsDeliveryDelayMs) {
        record.status = "delivered";
        record.deliveredAt = new Date(record.acceptedAt.getTime() + controls.smsDeliveryDelayMs);
      }
    }
    return {
      messageId: record.messageId,
      status: record.status,
      acceptedAt: record.acceptedAt.toISOString(),
      ...(record.deliveredAt ? { deliveredAt: record.deliveredAt.toISOString() } : {}),
      ...(record.status === "failed" ? { error: "subscriber unreachable" } : {}),
    };
  };

  app.post("/sms/v1/messages", async (request, reply) => {
    const parsed = smsSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: "invalid message" });
    const record: SmsRecord = { messageId: randomUUID(), ...parsed.data, acceptedAt: now(), status: "accepted", deliveredAt: null };
    messages.set(record.messageId, record);
    return reply.code(202).send({ messageId: record.messageId, status: "accepted", acceptedAt: record.acceptedAt.toISOString() });
  });

  app.get<{ Params: { messageId: string } }>("/sms/v1/messages/:messageId", async (request, reply) => {
    const record = messages.get(request.params.messageId);
    if (!record) return reply.code(404).send({ error: "unknown message" });
    return reportOf(record);
  });

  return {
    app,
    controls,
    inbox: (civilId) => [...(inboxes.get(civilId) ?? [])],
    sms: () => [...messages.values()],
  };
}
