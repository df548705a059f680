/**
 * The worker's audit checkpoints: one at start, then every `everyMs` (AUDIT_CHECKPOINT_MINUTES).
 * Workers side by side may all run it: a checkpoint is written only when the heads changed
 * since the last, and two writers of the same number leave one (the store never replaces).
 */
import type { Logger } from "pino";
import type { AnchorAuditResult } from "../app/audit/anchor-audit.ts";

export interface AnchoringJob {
  stop(): Promise<void>;
}

export function startAuditAnchoring(options: { everyMs: number; run: () => Promise<AnchorAuditResult>; logger?: Logger }): AnchoringJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = () => {
    running = options
      .run()
      .then((result) => {
        if (result.written) options.logger?.info({ checkpoint: result.seq, streams: result.streams, actions: result.actions.toString(), root: result.root }, "audit checkpoint written");
      })
      .catch((error: unknown) => options.logger?.error({ err: error }, "audit checkpoint failed"))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(round, options.everyMs);
      });
  };
  round();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
