/**
 * Art. 298(e) over the whole exchange: a travel ban ordered before suit lapses unless the
 * creditor proves, within 7 days of the order, that the suit was filed. The deadline job
 * in the worker lifts an unproven ban through the normal lift path — an action on the
 * file, a signed lift order the stand-in ports authority receives and confirms, notices
 * to the parties — and leaves a proven one alone. The creditor reports the filing over
 * HTTP with a document uploaded to the file; late, repeated or misplaced reports are
 * refused and write nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { lapseBansBeforeSuit } from "../../src/jobs/deadlines.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { procedureRequestIntent } from "../../src/app/signing.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { multipart, samplePdf } from "../documents/support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

const db = () => exchange.database.db;
const evidence = { debtCertainAndDue: "شيكات مرتجعة", flightRisk: "حجز تذكرة سفر", abilityToPay: "راتب" };

async function status(procedureId: string) {
  return (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;
}

/** A travel ban petitioned (before suit, unless told otherwise), granted by the judge and registered by the ports. */
async function banInForce(debtorCivilId: string, beforeSuit = true) {
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtorCivilId });
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "travel_ban", fileId: file.id, debtorPartyId, evidence, ...(beforeSuit ? { beforeSuit: true } : {}) });
  await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId: file.id, procedureId: ban.id, decision: "grant", reasons: "توافرت شروط المادة 297" });
  await exchange.settle();
  assert.equal(await status(ban.id), "in_force");
  assert.ok(exchange.simulators.ports.isBanned(debtorCivilId), "registered at the ports");
  return { fileId: file.id, procedureId: ban.id };
}

/** The API as a signed-in person (session cookie and CSRF token), over the exchange's HTTP server. */
async function as(civilId: string) {
  const session = await createSession(db(), civilId, exchange.world.clock.now());
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
  return {
    report: (fileId: string, procedureId: string, body: Record<string, unknown>) =>
      exchange.api.inject({ method: "POST", url: `/api/v1/files/${fileId}/procedures/${procedureId}/suit-filing`, headers, payload: body }),
  };
}

/** Upload a filing receipt as the creditor; its document id. */
async function filingReceipt(fileId: string, procedureId?: string) {
  const session = await createSession(db(), people.creditor, exchange.world.clock.now());
  const body = multipart("filing-receipt.pdf", await samplePdf(`receipt ${fileId} ${procedureId ?? ""}`));
  const response = await exchange.api.inject({
    method: "POST",
    url: `/api/v1/files/${fileId}/documents?kind=evidence${procedureId ? `&procedureId=${procedureId}` : ""}`,
    payload: body.payload,
    headers: { ...body.headers, cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken },
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { id: string }).id;
}

async function actionCount(fileId: string) {
  return (await db().selectFrom("actions").select("id").where("file_id", "=", fileId).execute()).length;
}

describe("a travel ban ordered before suit", () => {
  test("the petition says it is before suit, and the creditor signs that too", async () => {
    const request = { kind: "travel_ban" as const, fileId: "f", debtorPartyId: "d", evidence, beforeSuit: true };
    assert.equal((procedureRequestIntent(request).request as { beforeSuit?: boolean }).beforeSuit, true);
    const { procedureId } = await banInForce(people.companyRep);
    const row = await db().selectFrom("procedures").select("parameters").where("id", "=", procedureId).executeTakeFirstOrThrow();
    assert.equal((row.parameters as { beforeSuit?: boolean }).beforeSuit, true);
    const requested = await db().selectFrom("actions").select("payload").where("procedure_id", "=", procedureId).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    assert.equal((requested.payload as { parameters: { beforeSuit?: boolean } }).parameters.beforeSuit, true, "in the action log");
    // Proven at once, so that later deadline sweeps in this file leave it alone.
    const fileId = (await db().selectFrom("procedures").select("file_id").where("id", "=", procedureId).executeTakeFirstOrThrow()).file_id;
    const documentId = await filingReceipt(fileId, procedureId);
    const reported = await (await as(people.creditor)).report(fileId, procedureId, { documentId, court: "المحكمة الكلية", caseNumber: "2026/100 تجاري كلي/3", filedOn: "2026-03-01" });
    assert.equal(reported.statusCode, 200, reported.body);
  });

  test("not proven within 7 days: the deadline job lifts it and the ports lift the ban", async () => {
    // Ordered on Sunday 1 March 2026 at 11:00 Kuwait time: the last day is Sunday 8 March.
    const { fileId, procedureId } = await banInForce(people.debtor);
    const orderedAt = exchange.world.clock.now();

    // The last minute of the last day (23:59 in Kuwait): the ban stands.
    exchange.world.clock.advance(new Date("2026-03-08T20:59:00Z").getTime() - orderedAt.getTime());
    await exchange.settle();
    assert.equal(await status(procedureId), "in_force");
    assert.ok(exchange.simulators.ports.isBanned(people.debtor));

    // The day has ended: the worker's deadline sweep lifts it, the ports receive the lift order and confirm.
    exchange.world.clock.advance(2 * 60_000);
    await exchange.settle();
    assert.equal(await status(procedureId), "lifted");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), false, "the ports lifted the ban");
    const atPorts = exchange.simulators.ports.list().find((ban) => ban.civilId === people.debtor)!;
    assert.equal(atPorts.status, "lifted");
    assert.equal(atPorts.liftedAt, "2026-03-08T21:01:00.000Z");

    const liftOrders = await db()
      .selectFrom("agency_messages")
      .innerJoin("agency_orders", "agency_orders.id", "agency_messages.order_id")
      .select(["agency_messages.agency_key", "agency_messages.message_type", "agency_messages.direction"])
      .where("agency_orders.procedure_id", "=", procedureId)
      .where("agency_messages.message_type", "in", ["lift.order", "lift.confirmation"])
      .orderBy("agency_messages.direction")
      .execute();
    assert.deepEqual(liftOrders, [
      { agency_key: "ports", message_type: "lift.confirmation", direction: "in" },
      { agency_key: "ports", message_type: "lift.order", direction: "out" },
    ]);

    const lift = await db().selectFrom("actions").select(["actor", "actor_role", "payload", "reason"]).where("procedure_id", "=", procedureId).where("action_kind", "=", "procedure.lift").executeTakeFirstOrThrow();
    assert.deepEqual([lift.actor, lift.actor_role], ["system", "deadlines"]);
    assert.deepEqual(lift.payload, { event: "lift", cause: "art_298", ground: "suit_not_filed", orderedOn: "2026-03-01", lastDay: "2026-03-08" });
    assert.match(String(lift.reason), /298/);
    assert.match(String(lift.reason), /المادة 298/);

    // The parties are told: the creditor of each change, the debtor once the ban is off.
    const notices = await db().selectFrom("notices").select(["recipient_role", "dedupe_key"]).where("procedure_id", "=", procedureId).execute();
    assert.ok(notices.some((notice) => notice.recipient_role === "debtor" && notice.dedupe_key.includes(":lifted:")), "the debtor is told the ban is lifted");
    assert.ok(notices.some((notice) => notice.recipient_role === "creditor" && notice.dedupe_key.includes(":lifting:")), "the creditor is told it is being lifted");

    // Once is enough: another sweep finds nothing to do.
    assert.equal(await lapseBansBeforeSuit(exchange.world.deps, exchange.world.clock.now()), 0);
    // Reporting now is too late, and writes nothing.
    const receipt = await filingReceipt(fileId);
    const before = await actionCount(fileId);
    const late = await (await as(people.creditor)).report(fileId, procedureId, { documentId: receipt, court: "المحكمة الكلية", caseNumber: "2026/1", filedOn: "2026-03-05" });
    assert.equal(late.statusCode, 409, late.body);
    assert.deepEqual([late.json().code, late.json().details.reason], ["SUIT_FILING_NOT_EXPECTED", "ban_not_standing"]);
    assert.equal(await actionCount(fileId), before, "a refusal writes nothing");
  });

  test("proven within the period, by the creditor's lawyer, the ban stays after the deadline", async () => {
    const { fileId, procedureId } = await banInForce(people.otherDebtor);
    const documentId = await filingReceipt(fileId, procedureId);
    exchange.world.clock.advance(3 * DAY);
    const lawyer = await as(people.lawyer);
    const reported = await lawyer.report(fileId, procedureId, { documentId, court: "المحكمة الكلية - الدائرة التجارية 5", caseNumber: "2026/455 تجاري كلي/5", filedOn: "2026-03-09" });
    assert.equal(reported.statusCode, 200, reported.body);
    // Ordered at 00:01 on Monday 9 March in Kuwait (21:01 UTC the day before): the last day is Monday 16 March.
    assert.deepEqual(reported.json(), { procedureId, filedOn: "2026-03-09", lastDay: "2026-03-16" });
    const filed = await db().selectFrom("actions").select(["actor", "payload"]).where("procedure_id", "=", procedureId).where("action_kind", "=", "travel_ban.suit_filed").executeTakeFirstOrThrow();
    assert.equal(filed.actor, people.lawyer);
    assert.equal((filed.payload as { documentId: string }).documentId, documentId);

    const before = await actionCount(fileId);
    const again = await lawyer.report(fileId, procedureId, { documentId, court: "x", caseNumber: "y", filedOn: "2026-03-09" });
    assert.equal(again.statusCode, 409);
    assert.deepEqual([again.json().code, again.json().details.reason], ["SUIT_FILING_NOT_EXPECTED", "already_reported"]);

    exchange.world.clock.advance(10 * DAY);
    await exchange.settle();
    assert.equal(await status(procedureId), "in_force");
    assert.ok(exchange.simulators.ports.isBanned(people.otherDebtor));
    assert.equal(await actionCount(fileId), before, "nothing more on the file");
  });

  test("refusals: not a ban before suit, someone else's document, a future date, a stranger, the debtor", async () => {
    const ordinary = await banInForce(people.stranger, false);
    const beforeSuit = await banInForce(people.debtor);
    const foreignDocument = await filingReceipt(ordinary.fileId);
    const documentId = await filingReceipt(beforeSuit.fileId);
    const creditor = await as(people.creditor);
    const body = { documentId, court: "المحكمة الكلية", caseNumber: "2026/7", filedOn: "2026-03-20" };
    const counts = async () => [await actionCount(ordinary.fileId), await actionCount(beforeSuit.fileId)];
    const before = await counts();
    const cases: [Promise<{ statusCode: number; json(): { code: string } }>, number, string][] = [
      [creditor.report(ordinary.fileId, ordinary.procedureId, { ...body, documentId: foreignDocument }), 409, "SUIT_FILING_NOT_EXPECTED"],
      [creditor.report(beforeSuit.fileId, beforeSuit.procedureId, { ...body, documentId: foreignDocument }), 404, "DOCUMENT_NOT_FOUND"],
      [creditor.report(beforeSuit.fileId, beforeSuit.procedureId, { ...body, filedOn: "2027-01-01" }), 400, "VALIDATION_FAILED"],
      [creditor.report(beforeSuit.fileId, beforeSuit.procedureId, { ...body, filedOn: "2026-02-30" }), 400, "VALIDATION_FAILED"],
      [(await as(people.stranger)).report(beforeSuit.fileId, beforeSuit.procedureId, body), 404, "FILE_NOT_FOUND"],
      [(await as(people.debtor)).report(beforeSuit.fileId, beforeSuit.procedureId, body), 403, "FORBIDDEN"],
    ];
    for (const [pending, statusCode, code] of cases) {
      const response = await pending;
      assert.equal(response.statusCode, statusCode, JSON.stringify(response.json()));
      assert.equal(response.json().code, code);
    }
    assert.deepEqual(await counts(), before, "refusals write nothing");

    // Left unproven past its period, this one lapses too; the ordinary ban stays.
    exchange.world.clock.advance(8 * DAY);
    const late = await (await as(people.creditor)).report(beforeSuit.fileId, beforeSuit.procedureId, body);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, "SUIT_FILING_LATE");
    await exchange.settle();
    assert.equal(await status(beforeSuit.procedureId), "lifted");
    assert.equal(await status(ordinary.procedureId), "in_force");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), false);
    assert.ok(exchange.simulators.ports.isBanned(people.stranger));
  });

  test("the audit chain and every projection verify", async () => {
    const report = await verifyAudit(db());
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
