/**
 * The notices API: a person sets the language of their notices and an address of their
 * own for them (the registered phone stays the SMS address); a person lists the notices
 * they received with their legal-effect times; staff list a file's notices with every
 * channel attempt and proof, a logged read. Delivery through the stand-in mobile ID app
 * server over real HTTP. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { runOutboxOnce } from "../../src/jobs/outbox-runner.ts";
import { outboxHandlers } from "../../src/jobs/outbox-handlers.ts";
import { mobileIdPushChannel } from "../../src/notices/adapters/mobile-id-push.ts";
import { deliverDueNotices } from "../../src/notices/delivery.ts";
import { people } from "../support/fixtures.ts";
import { startDocumentsHarness, type DocumentsHarness } from "../documents/support.ts";
import { assertError } from "../http/helpers.ts";
import { startStandIns } from "../notices/support.ts";
import { assertNothingWritten, get, ok, post } from "./support.ts";
/** The outbox entries that write the file's and the procedures' notices (nothing else is run here). */
const noticeTopics = new Set(["notice.title_served", "notice.procedure_changed"] as const);


let harness: DocumentsHarness;
let standIns: Awaited<ReturnType<typeof startStandIns>>;

before(async () => {
  harness = await startDocumentsHarness();
  standIns = await startStandIns(() => harness.world.clock.now());
});
after(async () => {
  await standIns?.app.close();
  await harness?.close();
});

const db = () => harness.database.db;
const as = (civilId: string) => harness.clientFor(civilId);

async function writeNotices() {
  await runOutboxOnce(harness.world.deps, outboxHandlers, { topics: noticeTopics });
}
async function deliver() {
  await writeNotices();
  return deliverDueNotices({ db: db(), channels: { app: mobileIdPushChannel({ baseUrl: standIns.url }) }, policy: { channelOrder: ["app"] }, now: () => harness.world.clock.now() });
}

interface Preferences {
  language: string;
  email: string | null;
  registered: { email: string | null; phone: string | null };
  updatedAt: string | null;
}
interface Received {
  id: string;
  kind: string;
  fileId: string;
  fileNumber: string;
  recipientRole: string;
  language: string;
  subject: string;
  status: string;
  deliveredChannel: string | null;
  legalEffectAt: string | null;
}
interface FileNotice {
  id: string;
  kind: string;
  recipientCivilId: string;
  partyId: string | null;
  status: string;
  deliveredChannel: string | null;
  legalEffectAt: string | null;
  proof: Record<string, unknown> | null;
  attempts: { channel: string; address: string; status: string; attempts: number; legalEffectAt: string | null; proof: unknown }[];
}

describe("notice preferences", () => {
  test("a debtor chooses English and an address of their own: the next notice is in English and goes there; null restores the registered address", async () => {
    const debtor = await as(people.otherDebtor);
    assert.deepEqual(ok<Preferences>(await get(debtor, "/api/v1/me/notice-preferences")), {
      language: "ar",
      email: null,
      registered: { email: "otherDebtor@example.test", phone: "+96550000000" },
      updatedAt: null,
    });
    const set = ok<Preferences>(await post(debtor, "/api/v1/me/notice-preferences", { language: "en", email: "  Notices@Debtor.example " }));
    assert.equal(set.language, "en");
    assert.equal(set.email, "notices@debtor.example");
    assert.equal(set.updatedAt, harness.world.clock.now().toISOString());
    const action = await db().selectFrom("actions").select(["action_kind", "actor", "payload"]).where("stream", "=", `subject:${people.otherDebtor}`).where("action_kind", "=", "notice.preferences_set").executeTakeFirstOrThrow();
    assert.deepEqual(action.payload, { language: "en", email: "notices@debtor.example" });

    const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.otherDebtor });
    await writeNotices();
    const notice = await db().selectFrom("notices").selectAll().where("file_id", "=", file.id).executeTakeFirstOrThrow();
    assert.equal(notice.language, "en");
    assert.match(notice.subject, /^Service of the executory title/);
    const email = await db().selectFrom("notice_attempts").select("address").where("notice_id", "=", notice.id).where("channel", "=", "email").executeTakeFirstOrThrow();
    assert.equal(email.address, "notices@debtor.example");

    // Only the language: the address stays; then null: back to the registered one.
    assert.equal(ok<Preferences>(await post(debtor, "/api/v1/me/notice-preferences", { language: "ar" })).email, "notices@debtor.example");
    const restored = ok<Preferences>(await post(debtor, "/api/v1/me/notice-preferences", { language: "ar", email: null }));
    assert.deepEqual([restored.language, restored.email], ["ar", null]);
    const next = await harness.world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor });
    await writeNotices();
    const arabic = await db().selectFrom("notices").selectAll().where("file_id", "=", next.id).executeTakeFirstOrThrow();
    assert.equal(arabic.language, "ar");
    const registered = await db().selectFrom("notice_attempts").select("address").where("notice_id", "=", arabic.id).where("channel", "=", "email").executeTakeFirstOrThrow();
    assert.equal(registered.address, "otherDebtor@example.test");
    await deliver();
  });

  test("bad input writes nothing", async () => {
    const client = await as(people.creditor);
    for (const body of [{ language: "fr" }, {}, { language: "en", email: "not-an-address" }, { language: "en", email: "a@b" }, { language: "en", phone: "+96599999999" }, { language: "en", email: 5 }]) {
      await assertNothingWritten(db(), async () => assertError(await post(client, "/api/v1/me/notice-preferences", body), 400, "VALIDATION_FAILED"));
    }
    assertError(await harness.anonymous.request({ method: "GET", url: "/api/v1/me/notice-preferences" }), 401, "UNAUTHENTICATED");
    assertError(await harness.anonymous.request({ method: "POST", url: "/api/v1/me/notice-preferences", payload: { language: "en" } }), 401, "UNAUTHENTICATED");
  });
});

describe("reading notices", () => {
  test("the debtor lists the notices received, with legal-effect times; staff list the file's with every attempt and proof", async () => {
    const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    await deliver();
    const debtor = await as(people.debtor);
    const received = ok<{ notices: Received[] }>(await get(debtor, `/api/v1/me/notices?fileId=${file.id}`)).notices;
    assert.equal(received.length, 1);
    assert.equal(received[0]!.kind, "title_served");
    assert.equal(received[0]!.fileNumber, file.number);
    assert.equal(received[0]!.recipientRole, "debtor");
    assert.equal(received[0]!.status, "delivered");
    assert.equal(received[0]!.deliveredChannel, "app");
    assert.equal(received[0]!.legalEffectAt, harness.world.clock.now().toISOString());
    const all = ok<{ notices: Received[] }>(await get(debtor, "/api/v1/me/notices?limit=200")).notices;
    assert.ok(all.some((notice) => notice.id === received[0]!.id));
    // Nobody else receives the debtor's notices.
    for (const who of [people.creditor, people.stranger, people.clerk]) {
      const theirs = ok<{ notices: Received[] }>(await get(await as(who), "/api/v1/me/notices?limit=200")).notices;
      assert.ok(!theirs.some((notice) => notice.id === received[0]!.id), who);
    }

    for (const who of [people.clerk, people.judge, people.auditor]) {
      const listed = ok<{ notices: FileNotice[] }>(await get(await as(who), `/api/v1/files/${file.id}/notices`)).notices;
      assert.equal(listed.length, 1, who);
      const notice = listed[0]!;
      assert.equal(notice.recipientCivilId, people.debtor);
      assert.ok(notice.partyId);
      assert.equal(notice.deliveredChannel, "app");
      assert.equal(notice.legalEffectAt, received[0]!.legalEffectAt);
      assert.equal(notice.proof?.channel, "app");
      assert.deepEqual(notice.attempts.map((attempt) => [attempt.channel, attempt.status]), [["app", "delivered"], ["email", "superseded"], ["sms", "superseded"]]);
      const app = notice.attempts[0]!;
      assert.equal(app.address, people.debtor);
      assert.equal(app.attempts, 1);
      assert.equal(app.legalEffectAt, notice.legalEffectAt);
      assert.ok(app.proof && typeof app.proof === "object", "the app server's receipt is the proof");
    }
    // Each staff read is an action on the file.
    const reads = await db().selectFrom("actions").select(["actor", "payload"]).where("stream", "=", `file:${file.id}`).where("action_kind", "=", "notices.read").orderBy("seq").execute();
    assert.deepEqual(reads.map((read) => read.actor), [people.clerk, people.judge, people.auditor]);
    assert.deepEqual(reads[0]!.payload, { notices: 1 });
  });

  test("a file's notices: parties and the administrator are refused (403), others do not see the file (404)", async () => {
    const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    for (const who of [people.creditor, people.debtor, people.lawyer, people.administrator]) {
      await assertNothingWritten(db(), async () => assertError(await get(await as(who), `/api/v1/files/${file.id}/notices`), 403, "FORBIDDEN"));
    }
    for (const who of [people.otherCreditor, people.stranger, people.bankOfficer]) {
      await assertNothingWritten(db(), async () => assertError(await get(await as(who), `/api/v1/files/${file.id}/notices`), 404, "FILE_NOT_FOUND"));
    }
    const clerk = await as(people.clerk);
    assertError(await get(clerk, "/api/v1/files/not-a-uuid/notices"), 400, "VALIDATION_FAILED");
    assertError(await get(clerk, "/api/v1/files/00000000-0000-4000-8000-000000000009/notices"), 404, "FILE_NOT_FOUND");
    assertError(await get(clerk, "/api/v1/me/notices?limit=0"), 400, "VALIDATION_FAILED");
    assertError(await get(clerk, "/api/v1/me/notices?fileId=x"), 400, "VALIDATION_FAILED");
  });
});
