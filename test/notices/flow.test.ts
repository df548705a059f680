/**
 * Notices from the real flow: opening a file serves the title on the debtor; every status
 * change of a procedure reaches its creditor, and the debtor hears when a measure is sent,
 * takes effect and is lifted. The worker writes them from the outbox and delivers them
 * through the stand-in mobile ID app server (and email) with the agencies over real HTTP.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { createWorker, type Worker } from "../../src/jobs/worker.ts";
import { mobileIdPushChannel } from "../../src/notices/adapters/mobile-id-push.ts";
import { smtpChannel } from "../../src/notices/adapters/smtp.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { startLocalSmtp, startStandIns, type LocalSmtp } from "./support.ts";

const KD = 1000n;
let exchange: Exchange;
let smtp: LocalSmtp;
let standIns: Awaited<ReturnType<typeof startStandIns>>;
let email: ReturnType<typeof smtpChannel>;
let worker: Worker;

before(async () => {
  exchange = await startExchange();
  smtp = await startLocalSmtp();
  standIns = await startStandIns(() => exchange.world.clock.now());
  email = smtpChannel({ host: "127.0.0.1", port: smtp.port, from: "notices@tanfeeth.test" }, () => exchange.world.clock.now());
  worker = createWorker({
    db: exchange.database.db,
    directory: exchange.hub.channel.directory,
    keys: exchange.hub.channel.keys,
    now: () => exchange.world.clock.now(),
    notices: { channels: { app: mobileIdPushChannel({ baseUrl: standIns.url }), email }, policy: { channelOrder: ["app", "email"] } },
  });
});
after(async () => {
  email.close();
  await standIns.app.close();
  await smtp.close();
  await exchange.close();
});

async function settle() {
  let quiet = 0;
  for (let round = 0; round < 60 && quiet < 2; round++) {
    const busy = await worker.tick();
    await exchange.simulators.idle(10_000);
    quiet = busy ? 0 : quiet + 1;
  }
}

interface NoticeView {
  role: string;
  civilId: string;
  kind: string;
  status: string;
  noticeStatus: string;
  channel: string | null;
  legalEffectAt: Date | null;
  subject: string;
}

async function noticesOf(fileId: string): Promise<NoticeView[]> {
  const rows = await exchange.database.db.selectFrom("notices").selectAll().where("file_id", "=", fileId).orderBy("created_at").orderBy("dedupe_key").execute();
  return rows.map((row) => ({
    role: row.recipient_role,
    civilId: row.recipient_civil_id,
    kind: row.kind,
    // dedupe key: kind:procedure:status:party:person
    status: row.kind === "title_served" ? "served" : row.dedupe_key.split(":")[2]!,
    noticeStatus: row.status,
    channel: row.delivered_channel,
    legalEffectAt: row.legal_effect_at,
    subject: row.subject,
  }));
}

test("a bank attachment: the creditor hears of every status change, the debtor once when the measure is taken and once when it is lifted", async () => {
  const debtor = people.otherDebtor;
  exchange.simulators.setBalances(debtor, { NBOK: 2_000n * KD });
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, 5_000n);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const requested = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 1_234_500n, banks: "all" });
  await settle();
  const procedureStatus = async () => (await exchange.database.db.selectFrom("procedures").select("status").where("id", "=", requested.id).executeTakeFirstOrThrow()).status;
  assert.equal(await procedureStatus(), "in_force");

  await waiveProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { fileId: file.id, procedureId: requested.id, reason: "settled out of court" });
  await settle();
  assert.equal(await procedureStatus(), "lifted");

  const notices = await noticesOf(file.id);
  // Every status the procedure went through, from the action log.
  const actions = await exchange.database.db.selectFrom("actions").select(["action_kind", "payload"]).where("procedure_id", "=", requested.id).where("action_kind", "like", "procedure.%").orderBy("seq").execute();
  const events = actions.map((action) => action.action_kind).filter((kind) => kind !== "procedure.request" && kind !== "procedure.identity_check");
  assert.ok(events.length >= 4, events.join(" "));
  const creditorStatuses = notices.filter((notice) => notice.role === "creditor").map((notice) => notice.status);
  assert.equal(creditorStatuses.length, events.length, `creditor notices ${creditorStatuses.join(",")} for events ${events.join(",")}`);
  for (const status of ["ordered", "dispatched", "in_force", "lifting", "lifted"]) assert.ok(creditorStatuses.includes(status), `creditor not told of ${status}`);
  assert.ok(notices.filter((notice) => notice.role === "creditor").every((notice) => notice.civilId === people.creditor && notice.kind === "procedure_changed"));
  const creditorSubjects = notices.filter((notice) => notice.role === "creditor").map((notice) => notice.subject);
  assert.equal(new Set(creditorSubjects).size, creditorSubjects.length, `repeated subjects: ${creditorSubjects.join(" | ")}`);

  const debtorNotices = notices.filter((notice) => notice.role === "debtor");
  // (The test clock stands still, so they are compared as a set.)
  // One notice per event: the measure taken (dispatched) and lifted; not a second one, with the same subject, when the bank executes it.
  assert.deepEqual(debtorNotices.map((notice) => notice.status).sort(), ["dispatched", "lifted", "served"]);
  const measureSubjects = debtorNotices.filter((notice) => notice.kind === "measure_changed").map((notice) => notice.subject);
  assert.equal(new Set(measureSubjects).size, measureSubjects.length, `repeated subjects: ${measureSubjects.join(" | ")}`);
  assert.ok(debtorNotices.every((notice) => notice.civilId === debtor));

  // All delivered through the app, each with its legal-effect time.
  for (const notice of notices) {
    assert.equal(notice.noticeStatus, "delivered", `${notice.role} ${notice.status}`);
    assert.equal(notice.channel, "app");
    assert.ok(notice.legalEffectAt);
  }
  const inbox = standIns.inbox(debtor);
  assert.equal(inbox.length, 3);
  const taken = inbox.find((item) => item.body.includes("أصبح: أُرسل إلى الجهات المختصة"));
  assert.ok(taken, "the debtor's app shows the measure taken");
  assert.match(taken.body, /حجز على الأموال لدى البنوك/);
  assert.match(taken.body, /1,234\.500 د\.ك/);
  assert.ok(taken.body.includes(file.number) && taken.title.includes(file.number));

  // More rounds change nothing: no notice is created or sent twice.
  const pushes = standIns.inbox(people.creditor).length;
  await settle();
  assert.equal((await noticesOf(file.id)).length, notices.length);
  assert.equal(standIns.inbox(people.creditor).length, pushes);
  assert.equal(standIns.inbox(debtor).length, 3);
});
