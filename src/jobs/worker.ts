/**
 * The worker role: runs outbox entries, delivers messages to agencies and watches
 * deadlines, in a loop that polls briefly when there is work and backs off when idle.
 * Many workers may run side by side: every claim skips what another holds.
 */
import type { Logger } from "pino";
import { deliverDueMessages, type DeliveryContext } from "../agencies/hub/delivery.ts";
import { hubJobHandlers } from "../agencies/hub/dispatch.ts";
import { noticeJobHandlers } from "../notices/create-notices.ts";
import { deliverDueNotices } from "../notices/delivery.ts";
import type { NoticeChannels, NoticePolicy } from "../notices/ports.ts";
import { markMissedDeadlines } from "./deadlines.ts";
import { runOutboxOnce, type OutboxHandler } from "./outbox-runner.ts";
import { purgeExpired } from "../storage/retention.ts";

export interface WorkerOptions extends DeliveryContext {
  logger?: Logger;
  idleDelayMs?: number;
  /** Electronic notices: the channels to deliver through (none: notices wait in the table). */
  notices?: { channels: NoticeChannels; policy?: Partial<NoticePolicy> };
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
  const handlers = { ...hubJobHandlers, ...noticeJobHandlers } as unknown as Record<string, OutboxHandler>;
  let running = false;
  let loop: Promise<void> | null = null;
  let lastSweep = 0;
  let lastRetention = 0;
  let wake: (() => void) | null = null;

  const tick = async () => {
    const outbox = await runOutboxOnce(options.db, handlers, options.now);
    const delivery = await deliverDueMessages(options);
    const notices = options.notices ? await deliverDueNotices({ db: options.db, now: options.now, ...options.notices }) : null;
    const noticeWork = notices ? notices.activated + notices.delivered + notices.awaiting + notices.retried + notices.failed : 0;
    let missed = 0;
    if (options.now().getTime() - lastSweep >= DEADLINE_SWEEP_MS) {
      lastSweep = options.now().getTime();
      missed = await markMissedDeadlines(options.db, options.now());
    }
    if (options.now().getTime() - lastRetention >= RETENTION_SWEEP_MS) {
      lastRetention = options.now().getTime();
      const purged = await purgeExpired(options.db, options.now());
      if (Object.values(purged).some((count) => count > 0)) options.logger?.info({ purged }, "expired operational data purged");
    }
    if (outbox.failed + delivery.dead + missed > 0) {
      options.logger?.warn({ outboxFailed: outbox.failed, dead: delivery.dead, deadlinesMissed: missed }, "worker round had failures");
    }
    return outbox.processed + delivery.delivered + delivery.refused + delivery.retried + delivery.dead + missed + noticeWork > 0;
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
