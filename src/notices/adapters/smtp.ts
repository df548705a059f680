/**
 * Email notices over real SMTP (nodemailer). Legal effect: receipt by the recipient's
 * mail server, i.e. the server's 250 reply after DATA; that reply is kept as proof.
 * A 5xx refusal is permanent (the next channel takes over); anything else is retried.
 */
import nodemailer from "nodemailer";
import type { NoticeChannel, OutgoingNotice, SendOutcome } from "../ports.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Domain for the Message-ID (stable per notice, so a resend is recognisable). */
  messageIdDomain?: string;
  /** Accept self-signed certificates (test servers only). */
  allowInvalidCertificates?: boolean;
  timeoutMs?: number;
}

export function smtpChannel(settings: SmtpSettings, now: () => Date): NoticeChannel & { close(): void } {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    tls: { rejectUnauthorized: !settings.allowInvalidCertificates },
    connectionTimeout: settings.timeoutMs ?? 15_000,
    greetingTimeout: settings.timeoutMs ?? 15_000,
    socketTimeout: settings.timeoutMs ?? 30_000,
    logger: false,
  });
  return {
    async send(notice: OutgoingNotice): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: notice.address,
          subject: notice.subject,
          text: notice.body,
          textEncoding: "base64",
          messageId: `<notice-${notice.noticeId}@${settings.messageIdDomain ?? "tanfeeth.invalid"}>`,
          headers: { "Content-Language": notice.language, "X-Tanfeeth-Notice": notice.noticeId },
        });
        const accepted = (info.accepted ?? []).map(String);
        if (accepted.length === 0) return { outcome: "failed", error: `recipient refused: ${info.response}`, retryable: false };
        return {
          outcome: "delivered",
          legalEffectAt: now(),
          proof: { smtpResponse: info.response, messageId: info.messageId, server: `${settings.host}:${settings.port}` },
        };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = code ? `SMTP ${code}: ${String((error as { response?: string }).response ?? "").slice(0, 200)}` : `SMTP: ${(error as Error).message}`;
        return { outcome: "failed", error: message, retryable: !(code !== undefined && code >= 500) };
      }
    },
    close() {
      transport.close();
    },
  };
}
