/**
 * The exchange monitor, over HTTP and as Prometheus metrics: with one bank down, the
 * monitor shows its orders waiting, its messages pending and retried, then dead; after
 * its 10 days pass, the deadline breach; once it is back and the dead letter re-driven,
 * the queue drains and the breach stays on record.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { loadConfig } from "../../src/config.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { assertError } from "../http/helpers.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { sessionClient } from "../support/session-client.ts";

const KD = 1000n;
const DAY = 86_400_000;
let exchange: Exchange;
let fileId: string;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

interface AgencyFigures {
  agencyKey: string;
  orders: { awaitingAnswer: number; oldestAwaitingSince: string | null; oldestAwaitingSeconds: number; overdue: number; deadlineBreaches: number };
  outbound: { pending: number; retrying: number; dead: number; oldestPendingSince: string | null; oldestPendingSeconds: number; failedAttempts: number; retriedRecently: number };
}

const as = (civilId: string) => sessionClient(exchange.api, exchange.database.db, civilId, exchange.world.clock.now());

async function monitor(): Promise<Map<string, AgencyFigures>> {
  const response = await (await as(people.clerk)).get("/api/v1/agency-monitor");
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as { generatedAt: string; agencies: AgencyFigures[] };
  assert.equal(body.generatedAt, exchange.world.clock.now().toISOString());
  return new Map(body.agencies.map((agency) => [agency.agencyKey, agency]));
}

async function scrape(app: FastifyInstance = exchange.api, headers: Record<string, string> = {}) {
  return app.inject({ method: "GET", url: "/metrics", headers });
}

/** The value of one sample in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf("}"));
    const present = labelText.split(",");
    if (wanted.every((label) => present.includes(label)) && present.length === wanted.length) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

async function kfhoMessageAttempts() {
  const row = await exchange.database.db
    .selectFrom("agency_messages")
    .select(["attempts", "status"])
    .where("direction", "=", "out")
    .where("agency_key", "=", "bank:KFHO")
    .where("message_type", "=", "attachment.order")
    .executeTakeFirstOrThrow();
  return row;
}

describe("one bank down", () => {
  test("the monitor shows KFHO's order waiting and its message pending and retried; the other banks are clear", async () => {
    exchange.simulators.setFaults("bank:KFHO", { down: true });
    exchange.simulators.setBalances(people.debtor, { NBOK: 1_000n * KD, KFHO: 2_000n * KD });
    const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 5_000n);
    fileId = file.id;
    const debtor = await exchange.database.db.selectFrom("file_parties").select("id").where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId, debtorPartyId: debtor.id, amount: 5_000n * KD, banks: ["NBOK", "KFHO"] });
    await exchange.settle();
    // Three more rounds, each after the backoff: each attempt fails again.
    for (let round = 0; round < 3; round++) {
      exchange.world.clock.advance(20 * 60_000);
      await exchange.settle();
    }
    const { attempts, status } = await kfhoMessageAttempts();
    assert.equal(status, "pending");
    assert.equal(attempts, 4);

    const figures = await monitor();
    const kfho = figures.get("bank:KFHO")!;
    assert.equal(kfho.orders.awaitingAnswer, 1);
    assert.equal(kfho.orders.oldestAwaitingSeconds, 60 * 60);
    assert.equal(kfho.orders.overdue, 0);
    assert.equal(kfho.orders.deadlineBreaches, 0);
    assert.equal(kfho.outbound.pending, 1);
    assert.equal(kfho.outbound.retrying, 1);
    assert.equal(kfho.outbound.dead, 0);
    assert.equal(kfho.outbound.failedAttempts, 4);
    assert.equal(kfho.outbound.retriedRecently, 1);
    assert.equal(kfho.outbound.oldestPendingSeconds, 60 * 60);
    const nbok = figures.get("bank:NBOK")!;
    assert.deepEqual([nbok.orders.awaitingAnswer, nbok.outbound.pending, nbok.outbound.dead, nbok.outbound.failedAttempts], [0, 0, 0, 0]);
    // Every agency is listed, idle ones with zeros.
    assert.equal(figures.size, 14);
    assert.deepEqual(figures.get("ports")!.outbound, { pending: 0, retrying: 0, dead: 0, oldestPendingSince: null, oldestPendingSeconds: 0, failedAttempts: 0, retriedRecently: 0 });
  });

  test("clerks, auditors and administrators may watch; officers, parties and strangers may not", async () => {
    for (const civilId of [people.auditor, people.administrator]) {
      assert.equal((await (await as(civilId)).get("/api/v1/agency-monitor")).statusCode, 200);
    }
    for (const civilId of [people.bankOfficer, people.judge, people.creditor, people.debtor, people.stranger]) {
      assertError(await (await as(civilId)).get("/api/v1/agency-monitor"), 403, "FORBIDDEN");
    }
    assertError(await exchange.api.inject({ method: "GET", url: "/api/v1/agency-monitor" }), 401, "UNAUTHENTICATED");
  });

  test("/metrics exposes the figures as gauges labelled by agency, with process and HTTP metrics, and no identifier", async () => {
    const clerk = await as(people.clerk);
    assert.equal((await clerk.get(`/api/v1/files/${fileId}`)).statusCode, 200);
    const response = await scrape();
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    const text = response.body;
    assert.match(text, /# TYPE tanfeeth_agency_outbound_messages gauge/);
    assert.equal(sample(text, "tanfeeth_agency_outbound_messages", { agency: "bank:KFHO", state: "pending" }), 1);
    assert.equal(sample(text, "tanfeeth_agency_outbound_messages", { agency: "bank:KFHO", state: "retrying" }), 1);
    assert.equal(sample(text, "tanfeeth_agency_outbound_messages", { agency: "bank:KFHO", state: "dead" }), 0);
    assert.equal(sample(text, "tanfeeth_agency_delivery_failed_attempts", { agency: "bank:KFHO" }), 4);
    assert.equal(sample(text, "tanfeeth_agency_orders_awaiting_answer", { agency: "bank:KFHO" }), 1);
    assert.equal(sample(text, "tanfeeth_agency_oldest_awaiting_answer_seconds", { agency: "bank:KFHO" }), 3600);
    assert.equal(sample(text, "tanfeeth_agency_orders_awaiting_answer", { agency: "bank:NBOK" }), 0);
    assert.equal(sample(text, "tanfeeth_agency_deadline_breaches", { agency: "bank:KFHO" }), 0);
    assert.equal(sample(text, "tanfeeth_agency_monitor_up", {}) ?? Number(/^tanfeeth_agency_monitor_up (\d+)$/m.exec(text)?.[1]), 1);
    // Default process metrics, and requests by route pattern.
    assert.match(text, /^process_cpu_user_seconds_total /m);
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    assert.ok((sample(text, "tanfeeth_http_requests_total", { method: "GET", route: "/api/v1/files/:fileId", status_code: "200" }) ?? 0) >= 1);
    assert.ok((sample(text, "tanfeeth_http_requests_total", { method: "GET", route: "/api/v1/agency-monitor", status_code: "403" }) ?? 0) >= 1);
    assert.match(text, /^tanfeeth_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v1\/files\/:fileId"\} /m);
    await exchange.api.inject({ method: "GET", url: `/no/such/${fileId}` });
    const after = (await scrape()).body;
    assert.ok((sample(after, "tanfeeth_http_requests_total", { method: "GET", route: "unmatched", status_code: "404" }) ?? 0) >= 1);
    // No civil ID, file id or other identifier in any label.
    for (const secret of [people.debtor, people.clerk, people.creditor, fileId]) assert.ok(!after.includes(secret), `metrics leak ${secret}`);
  });
});

describe("the deadline passes, the message dies, the bank comes back", () => {
  test("after 10 days without an answer, the breach shows in the monitor and the metrics", async () => {
    exchange.world.clock.advance(11 * DAY);
    await exchange.hub.worker.tick();
    const kfho = (await monitor()).get("bank:KFHO")!;
    assert.equal(kfho.orders.overdue, 1);
    assert.equal(kfho.orders.deadlineBreaches, 1);
    assert.equal(kfho.orders.awaitingAnswer, 1);
    assert.ok(kfho.orders.oldestAwaitingSeconds > 11 * 86_400);
    assert.equal((await monitor()).get("bank:NBOK")!.orders.deadlineBreaches, 0);
    const text = (await scrape()).body;
    assert.equal(sample(text, "tanfeeth_agency_deadline_breaches", { agency: "bank:KFHO" }), 1);
    assert.equal(sample(text, "tanfeeth_agency_orders_overdue", { agency: "bank:KFHO" }), 1);
    assert.equal(sample(text, "tanfeeth_agency_deadline_breaches", { agency: "bank:NBOK" }), 0);
  });

  test("after too many attempts the message is dead; re-driven once the bank is back, the queue drains and the breach stays on record", async () => {
    for (let round = 0; round < 12 && (await kfhoMessageAttempts()).status === "pending"; round++) {
      exchange.world.clock.advance(20 * 60_000);
      await exchange.hub.worker.tick();
    }
    assert.equal((await kfhoMessageAttempts()).status, "dead");
    let kfho = (await monitor()).get("bank:KFHO")!;
    assert.deepEqual([kfho.outbound.pending, kfho.outbound.retrying, kfho.outbound.dead, kfho.outbound.failedAttempts], [0, 0, 1, 12]);
    assert.equal(sample((await scrape()).body, "tanfeeth_agency_outbound_messages", { agency: "bank:KFHO", state: "dead" }), 1);

    exchange.simulators.setFaults("bank:KFHO", { down: false });
    const clerk = await as(people.clerk);
    const dead = (await clerk.get("/api/v1/agency-messages?status=dead&agencyKey=bank:KFHO")).json() as { messages: { id: string }[] };
    assert.equal(dead.messages.length, 1);
    const redrive = await clerk.post("/api/v1/agency-messages/redrive", { ids: dead.messages.map((message) => message.id) });
    assert.equal(redrive.statusCode, 200, redrive.body);
    await exchange.settle();

    kfho = (await monitor()).get("bank:KFHO")!;
    assert.deepEqual([kfho.outbound.pending, kfho.outbound.dead, kfho.orders.awaitingAnswer, kfho.orders.overdue], [0, 0, 0, 0]);
    assert.equal(kfho.orders.deadlineBreaches, 1, "the late answer does not erase the breach");
    const order = await exchange.database.db.selectFrom("agency_orders").select("status").where("file_id", "=", fileId).where("agency_key", "=", "bank:KFHO").executeTakeFirstOrThrow();
    assert.equal(order.status, "executed");
  });
});

describe("/metrics access", () => {
  test("with METRICS_TOKEN set a scrape needs the bearer token; METRICS_ENABLED=false removes it", async () => {
    assert.deepEqual(loadConfig({ METRICS_TOKEN: "scrape-secret" }).metrics, { enabled: true, token: "scrape-secret" });
    assert.deepEqual(loadConfig({}).metrics, { enabled: true, token: undefined });
    assert.equal(loadConfig({ METRICS_ENABLED: "false" }).metrics.enabled, false);

    const build = (metrics: { enabled: boolean; token?: string }) =>
      buildHttpApp({ deps: exchange.world.deps, logger: false, secureCookies: false, readiness: () => schemaIsCurrent(exchange.database.db), metrics });
    const guarded = await build(loadConfig({ METRICS_TOKEN: "scrape-secret" }).metrics);
    try {
      const anonymous = await scrape(guarded);
      assertError(anonymous, 401, "UNAUTHENTICATED");
      assert.match(String(anonymous.headers["www-authenticate"]), /^Bearer/);
      assertError(await scrape(guarded, { authorization: "Bearer wrong-secret" }), 401, "UNAUTHENTICATED");
      assertError(await scrape(guarded, { authorization: "scrape-secret" }), 401, "UNAUTHENTICATED");
      const allowed = await scrape(guarded, { authorization: "Bearer scrape-secret" });
      assert.equal(allowed.statusCode, 200);
      assert.match(allowed.body, /tanfeeth_agency_deadline_breaches\{agency="bank:KFHO"\} 1/);
    } finally {
      await guarded.close();
    }
    const disabled = await build(loadConfig({ METRICS_ENABLED: "false" }).metrics);
    try {
      assertError(await scrape(disabled), 404, "NOT_FOUND");
    } finally {
      await disabled.close();
    }
  });
});
