/** Builds the notice channels the worker delivers through, from configuration. */
import { mobileIdPushChannel } from "./adapters/mobile-id-push.ts";
import { smsGatewayChannel } from "./adapters/sms-gateway.ts";
import { smtpChannel } from "./adapters/smtp.ts";
import type { NoticesConfig } from "./config.ts";
import type { NoticeChannels, NoticePolicy } from "./ports.ts";

export interface NoticeRuntime {
  channels: NoticeChannels;
  policy: NoticePolicy;
  close(): void;
}

/** `standInsUrl`: where the stand-in app server and SMS gateway listen (development), used when no real one is configured. */
export function noticeRuntime(config: NoticesConfig, now: () => Date, standInsUrl?: string): NoticeRuntime {
  const email = config.smtp ? smtpChannel(config.smtp, now) : undefined;
  const app = config.app ?? (standInsUrl ? { baseUrl: standInsUrl } : undefined);
  const sms = config.sms ?? (standInsUrl ? { baseUrl: standInsUrl } : undefined);
  const channels: NoticeChannels = {
    ...(app ? { app: mobileIdPushChannel(app) } : {}),
    ...(email ? { email } : {}),
    ...(sms ? { sms: smsGatewayChannel(sms) } : {}),
  };
  // Channels with no settings drop out of the order, so the next one is tried at once.
  const policy = { ...config.policy, channelOrder: config.policy.channelOrder.filter((name) => channels[name] !== undefined) };
  return { channels, policy, close: () => email?.close() };
}
