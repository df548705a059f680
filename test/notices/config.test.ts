/** Notice settings: the channel order and fallback delay are configurable; a channel without settings drops out. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { noticesConfig } from "../../src/notices/config.ts";
import { noticeRuntime } from "../../src/notices/runtime.ts";

test("defaults: app, then email, then SMS, 15 minutes apart", () => {
  const config = noticesConfig({});
  assert.deepEqual(config.policy.channelOrder, ["app", "email", "sms"]);
  assert.equal(config.policy.fallbackAfterMs, 15 * 60_000);
  assert.equal(config.smtp, undefined);
});

test("a configured order and delay; unknown channels are refused", () => {
  const config = noticesConfig({ NOTICE_CHANNELS: "email, sms", NOTICE_FALLBACK_MINUTES: "5", SMTP_HOST: "mail.example.test", SMTP_PORT: "2525", SMTP_FROM: "n@example.test" });
  assert.deepEqual(config.policy.channelOrder, ["email", "sms"]);
  assert.equal(config.policy.fallbackAfterMs, 5 * 60_000);
  assert.deepEqual(config.smtp, { host: "mail.example.test", port: 2525, secure: false, from: "n@example.test" });
  assert.throws(() => noticesConfig({ NOTICE_CHANNELS: "app,fax" }), /unknown channel\(s\) fax/);
});

test("channels without settings drop out of the order; the stand-ins serve app and SMS in development", () => {
  const production = noticeRuntime(noticesConfig({ SMTP_HOST: "mail.example.test" }), () => new Date());
  assert.deepEqual(production.policy.channelOrder, ["email"]);
  production.close();
  const development = noticeRuntime(noticesConfig({}), () => new Date(), "http://127.0.0.1:3102");
  assert.deepEqual(development.policy.channelOrder, ["app", "sms"]);
  assert.deepEqual(Object.keys(development.channels).sort(), ["app", "sms"]);
});
