/**
 * Art. 297 (Decree-Law 38/1980): a creditor may petition for a travel ban even before suing,
 * on a provisional estimate of the debt — so with no executory title and nothing served.
 * Under kw-2025.3 a request still needed a file opened from a title and its service (a ban
 * before suit was unusable: POST /api/v1/bans-before-suit is refused by the rules in force);
 * from kw-2025.5 (11 December 2026) the creditor opens a file on the estimate, petitions the
 * ban with their evidence, no title or service is checked, the minimum is checked against the
 * estimate, a judge decides in the queue, the ports register it, and the ban lapses unless the
 * suit is proven filed within the Art. 298(e) period — the lapse bans before suit already had.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { readReviewQueue } from "../../src/app/read-review-queue.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const DAY = 86_400_000;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

const db = () => exchange.database.db;
const moveTo = (iso: string) => exchange.world.clock.advance(Date.parse(iso) - exchange.world.clock.now().getTime());
const evidence = { debtCertainAndDue: "عقد قرض موقع وشيك مرتجع بمبلغ 2,500 د.ك", flightRisk: "حجز تذكرة سفر ذهاب فقط وبيع سيارته", abilityToPay: "راتب شهري ثابت وعقار مؤجر" };
const status = async (procedureId: string) => (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;

async function api(civilId: string) {
  const session = await createSession(db(), civilId, exchange.world.clock.now());
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
  return {
    open: (body: Record<string, unknown>) => exchange.api.inject({ method: "POST", url: "/api/v1/bans-before-suit", headers, payload: body }),
    files: () => exchange.api.inject({ method: "GET", url: "/api/v1/files", headers }),
  };
}

async function debtorParty(fileId: string) {
  return (await db().selectFrom("file_parties").select("id").where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow()).id;
}

describe("Art. 297: a travel ban before suit on a provisional estimate, without a title (kw-2025.5)", () => {
  let fileId: string;
  let banId: string;

  test("the version before kw-2025.5 (old): no ban before suit without a title — refused, nothing written", async () => {
    moveTo("2026-12-10T06:00:00Z");
    const before = (await db().selectFrom("enforcement_files").select("id").execute()).length;
    const response = await (await api(people.otherCreditor)).open({ debtorCivilId: people.otherDebtor, provisionalEstimate: "2500.000" });
    assert.equal(response.statusCode, 422, response.body);
    assert.equal((response.json() as { code: string }).code, "BAN_BEFORE_SUIT_NOT_ALLOWED");
    assert.equal((await db().selectFrom("enforcement_files").select("id").execute()).length, before);
  });

  test("kw-2025.5: the creditor opens a file on the estimate; it has no title, nothing is served, and it is listed", async () => {
    moveTo("2026-12-13T06:00:00Z");
    const client = await api(people.otherCreditor);
    const refused = await client.open({ debtorCivilId: people.otherDebtor, provisionalEstimate: "0.000" });
    assert.equal(refused.statusCode, 400, refused.body);
    const response = await client.open({ debtorCivilId: people.otherDebtor, provisionalEstimate: "2500.000" });
    assert.equal(response.statusCode, 201, response.body);
    fileId = (response.json() as { id: string }).id;
    const file = await db().selectFrom("enforcement_files").select(["basis", "claim_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
    assert.deepEqual(file, { basis: "ban_before_suit", claim_total: 2_500_000n });
    assert.equal((await db().selectFrom("executory_titles").select("id").where("file_id", "=", fileId).execute()).length, 0);
    await exchange.settle();
    assert.equal((await db().selectFrom("notices").select("id").where("file_id", "=", fileId).where("kind", "=", "title_served").execute()).length, 0, "no title, nothing served");
    const listed = (await client.files()).json() as { files: { id: string; caseNumber: string | null }[] };
    assert.equal(listed.files.find((row) => row.id === fileId)?.caseNumber, null);
  });

  test("only a ban before suit may be asked on it; the petition skips the title and service checks and goes to a judge", async () => {
    const debtor = await debtorParty(fileId);
    const creditor = await exchange.world.as(people.otherCreditor);
    await assert.rejects(requestProcedure(exchange.world.deps, creditor, { kind: "vehicle_seizure", fileId, debtorPartyId: debtor }), { code: "FILE_HAS_NO_TITLE" });
    // Nor is a title served on it: there is none.
    await assert.rejects(
      attestTitleService(exchange.world.deps, await exchange.world.as(people.clerk), { fileId, debtorPartyId: debtor, servedAt: exchange.world.clock.now(), reference: "PS-NONE" }),
      { code: "FILE_HAS_NO_TITLE" },
    );
    await assert.rejects(requestProcedure(exchange.world.deps, await exchange.world.as(people.otherCreditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence }), { code: "FILE_HAS_NO_TITLE" });
    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.otherCreditor), { kind: "travel_ban", fileId, debtorPartyId: debtor, evidence, beforeSuit: true });
    banId = ban.id;
    assert.equal(ban.status, "under_review");
    const request = await db().selectFrom("actions").select("payload").where("procedure_id", "=", banId).where("action_kind", "=", "procedure.request").executeTakeFirstOrThrow();
    const payload = request.payload as { ruleVersion: string; checks: { id: string; outcome: string; rule: { path: string; kind: string } }[]; parameters: { beforeSuit: boolean; provisionalEstimate: string } };
    assert.equal(payload.ruleVersion, "kw-2025.5");
    assert.deepEqual([payload.parameters.beforeSuit, payload.parameters.provisionalEstimate], [true, "2500000"]);
    const byId = new Map(payload.checks.map((check) => [check.id, check]));
    for (const id of ["title_enforceable", "title_served"]) {
      assert.equal(byId.get(id)!.outcome, "pass");
      assert.deepEqual([byId.get(id)!.rule.path, byId.get(id)!.rule.kind], ["travelBan.beforeSuitWithoutTitle", "law"]);
    }
    assert.equal(byId.get("travel_ban_minimum")!.outcome, "pass");
    assert.equal(byId.get("decided_by")!.outcome, "refer");
    const queue = await readReviewQueue(exchange.world.deps, await exchange.world.as(people.judge), { queue: "judge" });
    assert.ok(queue.some((item) => item.procedureId === banId));
  });

  test("the KD 150 minimum is checked against the estimate", async () => {
    const response = await (await api(people.creditor)).open({ debtorCivilId: people.stranger, provisionalEstimate: "100.000" });
    assert.equal(response.statusCode, 201, response.body);
    const small = (response.json() as { id: string }).id;
    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "travel_ban", fileId: small, debtorPartyId: await debtorParty(small), evidence, beforeSuit: true });
    assert.equal(ban.status, "rejected");
  });

  test("the judge orders it, the ports register it; with no filing proven it lapses after the Art. 298(e) period", async () => {
    await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId, procedureId: banId, decision: "grant", reasons: "Art. 297: the debt appears certain and due on the loan contract; flight is feared; the debtor can pay. To lapse unless the suit is filed within 7 days (Art. 298(e))." });
    await exchange.settle();
    assert.equal(await status(banId), "in_force");
    assert.ok(exchange.simulators.ports.isBanned(people.otherDebtor));
    exchange.world.clock.advance(9 * DAY);
    await exchange.settle();
    await exchange.settle();
    assert.equal(await status(banId), "lifted");
    assert.equal(exchange.simulators.ports.isBanned(people.otherDebtor), false);
    const lift = await db().selectFrom("actions").select("payload").where("procedure_id", "=", banId).where("action_kind", "=", "procedure.lift").executeTakeFirstOrThrow();
    assert.equal((lift.payload as { ground: string }).ground, "suit_not_filed");
    const report = await verifyAudit(db());
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
  });
});
