/**
 * Prometheus metrics at /metrics (prom-client): the process's default metrics, HTTP
 * requests counted and timed by route pattern (never the raw URL, never an identifier),
 * and the exchange monitor's figures as gauges labelled by agency, read from the database
 * at each scrape so every API node reports the same truth. Not behind a session: it is for
 * the operator's Prometheus. Off with METRICS_ENABLED=false; with METRICS_TOKEN set, a scrape
 * must send it as a bearer token.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AppDeps } from "../app/deps.ts";
import { DomainError } from "../domain/errors.ts";
import { agencyFigures } from "../app/read-agency-monitor.ts";

export interface MetricsOptions {
  enabled: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

export const METRICS_PATH = "/metrics";

const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const digest = (text: string) => createHash("sha256").update(text).digest();

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
  // Compared as digests: equal length, constant time.
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

export function registerMetrics(app: FastifyInstance, deps: AppDeps, options: MetricsOptions): void {
  if (!options.enabled) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: "tanfeeth_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "tanfeeth_http_request_duration_seconds",
    help: "Time to answer HTTP requests, by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  app.addHook("onResponse", async (request, reply) => {
    // The route pattern ("/api/v1/files/:fileId"), so ids never become labels; unknown URLs share one label.
    const route = request.routeOptions.url ?? "unmatched";
    const method = knownMethods.has(request.method) ? request.method : "OTHER";
    requests.inc({ method, route, status_code: String(reply.statusCode) });
    duration.observe({ method, route }, reply.elapsedTime / 1000);
  });

  // The read log's buffer (src/app/read-log.ts): what waits to be written, what was written, dropped, failed.
  const readLogGauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  readLogGauge("tanfeeth_read_log_pending", "Reads recorded and waiting in memory to be written", () => deps.readLog.pending);
  readLogGauge("tanfeeth_read_log_written", "Reads written to the read log since the process started", () => deps.readLog.written);
  readLogGauge("tanfeeth_read_log_dropped", "Reads dropped because the buffer overflowed while the database refused (should stay 0)", () => deps.readLog.dropped);
  readLogGauge("tanfeeth_read_log_failed_writes", "Failed writes of the read log (the entries are kept and tried again)", () => deps.readLog.failedWrites);

  const agencyGauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ["agency"] as const, registers });
  const awaiting = agencyGauge("tanfeeth_agency_orders_awaiting_answer", "Orders whose agency owes an answer (to the order, or to its lift)");
  const oldestAwaiting = agencyGauge("tanfeeth_agency_oldest_awaiting_answer_seconds", "How long the longest-waiting order has waited for its agency's answer");
  const overdue = agencyGauge("tanfeeth_agency_orders_overdue", "Orders still unanswered past their answer deadline");
  const breaches = agencyGauge("tanfeeth_agency_deadline_breaches", "Answer deadlines missed (recorded by the deadline sweep), answered since or not");
  const outbound = new Gauge({
    name: "tanfeeth_agency_outbound_messages",
    help: "Messages to the agency not delivered yet: pending (all), retrying (failed at least once), dead (given up)",
    labelNames: ["agency", "state"] as const,
    registers,
  });
  const oldestPending = agencyGauge("tanfeeth_agency_oldest_pending_message_seconds", "Age of the oldest message to the agency not delivered yet");
  const failedAttempts = agencyGauge("tanfeeth_agency_delivery_failed_attempts", "Failed delivery attempts of messages to the agency not delivered yet");
  const retried = agencyGauge("tanfeeth_agency_messages_retried_24h", "Messages to the agency that needed more than one attempt, in the last 24 hours");
  const monitorUp = new Gauge({ name: "tanfeeth_agency_monitor_up", help: "1 when the agency figures were read from the database for this scrape", registers });

  const refreshAgencyFigures = async () => {
    try {
      const figures = await agencyFigures(deps);
      for (const gauge of [awaiting, oldestAwaiting, overdue, breaches, outbound, oldestPending, failedAttempts, retried]) gauge.reset();
      for (const { agencyKey: agency, orders, outbound: messages } of figures) {
        awaiting.set({ agency }, orders.awaitingAnswer);
        oldestAwaiting.set({ agency }, orders.oldestAwaitingSeconds);
        overdue.set({ agency }, orders.overdue);
        breaches.set({ agency }, orders.deadlineBreaches);
        outbound.set({ agency, state: "pending" }, messages.pending);
        outbound.set({ agency, state: "retrying" }, messages.retrying);
        outbound.set({ agency, state: "dead" }, messages.dead);
        oldestPending.set({ agency }, messages.oldestPendingSeconds);
        failedAttempts.set({ agency }, messages.failedAttempts);
        retried.set({ agency }, messages.retriedRecently);
      }
      monitorUp.set(1);
    } catch (error) {
      // The process metrics still go out; the agency gauges keep their last values.
      app.log.error({ err: error }, "metrics: reading the agency figures failed");
      monitorUp.set(0);
    }
  };

  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
    if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
      void reply.header("www-authenticate", 'Bearer realm="metrics"');
      throw new DomainError("UNAUTHENTICATED", { reason: "metrics_token" });
    }
    await refreshAgencyFigures();
    void reply.header("content-type", registry.contentType).header("cache-control", "no-store");
    return registry.metrics();
  });
  app.addHook("onClose", async () => registry.clear());
}
