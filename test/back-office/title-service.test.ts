/**
 * Service of the title (Art. 5 as amended in 2020; Resolution 26/2021): the electronic
 * service notice records the service at its legal-effect time, and the waiting period of
 * the rules counts from that time; a clerk attests service by a process server as the
 * other path; the earliest service counts. Notices travel to the stand-in mobile ID app
 * server and SMS gateway over real HTTP; the clock is injected. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { runOutboxOnce } from "../../src/jobs/outbox-runner.ts";
import { outboxHandlers } from "../../src/jobs/outbox-handlers.ts";
import { mobileIdPushChannel } from "../../src/notices/adapters/mobile-id-push.ts";
import { smsGatewayChannel } from "../../src/notices/adapters/sms-gateway.ts";
import { deliverDueNotices } from "../../src/notices/delivery.ts";
import type { NoticePolicy } from "../../src/notices/ports.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { people } from "../support/fixtures.ts";
import { multipart, samplePdf, startDocumentsHarness, type DocumentsHarness } from "../documents/support.ts";
import { assertError } from "../http/helpers.ts";
import { startStandIns } from "../notices/support.ts";
import { assertNothingWritten, get, ok, post } from "./support.ts";
/** The outbox entries that write the file's and the procedures' notices (nothing else is run here). */
const noticeTopics = new Set(["notice.title_served", "notice.procedure_changed"] as const);


let harness: DocumentsHarness;
let standIns: Awaited<ReturnType<typeof startStandIns>>;
const MINUTE = 60_000;
const DAY = 86_400_000;

before(async () => {
  harness = await startDocumentsHarness();
  standIns = await startStandIns(() => harness.world.clock.now());
});
after(async () => {
  await standIns?.app.close();
  await harness?.close();
});

const db = () => harness.database.db;
const clock = () => harness.world.clock;
const as = (civilId: string) => harness.clientFor(civilId);

/** What the worker does each round for notices: write them from the outbox, then deliver. */
async function noticeRound(policy: Partial<NoticePolicy> = { channelOrder: ["app"] }) {
  await runOutboxOnce(harness.world.deps, outboxHandlers, { topics: noticeTopics });
  return deliverDueNotices({
    db: db(),
    channels: { app: mobileIdPushChannel({ baseUrl: standIns.url }), sms: smsGatewayChannel({ baseUrl: standIns.url }) },
    policy,
    now: () => clock().now(),
  });
}

async function newFile(debtor: string = people.debtor) {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: debtor });
  const party = await db().selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return { ...file, debtorPartyId: party.id };
}

const servicesOf = (fileId: string) => db().selectFrom("title_services").selectAll().where("file_id", "=", fileId).orderBy("served_at").execute();
const seizure = async (file: { id: string; debtorPartyId: string }) =>
  requestProcedure(harness.world.deps, await harness.world.as(people.creditor), { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyId });
const lastReason = async (procedureId: string) =>
  (await db().selectFrom("actions").select("reason").where("procedure_id", "=", procedureId).orderBy("seq", "desc").executeTakeFirstOrThrow()).reason;

interface ServicesDto {
  services: { channel: string; servedAt: string; reference: string | null; noticeId: string | null; documentId: string | null }[];
  debtors: { debtorPartyId: string; servedAt: string | null; waitingDays: number; mayStartOn: string | null }[];
}

describe("service by electronic notice", () => {
  test("the app notice's legal effect serves the title; the waiting period counts from it", async () => {
    const file = await newFile();
    // Before the notice takes effect no service is recorded (the rules in force take the clerk's attestation).
    assert.deepEqual(await servicesOf(file.id), []);
    clock().advance(5 * MINUTE);
    const round = await noticeRound();
    assert.equal(round.delivered, 1);
    const notice = await db().selectFrom("notices").selectAll().where("file_id", "=", file.id).executeTakeFirstOrThrow();
    assert.equal(notice.kind, "title_served");
    assert.equal(notice.party_id, file.debtorPartyId);
    const [service, ...rest] = await servicesOf(file.id);
    assert.equal(rest.length, 0);
    assert.equal(service!.debtor_party_id, file.debtorPartyId);
    assert.equal(service!.channel, "app");
    assert.equal(service!.notice_id, notice.id);
    assert.equal(service!.served_at.toISOString(), notice.legal_effect_at!.toISOString());
    assert.equal(service!.recorded_by, "system");
    const action = await db()
      .selectFrom("actions")
      .select(["actor", "actor_role", "payload"])
      .where("stream", "=", `file:${file.id}`)
      .where("action_kind", "=", "title.served")
      .executeTakeFirstOrThrow();
    assert.deepEqual(action, {
      actor: "system",
      actor_role: "notices",
      payload: { debtorPartyId: file.debtorPartyId, channel: "app", noticeId: notice.id, servedAt: notice.legal_effect_at!.toISOString() },
    });

    // The same Kuwait day: too early. The next day: the waiting period (1 day) has passed.
    const early = await seizure(file);
    assert.equal(early.status, "rejected");
    assert.match((await lastReason(early.id))!, /served on 2026-03-01; enforcement may not start before 2026-03-02/);
    const shown = ok<ServicesDto>(await get(await as(people.creditor), `/api/v1/files/${file.id}/title-services`));
    assert.deepEqual(shown.debtors, [{ debtorPartyId: file.debtorPartyId, servedAt: notice.legal_effect_at!.toISOString(), waitingDays: 1, mayStartOn: "2026-03-02" }]);
    assert.deepEqual(shown.services.map((entry) => [entry.channel, entry.noticeId]), [["app", notice.id]]);
    clock().advance(DAY);
    const later = await seizure(file);
    assert.equal(later.status, "ordered");

    // More rounds deliver nothing again and record no second service; other notices serve nothing.
    await noticeRound();
    await noticeRound();
    assert.equal((await servicesOf(file.id)).length, 1);
    const report = await verifyAudit(db());
    assert.deepEqual([...report.chainProblems, ...report.projectionProblems], []);
  });

  test("by SMS: served when the delivery report says it was delivered, not when it was sent or polled", async () => {
    const file = await newFile(people.otherDebtor);
    standIns.controls.smsDeliveryDelayMs = 12_000;
    try {
      const sentAt = clock().now();
      await noticeRound({ channelOrder: ["sms"], receiptPollMs: 30_000 });
      assert.deepEqual(await servicesOf(file.id), [], "accepted by the gateway is not yet received");
      clock().advance(30_000);
      await noticeRound({ channelOrder: ["sms"], receiptPollMs: 30_000 });
      const [service] = await servicesOf(file.id);
      assert.equal(service!.channel, "sms");
      assert.equal(service!.served_at.getTime(), sentAt.getTime() + 12_000);
    } finally {
      standIns.controls.smsDeliveryDelayMs = 0;
    }
  });
});

describe("service by a process server, attested by a clerk", () => {
  test("recorded as an action with its report; the earliest service counts", async () => {
    const file = await newFile();
    const clerk = await as(people.clerk);
    const report = ok<{ id: string }>(
      await clerk.request({ method: "POST", url: `/api/v1/files/${file.id}/documents?kind=other`, ...multipart("report.pdf", await samplePdf("Process server's report 17/2026")) }),
      201,
    );
    const servedAt = new Date(clock().now().getTime() - 3 * DAY);
    const attested = ok<{ channel: string; servedAt: string; reference: string; documentId: string }>(
      await post(clerk, `/api/v1/files/${file.id}/title-services`, { debtorPartyId: file.debtorPartyId, servedAt: servedAt.toISOString(), reference: "PS-17/2026", documentId: report.id, note: "Served in person at home." }),
      201,
    );
    assert.deepEqual([attested.channel, attested.servedAt, attested.reference, attested.documentId], ["process_server", servedAt.toISOString(), "PS-17/2026", report.id]);
    const action = await db()
      .selectFrom("actions")
      .select(["actor", "actor_role", "payload", "reason"])
      .where("stream", "=", `file:${file.id}`)
      .where("action_kind", "=", "title.served")
      .executeTakeFirstOrThrow();
    assert.deepEqual(action, {
      actor: people.clerk,
      actor_role: "clerk",
      payload: { debtorPartyId: file.debtorPartyId, channel: "process_server", reference: "PS-17/2026", servedAt: servedAt.toISOString(), documentId: report.id },
      reason: "Served in person at home.",
    });
    // The electronic notice takes effect later; the paper service three days ago still counts.
    await noticeRound();
    const shown = ok<ServicesDto>(await get(await as(people.debtor), `/api/v1/files/${file.id}/title-services`));
    assert.deepEqual(shown.services.map((entry) => entry.channel), ["process_server", "app"]);
    assert.equal(shown.debtors[0]!.servedAt, servedAt.toISOString());
    assert.equal((await seizure(file)).status, "ordered");
  });

  test("refusals: the future, before the title, not a debtor, a report twice, another file's document, who may attest", async () => {
    const file = await newFile();
    const other = await newFile(people.otherDebtor);
    const url = `/api/v1/files/${file.id}/title-services`;
    const clerk = await as(people.clerk);
    const body = { debtorPartyId: file.debtorPartyId, servedAt: clock().now().toISOString(), reference: "PS-1" };
    ok(await post(clerk, url, body), 201);
    const cases: Array<[object, number, string]> = [
      [{ ...body, reference: "PS-2", servedAt: new Date(clock().now().getTime() + MINUTE).toISOString() }, 400, "VALIDATION_FAILED"],
      [{ ...body, reference: "PS-3", servedAt: "2025-11-01T10:00:00Z" }, 400, "VALIDATION_FAILED"],
      [{ ...body, reference: "PS-4", servedAt: "yesterday" }, 400, "VALIDATION_FAILED"],
      [{ ...body, reference: "   " }, 400, "VALIDATION_FAILED"],
      [{ ...body, reference: "PS-5", debtorPartyId: other.debtorPartyId }, 422, "DEBTOR_NOT_ON_FILE"],
      [body, 409, "TITLE_SERVICE_DUPLICATE"],
      [{ ...body, reference: "PS-6", documentId: "00000000-0000-4000-8000-000000000009" }, 404, "DOCUMENT_NOT_FOUND"],
      [{ ...body, reference: "PS-7", channel: "app" }, 400, "VALIDATION_FAILED"],
    ];
    for (const [payload, status, code] of cases) {
      await assertNothingWritten(db(), async () => assertError(await post(clerk, url, payload), status, code));
    }
    for (const who of [people.judge, people.auditor, people.creditor, people.debtor, people.lawyer]) {
      await assertNothingWritten(db(), async () => assertError(await post(await as(who), url, { ...body, reference: "PS-8" }), 403, "FORBIDDEN"));
    }
    for (const who of [people.otherCreditor, people.stranger]) {
      await assertNothingWritten(db(), async () => assertError(await post(await as(who), url, { ...body, reference: "PS-8" }), 404, "FILE_NOT_FOUND"));
      assertError(await get(await as(who), url), 404, "FILE_NOT_FOUND");
    }
  });
});
