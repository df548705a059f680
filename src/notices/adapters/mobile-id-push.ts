/**
 * Notices to the national mobile ID app: a push through the app's server. Legal effect:
 * when the app's server receives it; its receipt (push id, time) is the proof.
 *   POST {base}/mobile-id/v1/notices {civilId, noticeId, language, title, body, summary} -> 201 {pushId, receivedAt}
 */
import type { NoticeChannel } from "../ports.ts";
import { callJson, GatewayError } from "./http-json.ts";

export interface MobileIdPushSettings {
  baseUrl: string;
  token?: string;
}

export function mobileIdPushChannel(settings: MobileIdPushSettings): NoticeChannel {
  const base = settings.baseUrl.replace(/\/+$/, "");
  return {
    async send(notice) {
      try {
        const { body } = await callJson(`${base}/mobile-id/v1/notices`, {
          method: "POST",
          ...(settings.token ? { token: settings.token } : {}),
          body: { civilId: notice.address, noticeId: notice.noticeId, language: notice.language, title: notice.subject, body: notice.body, summary: notice.shortText },
        });
        const receivedAt = typeof body.receivedAt === "string" ? new Date(body.receivedAt) : null;
        if (!body.pushId || !receivedAt || Number.isNaN(receivedAt.getTime())) return { outcome: "failed", error: "app server answered without a receipt", retryable: true };
        return { outcome: "delivered", legalEffectAt: receivedAt, proof: { appServerReceipt: body } };
      } catch (error) {
        return error instanceof GatewayError
          ? { outcome: "failed", error: `app server ${error.message}`, retryable: error.retryable }
          : { outcome: "failed", error: String(error), retryable: true };
      }
    },
  };
}
