/**
 * Art. 298(b) (Decree-Law 38/1980, H): a payment made outside the department must be reported by
 * the creditor within one week (`deadlines.creditorReportsPaymentDays`); the debtor may report it
 * at any time. What follows a late report is not in the law: department policy
 * `outsidePayments.lateCreditorReport` = "flagged" from kw-2025.4 (10 December 2026) — credited all
 * the same, flagged late with the days past the week, an action for the department
 * (`ledger.reported_late`), a notice to the debtor, and shown on the debtor's page. Under kw-2025.3
 * (the old behaviour) the week is read nowhere: a report weeks late is not flagged. On both engines.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { reportOutsidePayment } from "../../src/app/record-ledger-entry.ts";
import { readMyDebts } from "../../src/app/payments/read-my-debts.ts";
import { noticeMoneyMoved } from "../../src/notices/create-notices.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

const KD = 1000n;
let database: TestDatabase;
let world: World;
let serial = 0;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

const at = (iso: string) => world.clock.advance(Date.parse(iso) - world.clock.now().getTime());
const db = () => database.db;

async function report(fileId: string, receivedOn: string | null) {
  return reportOutsidePayment(world.deps, await world.as(people.creditor), { fileId, amount: 100n * KD, reference: `CRD-${++serial}`, receivedOn });
}

const lateActions = (fileId: string) => db().selectFrom("actions").select("payload").where("file_id", "=", fileId).where("action_kind", "=", "ledger.reported_late").execute();
const lateNotices = async (fileId: string) =>
  (await db().selectFrom("outbox").select("payload").where("topic", "=", "notice.money_moved").execute()).filter((entry) => {
    const payload = entry.payload as { fileId: string; event: string };
    return payload.fileId === fileId && payload.event === "outside_payment_reported_late";
  });

describe("the week of Art. 298(b) for a creditor's report of a payment received outside the department", () => {
  test("kw-2025.3 (the old behaviour): a report three weeks late is credited and nothing reads the week", async () => {
    at("2026-12-09T06:00:00Z");
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.otherDebtor });
    const undated = await report(file.id, null);
    const late = await report(file.id, "2026-11-18");
    assert.equal(undated.fileStatus, "open");
    const rows = await db().selectFrom("ledger_entries").select(["id", "reported_late_days"]).where("file_id", "=", file.id).orderBy("recorded_at").execute();
    assert.deepEqual(rows.map((row) => row.reported_late_days), [null, null]);
    assert.ok(rows.some((row) => row.id === late.entryId));
    assert.deepEqual(await lateActions(file.id), []);
    assert.deepEqual(await lateNotices(file.id), []);
  });

  test("kw-2025.4: the day received is required; within the week nothing is flagged; after it the report is credited, flagged, recorded, told to the debtor and shown on their page", async () => {
    at("2026-12-10T06:00:00Z"); // 10 December in Kuwait
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    await assert.rejects(report(file.id, null), (error: { code?: string; details?: { field?: string } }) => error.code === "VALIDATION_FAILED" && error.details?.field === "receivedOn");
    await assert.rejects(report(file.id, "2026-12-11"), (error: { code?: string }) => error.code === "VALIDATION_FAILED", "not received after the report");

    // Received 5 December: the week runs to 12 December — in time.
    const inTime = await report(file.id, "2026-12-05");
    // Received 30 November: the week ran to 7 December — three days late.
    const late = await report(file.id, "2026-11-30");
    const rows = await db().selectFrom("ledger_entries").select(["id", "received_on", "reported_late_days", "amount"]).where("file_id", "=", file.id).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.get(inTime.entryId)!.reported_late_days, null);
    assert.equal(byId.get(late.entryId)!.reported_late_days, 3);
    assert.equal(byId.get(late.entryId)!.received_on, "2026-11-30");
    assert.equal(byId.get(late.entryId)!.amount, 100n * KD, "credited all the same");

    const actions = await lateActions(file.id);
    assert.equal(actions.length, 1);
    assert.deepEqual(actions[0]!.payload, { entryId: late.entryId, amount: "100000", receivedOn: "2026-11-30", reportBy: "2026-12-07", daysLate: 3, ruleVersion: "kw-2025.4" });

    // The debtor is told (one notice per debtor), in their language.
    const notices = await lateNotices(file.id);
    assert.equal(notices.length, 1);
    await db().transaction().execute((tx) => noticeMoneyMoved(tx, notices[0]!.payload as Parameters<typeof noticeMoneyMoved>[1], world.clock.now()));
    const sent = await db().selectFrom("notices").select(["recipient_role", "subject", "body"]).where("file_id", "=", file.id).where("kind", "=", "money_moved").execute();
    assert.ok(sent.length >= 1);
    assert.ok(sent.every((notice) => notice.recipient_role === "debtor"));
    assert.match(sent[0]!.body, /298/);

    // And sees it on their page.
    const debts = await readMyDebts(world.deps, await world.as(people.debtor), { limit: 20 });
    const mine = debts.find((debt) => debt.fileId === file.id)!;
    assert.deepEqual(
      mine.reportedPayments.map((payment) => [payment.source, payment.receivedOn, payment.reportedLateDays]),
      [
        ["reported_by_creditor", "2026-12-05", null],
        ["reported_by_creditor", "2026-11-30", 3],
      ],
    );
    const audit = await verifyAudit(db());
    assert.deepEqual(audit.chainProblems, []);
    assert.deepEqual(audit.projectionProblems, []);
  });
});
