/**
 * SMS notices through an HTTP gateway: POST the message, then ask for its delivery
 * report. Legal effect: receipt on the phone, i.e. the delivery report's time.
 *   POST {base}/sms/v1/messages {to, text, reference}  -> 202 {messageId, status}
 *   GET  {base}/sms/v1/messages/{messageId}            -> {messageId, status, deliveredAt?, error?}
 */
import type { NoticeChannel, ReceiptOutcome, SendOutcome } from "../ports.ts";
import { callJson, GatewayError } from "./http-json.ts";

export interface SmsGatewaySettings {
  baseUrl: string;
  token?: string;
  /** Sender name shown on the phone. */
  sender?: string;
}

const failure = (error: unknown): SendOutcome =>
  error instanceof GatewayError ? { outcome: "failed", error: `SMS gateway ${error.message}`, retryable: error.retryable } : { outcome: "failed", error: String(error), retryable: true };

function report(body: Record<string, unknown>): ReceiptOutcome {
  const messageId = String(body.messageId ?? "");
  switch (body.status) {
    case "delivered":
      return { outcome: "delivered", legalEffectAt: new Date(String(body.deliveredAt)), proof: { gateway: "sms", deliveryReport: body } };
    case "failed":
    case "undeliverable":
      return { outcome: "failed", error: `SMS not delivered: ${String(body.error ?? body.status)}`, retryable: false };
    default:
      return messageId ? { outcome: "waiting" } : { outcome: "failed", error: "SMS gateway answered without a message id", retryable: true };
  }
}

export function smsGatewayChannel(settings: SmsGatewaySettings): NoticeChannel {
  const base = settings.baseUrl.replace(/\/+$/, "");
  return {
    async send(notice) {
      try {
        const { body } = await callJson(`${base}/sms/v1/messages`, {
          method: "POST",
          ...(settings.token ? { token: settings.token } : {}),
          body: { to: notice.address, text: notice.shortText, sender: settings.sender ?? "MOJ-Tanfeeth", reference: `${notice.noticeId}:${notice.attempt}` },
        });
        const messageId = String(body.messageId ?? "");
        if (!messageId) return { outcome: "failed", error: "SMS gateway answered without a message id", retryable: true };
        const now = report(body);
        return now.outcome === "waiting" ? { outcome: "accepted", providerRef: messageId, proof: { gateway: "sms", accepted: body } } : now;
      } catch (error) {
        return failure(error);
      }
    },
    async checkReceipt(messageId) {
      try {
        const { body } = await callJson(`${base}/sms/v1/messages/${encodeURIComponent(messageId)}`, { method: "GET", ...(settings.token ? { token: settings.token } : {}) });
        return report(body);
      } catch (error) {
        return failure(error);
      }
    },
  };
}
