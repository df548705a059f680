/**
 * Settings for electronic notices, read by src/config.ts (the one place that reads the
 * environment) through `noticesConfig(env)`:
 *   NOTICE_CHANNELS            order channels are tried in (default "app,email,sms")
 *   NOTICE_FALLBACK_MINUTES    a channel not delivered within this time brings in the next (default 15)
 *   NOTICE_MAX_ATTEMPTS        tries per channel (default 6)
 *   SMTP_HOST, SMTP_PORT (587), SMTP_SECURE (false), SMTP_USER, SMTP_PASSWORD, SMTP_FROM
 *   SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, SMS_SENDER
 *   MOBILE_ID_APP_URL, MOBILE_ID_APP_TOKEN   the mobile ID app's server (push)
 *   NOTICE_STANDINS_PORT       port of the stand-in app server and SMS gateway under `start` (default 3102)
 * A channel without its settings is left out; under `start` the app and SMS channels use
 * the stand-ins.
 */
import type { NoticeChannelName } from "../storage/notices/schema.ts";
import type { SmtpSettings } from "./adapters/smtp.ts";
import type { NoticePolicy } from "./ports.ts";
import { defaultNoticePolicy } from "./ports.ts";

export interface NoticesConfig {
  policy: NoticePolicy;
  smtp: SmtpSettings | undefined;
  sms: { baseUrl: string; token?: string; sender?: string } | undefined;
  app: { baseUrl: string; token?: string } | undefined;
  standInsPort: number;
}

const channelNames: readonly NoticeChannelName[] = ["app", "email", "sms"];

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

export function noticesConfig(env: Record<string, string | undefined>): NoticesConfig {
  const order = (env.NOTICE_CHANNELS ?? defaultNoticePolicy.channelOrder.join(",")).split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = order.filter((name) => !channelNames.includes(name as NoticeChannelName));
  if (unknown.length > 0) throw new Error(`NOTICE_CHANNELS: unknown channel(s) ${unknown.join(", ")} (use app, email, sms)`);
  const optional = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== "")) as T;
  return {
    policy: {
      ...defaultNoticePolicy,
      channelOrder: [...new Set(order)] as NoticeChannelName[],
      fallbackAfterMs: whole("NOTICE_FALLBACK_MINUTES", env.NOTICE_FALLBACK_MINUTES, defaultNoticePolicy.fallbackAfterMs / 60_000) * 60_000,
      maxAttempts: Math.max(1, whole("NOTICE_MAX_ATTEMPTS", env.NOTICE_MAX_ATTEMPTS, defaultNoticePolicy.maxAttempts)),
    },
    smtp: env.SMTP_HOST
      ? optional({
          host: env.SMTP_HOST,
          port: whole("SMTP_PORT", env.SMTP_PORT, 587),
          secure: env.SMTP_SECURE === "true",
          user: env.SMTP_USER,
          password: env.SMTP_PASSWORD,
          from: env.SMTP_FROM || "Enforcement notices <notices@localhost>",
        })
      : undefined,
    sms: env.SMS_GATEWAY_URL ? optional({ baseUrl: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN, sender: env.SMS_SENDER }) : undefined,
    app: env.MOBILE_ID_APP_URL ? optional({ baseUrl: env.MOBILE_ID_APP_URL, token: env.MOBILE_ID_APP_TOKEN }) : undefined,
    standInsPort: whole("NOTICE_STANDINS_PORT", env.NOTICE_STANDINS_PORT, 3102),
  };
}
