/**
 * The worker role: carries out bulk-job rows, runs outbox entries, delivers messages to
 * agencies and watches deadlines, in a loop that polls briefly when there is work and backs off when idle.
 * Many workers may run side by side: every claim skips what another holds.
 */
import type { Logger } from "pino";
import { deliverDueMessages, type DeliveryContext } from "../agencies/hub/delivery.ts";
import { deliverDueNotices } from "../notices/delivery.ts";
import type { NoticeChannels, NoticePolicy } from "../notices/ports.ts";
import { defaultMissedInstalmentPlans, lapseBansBeforeSuit, markMissedDeadlines } from "./deadlines.ts";
import { outboxHandlers } from "./outbox-handlers.ts";
import { runOutboxOnce } from "./outbox-runner.ts";
import { purgeExpired } from "../storage/retention.ts";
import { makeDeps, type AppDeps } from "../app/deps.ts";
import { processBulkRows, type BulkRunOptions } from "../app/bulk/process-bulk-rows.ts";
import type { PaymentJobs } from "./payment-jobs.ts";
import { askStatusOfOrdersInFlight, askStatusOfSilentOrders } from "../app/agency-exchange/ask-order-status.ts";

export interface WorkerOptions extends DeliveryContext {
  logger?: Logger;
  idleDelayMs?: number;
  /** Electronic notices: the channels to deliver through (none: notices wait in the table). */
  notices?: { channels: NoticeChannels; policy?: Partial<NoticePolicy> };
  /** The use cases' deps, for the rows of bulk jobs (default: made from `db` and `now`). */
  deps?: AppDeps;
  bulk?: BulkRunOptions;
  /** Outbox entries and bulk rows carried out side by side (default 1; more helps only on PostgreSQL's pool: WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Payments: reconciliation with the gateway, refunds, fee receipts and release certificates (src/jobs/payment-jobs.ts). */
  payments?: PaymentJobs;
  /** Reconciliation: a bank order accepted but unanswered this long is asked about (order.status); default 1 hour (AGENCY_STATUS_QUERY_SECONDS). */
  statusQueryAfterMs?: number;
  /** On the first round after start, ask about every bank order in flight (the hub restarted: answers may be lost); default true. */
  statusQueryOnStart?: boolean;
}

export interface Worker {
  /** One pass over everything due; true when anything was done. */
  tick(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

const DEADLINE_SWEEP_MS = 60_000;
// Retention is a housekeeping chore: hourly is plenty (src/domain/retention/policy.ts).
const RETENTION_SWEEP_MS = 3_600_000;

export function createWorker(options: WorkerOptions): Worker {
  let running = false;
  let loop: Promise<void> | null = null;
  let lastSweep = 0;
  let lastRetention = 0;
  let lastStatusSweep = 0;
  let startSweepDone = options.statusQueryOnStart === false;
  const statusQueryAfterMs = options.statusQueryAfterMs ?? 3_600_000;
  // Often enough for the interval (seconds with the stand-ins), never more than once a minute otherwise.
  const statusSweepMs = Math.min(DEADLINE_SWEEP_MS, Math.max(1_000, Math.floor(statusQueryAfterMs / 2)));
  let wake: (() => void) | null = null;
  const bulkDeps = options.deps ?? makeDeps(options.db, { now: options.now });

  const tick = async () => {
    // Bulk rows first: the dispatch their procedures queue then runs in this same round.
    const bulk = await processBulkRows(bulkDeps, { concurrency: options.concurrency ?? 1, ...options.bulk });
    // Notice entries only insert: many to a transaction (src/jobs/outbox-runner.ts).
    const outbox = await runOutboxOnce(bulkDeps, outboxHandlers, { limit: 500, concurrency: options.concurrency ?? 1 });
    const delivery = await deliverDueMessages(options);
    const notices = options.notices ? await deliverDueNotices({ db: options.db, now: options.now, ...options.notices }) : null;
    const noticeWork = notices ? notices.activated + notices.delivered + notices.awaiting + notices.retried + notices.failed : 0;
    const money = options.payments ? await options.payments.tick() : 0;
    let missed = 0;
    let lapsed = 0;
    let defaulted = 0;
    if (options.now().getTime() - lastSweep >= DEADLINE_SWEEP_MS) {
      lastSweep = options.now().getTime();
      missed = await markMissedDeadlines(options.db, options.now());
      lapsed = await lapseBansBeforeSuit(bulkDeps, options.now());
      defaulted = await defaultMissedInstalmentPlans(bulkDeps);
    }
    let asked = 0;
    if (!startSweepDone) {
      // The hub (re)started: whatever was in flight may have lost its answer, on either side.
      startSweepDone = true;
      asked = await askStatusOfOrdersInFlight(options.db, { now: options.now() });
      if (asked > 0) options.logger?.info({ asked }, "after the start, orders in flight asked where they stand (order.status)");
      lastStatusSweep = options.now().getTime();
    } else if (options.now().getTime() - lastStatusSweep >= statusSweepMs) {
      lastStatusSweep = options.now().getTime();
      asked = await askStatusOfSilentOrders(options.db, { now: options.now(), afterMs: statusQueryAfterMs });
      if (asked > 0) options.logger?.info({ asked }, "silent orders asked where they stand (order.status)");
    }
    if (options.now().getTime() - lastRetention >= RETENTION_SWEEP_MS) {
      lastRetention = options.now().getTime();
      const purged = await purgeExpired(options.db, options.now());
      if (Object.values(purged).some((count) => count > 0)) options.logger?.info({ purged }, "expired operational data purged");
    }
    if (outbox.failed + delivery.dead + missed + bulk.deferred > 0) {
      options.logger?.warn({ outboxFailed: outbox.failed, dead: delivery.dead, deadlinesMissed: missed, bulkRowsDeferred: bulk.deferred }, "worker round had failures");
    }
    return asked + money + defaulted + lapsed + bulk.claimed + outbox.processed + delivery.delivered + delivery.refused + delivery.retried + delivery.dead + missed + noticeWork > 0;
  };

  return {
    tick,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let busy = false;
          try {
            busy = await tick();
          } catch (error) {
            options.logger?.error({ err: error }, "worker round failed");
          }
          if (!busy && running) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, options.idleDelayMs ?? 250);
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
