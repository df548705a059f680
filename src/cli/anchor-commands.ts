/**
 * `tanfeeth anchor-audit` (a signed checkpoint of every stream's head, now), the checkpoint
 * part of `tanfeeth verify-audit` (audit-commands.ts prints it with the chains' report), and
 * the worker's periodic checkpoints.
 */
import type { Logger } from "pino";
import { anchorAudit } from "../app/audit/anchor-audit.ts";
import { anchorRuntimeFor } from "../anchors/runtime.ts";
import { verifyAgainstAnchor } from "../app/audit/verify-anchor.ts";
import type { Config } from "../config.ts";
import { startAuditAnchoring, type AnchoringJob } from "../jobs/audit-anchor-job.ts";
import type { Database } from "../storage/database.ts";
import type { ParsedArgs } from "./args.ts";

export async function anchorAuditCommand(config: Config, database: Database, args: ParsedArgs): Promise<number> {
  const runtime = anchorRuntimeFor(config.auditAnchor);
  try {
    const result = await anchorAudit({ db: database.db, store: runtime.store, keys: await runtime.keys(), now: new Date(), force: args.flags.has("force") });
    const what = `${result.streams} streams, ${result.actions} actions, root ${result.root}`;
    if (result.written) console.log(`checkpoint ${result.seq} written to ${runtime.store.location}/${result.name}: ${what}`);
    else if (result.skipped === "unchanged") console.log(`nothing changed since checkpoint ${result.seq} (${what}); --force writes one anyway`);
    else console.log(`checkpoint ${result.seq} was written by another process meanwhile; nothing written`);
    return 0;
  } finally {
    runtime.close();
  }
}

/** The checkpoint check of verify-audit: the lines to print and the number of problems. */
export async function checkAnchors(config: Config, database: Database): Promise<{ lines: string[]; problems: number }> {
  const runtime = anchorRuntimeFor(config.auditAnchor);
  try {
    if ((await runtime.store.list("checkpoints/")).length === 0) {
      return { lines: [`no audit checkpoint yet in ${runtime.store.location} (the worker writes them; tanfeeth anchor-audit writes one now)`], problems: 0 };
    }
    const report = await verifyAgainstAnchor({ db: database.db, store: runtime.store, trusted: await runtime.trusted() });
    const lines = report.checkpointProblems.map((problem) => `ANCHOR  checkpoint      ${problem.name}: ${problem.problem}`);
    if (report.latest) {
      lines.push(
        `checked against ${report.verified} of ${report.checkpoints} checkpoint(s) in ${report.location}, the latest ${report.latest.seq} of ${report.latest.at} ` +
          `(${report.latest.streams} streams, ${report.latest.actions} actions; ${report.headsChecked} committed heads looked up)`,
      );
    }
    for (const problem of report.streamProblems) {
      lines.push(`ANCHOR  ${problem.problem.padEnd(15)} stream=${problem.stream} checkpoint=${problem.checkpoint} checkpoint_seq=${problem.checkpointSeq} head_now=${problem.headSeqNow ?? "-"}`);
    }
    return { lines, problems: report.checkpointProblems.length + report.streamProblems.length };
  } finally {
    runtime.close();
  }
}

/** The worker's periodic checkpoints (none when AUDIT_CHECKPOINT_MINUTES=0). */
export function startAnchoringFor(config: Config, database: Database, logger: Logger): AnchoringJob | null {
  if (config.auditAnchor.everyMinutes === 0) return null;
  const runtime = anchorRuntimeFor(config.auditAnchor);
  const job = startAuditAnchoring({
    everyMs: config.auditAnchor.everyMinutes * 60_000,
    logger,
    run: async () => anchorAudit({ db: database.db, store: runtime.store, keys: await runtime.keys(), now: new Date() }),
  });
  return {
    async stop() {
      await job.stop();
      runtime.close();
    },
  };
}
