/**
 * Delivering notices over real channels: the stand-in mobile ID app server, a local SMTP
 * server (smtp-server) and the stand-in SMS gateway. The clock is injected: fallback
 * delays and backoff are crossed by moving it, never by sleeping.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { noticeTitleServed, setNoticeLanguage } from "../../src/notices/create-notices.ts";
import { deliverDueNotices, type NoticeDeliveryContext } from "../../src/notices/delivery.ts";
import { mobileIdPushChannel } from "../../src/notices/adapters/mobile-id-push.ts";
import { smsGatewayChannel } from "../../src/notices/adapters/sms-gateway.ts";
import { smtpChannel } from "../../src/notices/adapters/smtp.ts";
import { noticeBackoffMs, type NoticePolicy } from "../../src/notices/ports.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { startLocalSmtp, startStandIns, type LocalSmtp } from "./support.ts";

let database: TestDatabase;
let world: World;
let smtp: LocalSmtp;
let standIns: Awaited<ReturnType<typeof startStandIns>>;
let email: ReturnType<typeof smtpChannel>;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  smtp = await startLocalSmtp();
  standIns = await startStandIns(() => world.clock.now());
  email = smtpChannel({ host: "127.0.0.1", port: smtp.port, from: "إدارة التنفيذ <notices@tanfeeth.test>", messageIdDomain: "tanfeeth.test" }, () => world.clock.now());
});
after(async () => {
  email.close();
  await standIns.app.close();
  await smtp.close();
  await database.drop();
});

const MINUTE = 60_000;

function context(policy: Partial<NoticePolicy>): NoticeDeliveryContext {
  return {
    db: database.db,
    channels: { app: mobileIdPushChannel({ baseUrl: standIns.url }), email, sms: smsGatewayChannel({ baseUrl: standIns.url }) },
    policy,
    now: () => world.clock.now(),
  };
}

/** Opens a file and writes the debtor's service notice the way the outbox handler does. */
async function serveTitle(): Promise<{ fileId: string; noticeId: string }> {
  const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  await database.db.transaction().execute((tx) => noticeTitleServed(tx, { fileId: file.id, correlationId: "test" }, world.clock.now()));
  const notice = await database.db.selectFrom("notices").select("id").where("file_id", "=", file.id).executeTakeFirstOrThrow();
  return { fileId: file.id, noticeId: notice.id };
}

const noticeRow = (id: string) => database.db.selectFrom("notices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const attemptsOf = async (id: string) =>
  Object.fromEntries((await database.db.selectFrom("notice_attempts").selectAll().where("notice_id", "=", id).execute()).map((row) => [row.channel, row]));

test("the service notice lists every channel the debtor can be reached by; a repeat of the handler adds nothing", async () => {
  const { fileId, noticeId } = await serveTitle();
  await database.db.transaction().execute((tx) => noticeTitleServed(tx, { fileId }, world.clock.now()));
  const notices = await database.db.selectFrom("notices").selectAll().where("file_id", "=", fileId).execute();
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.recipient_civil_id, people.debtor);
  assert.equal(notices[0]!.language, "ar");
  assert.equal(notices[0]!.status, "pending");
  const attempts = await attemptsOf(noticeId);
  assert.deepEqual(Object.keys(attempts).sort(), ["app", "email", "sms"]);
  assert.equal(attempts.email!.address, "debtor@example.test");
  // Delivered by the app: nothing is left over for the next tests.
  await deliverDueNotices(context({ channelOrder: ["app"] }));
  assert.equal((await noticeRow(noticeId)).status, "delivered");
});

test("the app channel: legal effect when the app's server receives it; a repeated round sends nothing twice", async () => {
  const { noticeId } = await serveTitle();
  const pushedAt = world.clock.now();
  const before = standIns.inbox(people.debtor).length;
  const round = await deliverDueNotices(context({ channelOrder: ["app", "email", "sms"] }));
  assert.equal(round.delivered, 1);
  const notice = await noticeRow(noticeId);
  assert.equal(notice.status, "delivered");
  assert.equal(notice.delivered_channel, "app");
  assert.equal(notice.legal_effect_at!.getTime(), pushedAt.getTime());
  const proof = notice.proof as { channel: string; appServerReceipt: { pushId: string; receivedAt: string } };
  assert.equal(proof.channel, "app");
  assert.equal(proof.appServerReceipt.receivedAt, pushedAt.toISOString());
  const inbox = standIns.inbox(people.debtor);
  assert.equal(inbox.length, before + 1);
  assert.match(inbox.at(-1)!.title, /إعلان بالسند التنفيذي/);
  const attempts = await attemptsOf(noticeId);
  assert.equal(attempts.email!.status, "superseded");
  assert.equal(attempts.sms!.status, "superseded");

  // The worker repeats its round, and again later: nothing is sent again.
  for (const wait of [0, 20 * MINUTE]) {
    world.clock.advance(wait);
    const again = await deliverDueNotices(context({ channelOrder: ["app", "email", "sms"] }));
    assert.deepEqual(again, { activated: 0, delivered: 0, awaiting: 0, retried: 0, failed: 0 });
  }
  assert.equal(standIns.inbox(people.debtor).length, before + 1);
  assert.equal((await attemptsOf(noticeId)).app!.attempts, 1);
});

test("the app server down: the notice falls back to email after the configured delay, in Arabic, with the SMTP reply as proof", async () => {
  standIns.controls.appAvailable = false;
  try {
    const { noticeId } = await serveTitle();
    const policy = { channelOrder: ["app", "email", "sms"] as const, fallbackAfterMs: 10 * MINUTE, maxAttempts: 50 };
    const mails = smtp.received.length;
    const first = await deliverDueNotices(context(policy));
    assert.deepEqual({ activated: first.activated, retried: first.retried, delivered: first.delivered }, { activated: 1, retried: 1, delivered: 0 });
    assert.match((await attemptsOf(noticeId)).app!.last_error ?? "", /HTTP 503/);
    // Still within the delay: the app is retried, email waits.
    world.clock.advance(5 * MINUTE);
    await deliverDueNotices(context(policy));
    let attempts = await attemptsOf(noticeId);
    assert.equal(attempts.app!.attempts, 2);
    assert.equal(attempts.email!.status, "waiting");
    assert.equal(smtp.received.length, mails);

    world.clock.advance(5 * MINUTE);
    const deliveredAt = world.clock.now();
    const fallback = await deliverDueNotices(context(policy));
    assert.equal(fallback.delivered, 1);
    const notice = await noticeRow(noticeId);
    assert.equal(notice.status, "delivered");
    assert.equal(notice.delivered_channel, "email");
    assert.equal(notice.legal_effect_at!.getTime(), deliveredAt.getTime());
    const proof = notice.proof as { smtpResponse: string; messageId: string };
    assert.match(proof.smtpResponse, /^250 /);
    assert.match(proof.smtpResponse, /queued as test-/);
    assert.equal(proof.messageId, `<notice-${noticeId}@tanfeeth.test>`);
    attempts = await attemptsOf(noticeId);
    assert.equal(attempts.email!.status, "delivered");
    assert.equal(attempts.sms!.status, "superseded");
    assert.notEqual(attempts.app!.status, "delivered");

    assert.equal(smtp.received.length, mails + 1);
    const mail = smtp.received.at(-1)!;
    assert.deepEqual(mail.to, ["debtor@example.test"]);
    assert.match(mail.raw, /charset=utf-8/i);
    // The file number as an isolated left-to-right run (U+2066 … U+2069), through SMTP intact.
    assert.match(mail.parsed.subject ?? "", /^إعلان بالسند التنفيذي - ملف التنفيذ رقم \u2066\d{4}\/\d{7}-\d\u2069$/);
    assert.match(mail.parsed.text ?? "", /نعلنكم بأنه قد فُتح ملف التنفيذ رقم/);
    assert.match(mail.parsed.text ?? "", /\d+,\d{3}\.\d{3} د\.ك/);
    assert.match(mail.parsed.text ?? "", /بتوقيت الكويت/);
  } finally {
    standIns.controls.appAvailable = true;
  }
});

test("an SMTP server refusing for now: retried with backoff, delivered once", async () => {
  const { noticeId } = await serveTitle();
  const policy = { channelOrder: ["email"] as const, maxAttempts: 5 };
  smtp.refuseNext(2, 451);
  const mails = smtp.received.length;
  assert.equal((await deliverDueNotices(context(policy))).retried, 1);
  let email = (await attemptsOf(noticeId)).email!;
  assert.match(email.last_error ?? "", /SMTP 451/);
  assert.equal(email.next_attempt_at!.getTime(), world.clock.now().getTime() + noticeBackoffMs(1));
  // Not due before its backoff.
  assert.equal((await deliverDueNotices(context(policy))).retried, 0);
  world.clock.advance(noticeBackoffMs(1));
  assert.equal((await deliverDueNotices(context(policy))).retried, 1);
  email = (await attemptsOf(noticeId)).email!;
  assert.equal(email.next_attempt_at!.getTime(), world.clock.now().getTime() + noticeBackoffMs(2));
  assert.ok(noticeBackoffMs(2) > noticeBackoffMs(1));
  world.clock.advance(noticeBackoffMs(2));
  assert.equal((await deliverDueNotices(context(policy))).delivered, 1);
  email = (await attemptsOf(noticeId)).email!;
  assert.equal(email.attempts, 3);
  assert.equal(email.status, "delivered");
  assert.equal(smtp.received.length, mails + 1);
});

test("a mailbox refused for good: the next channel, SMS, at once; its legal effect is the gateway's delivery report", async () => {
  await database.db.transaction().execute((tx) => setNoticeLanguage(tx, people.debtor, "en", world.clock.now()));
  try {
    const { noticeId } = await serveTitle();
    const policy = { channelOrder: ["email", "sms"] as const, receiptPollMs: 30_000 };
    standIns.controls.smsDeliveryDelayMs = 12_000;
    smtp.refuseNext(1, 550);
    assert.equal((await deliverDueNotices(context(policy))).failed, 1);
    assert.match((await attemptsOf(noticeId)).email!.last_error ?? "", /SMTP 550/);
    const sentAt = world.clock.now();
    const accepted = await deliverDueNotices(context(policy));
    assert.deepEqual({ activated: accepted.activated, awaiting: accepted.awaiting }, { activated: 1, awaiting: 1 });
    const sms = (await attemptsOf(noticeId)).sms!;
    assert.equal(sms.status, "awaiting_receipt");
    assert.equal((await noticeRow(noticeId)).status, "pending");
    const sent = standIns.sms().find((message) => message.messageId === sms.provider_ref)!;
    assert.equal(sent.to, "+96550000000");
    assert.match(sent.text, /^Executory title served: file \d{4}\/\d{7}-\d, amount KWD [\d,]+\.\d{3}\./);

    world.clock.advance(30_000);
    assert.equal((await deliverDueNotices(context(policy))).delivered, 1);
    const notice = await noticeRow(noticeId);
    assert.equal(notice.delivered_channel, "sms");
    assert.equal(notice.language, "en");
    assert.equal(notice.legal_effect_at!.getTime(), sentAt.getTime() + 12_000);
    const proof = notice.proof as { deliveryReport: { status: string; messageId: string; deliveredAt: string } };
    assert.equal(proof.deliveryReport.status, "delivered");
    assert.equal(proof.deliveryReport.messageId, sms.provider_ref);
    // One message at the gateway for this notice, however many rounds run.
    world.clock.advance(30 * MINUTE);
    await deliverDueNotices(context(policy));
    assert.equal(standIns.sms().filter((message) => message.reference.startsWith(noticeId)).length, 1);
  } finally {
    standIns.controls.smsDeliveryDelayMs = 0;
    await database.db.transaction().execute((tx) => setNoticeLanguage(tx, people.debtor, "ar", world.clock.now()));
  }
});

test("no channel left: the notice is marked failed, not retried forever", async () => {
  const { noticeId } = await serveTitle();
  standIns.controls.unreachableNumbers.add("+96550000000");
  try {
    const policy = { channelOrder: ["sms"] as const };
    await deliverDueNotices(context(policy));
    world.clock.advance(60_000);
    await deliverDueNotices(context(policy));
    assert.equal((await attemptsOf(noticeId)).sms!.status, "failed");
    await deliverDueNotices(context(policy));
    assert.equal((await noticeRow(noticeId)).status, "failed");
  } finally {
    standIns.controls.unreachableNumbers.clear();
  }
});

test("two workers at once: each attempt is claimed by one of them, each notice sent once", async () => {
  const served = [await serveTitle(), await serveTitle(), await serveTitle()];
  const before = standIns.inbox(people.debtor).length;
  const rounds = await Promise.all([deliverDueNotices(context({ channelOrder: ["app"] })), deliverDueNotices(context({ channelOrder: ["app"] }))]);
  // Planning and claiming may split between the two workers: what matters is one send per notice.
  await deliverDueNotices(context({ channelOrder: ["app"] }));
  assert.ok(rounds.reduce((sum, round) => sum + round.delivered, 0) <= served.length);
  for (const { noticeId } of served) {
    assert.equal((await noticeRow(noticeId)).status, "delivered");
    assert.equal((await attemptsOf(noticeId)).app!.attempts, 1);
  }
  assert.equal(standIns.inbox(people.debtor).length, before + served.length);
});

test("an SMS whose delivery report never comes: the channel fails after the give-up time", async () => {
  const { noticeId } = await serveTitle();
  standIns.controls.smsDeliveryDelayMs = 10 * 86_400_000;
  try {
    const policy = { channelOrder: ["sms"] as const, receiptPollMs: 3_600_000 };
    assert.equal((await deliverDueNotices(context(policy))).awaiting, 1);
    for (let hour = 0; hour < 49; hour++) {
      world.clock.advance(3_600_000);
      await deliverDueNotices(context(policy));
    }
    const sms = (await attemptsOf(noticeId)).sms!;
    assert.equal(sms.status, "failed");
    assert.equal(sms.last_error, "no delivery report");
    assert.equal(sms.attempts, 1, "polling for the report is not a resend");
    await deliverDueNotices(context(policy));
    assert.equal((await noticeRow(noticeId)).status, "failed");
  } finally {
    standIns.controls.smsDeliveryDelayMs = 0;
  }
});
