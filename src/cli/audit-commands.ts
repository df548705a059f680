/**
 * `tanfeeth verify-audit` and `tanfeeth backup`, whenever an operator needs them:
 *   PostgreSQL (DATABASE_URL)   directly, read-only, beside the running system: verify-audit
 *                               in one read-only REPEATABLE READ snapshot, backup by pg_dump
 *   PGlite, system stopped      directly on the data directory (its lock taken meanwhile)
 *   PGlite, system running      through the running process's admin socket (admin-socket.ts)
 * Progress goes to stderr; the result to stdout.
 */
import { createWriteStream } from "node:fs";
import { chmod, rename, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import type { Config } from "../config.ts";
import { backupDatabase } from "../storage/backup.ts";
import { DataDirLockedError } from "../storage/data-dir-lock.ts";
import type { Database } from "../storage/database.ts";
import { verifyAudit, type AuditProgress } from "../storage/verify-audit.ts";
import { adminRequest, runningAdminSocket, toWire, type WireAuditReport } from "./admin-socket.ts";
import type { ParsedArgs } from "./args.ts";
import { count, megabytes, progressLine } from "./progress.ts";

export type Opener = (config: Config) => Promise<Database>;

/** The checkpoint check, against the database the chains were checked in (anchor-commands.ts). */
export type AnchorCheck = (database: Database) => Promise<{ lines: string[]; problems: number }>;

function describeProgress(progress: AuditProgress): string {
  if (progress.phase === "projections") return `${count(progress.actions)} actions checked; checking projections ...`;
  const percent = progress.total > 0 ? ` (${Math.min(100, Math.floor((progress.actions / progress.total) * 100))}%)` : "";
  return `${count(progress.actions)} / ${count(progress.total)} actions${percent}`;
}

/** Opens the database directly, or says the data directory is held by a running process. */
async function openUnlessRunning(config: Config, open: Opener): Promise<Database | "running"> {
  try {
    return await open(config);
  } catch (error) {
    if (error instanceof DataDirLockedError && !config.databaseUrl) return "running";
    throw error;
  }
}

export async function verifyAuditCommand(config: Config, open: Opener, anchorCheck: AnchorCheck): Promise<number> {
  const progress = progressLine("verify-audit");
  const onProgress = (step: AuditProgress) => progress.update(describeProgress(step));
  const database = await openUnlessRunning(config, open);
  let report: WireAuditReport;
  if (database === "running") {
    const socket = runningAdminSocket(config.dataDir);
    console.log(`verifying through the running tanfeeth (pid ${socket.pid}, admin socket ${socket.path})`);
    report = await verifyThroughSocket(socket.path, onProgress);
  } else {
    try {
      report = toWire(
        database.kind === "postgres"
          ? await database.db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute((tx) => verifyAudit(tx, { onProgress }))
          : await verifyAudit(database.db, { onProgress }),
        // Then against the checkpoints kept outside the database: what a rewrite of the table hides from the chains.
        await anchorCheck(database),
      );
    } finally {
      await database.close();
    }
  }
  progress.done();
  return printReport(report);
}

async function verifyThroughSocket(socketPath: string, onProgress: (step: AuditProgress) => void): Promise<WireAuditReport> {
  const response = await adminRequest(socketPath, "POST", "/v1/verify-audit");
  let report: WireAuditReport | undefined;
  for await (const line of createInterface({ input: response, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as { progress?: AuditProgress; report?: WireAuditReport };
    if (message.progress) onProgress(message.progress);
    if (message.report) report = message.report;
  }
  if (!report) throw new Error("the running tanfeeth stopped before it finished the audit");
  return report;
}

function printReport(report: WireAuditReport): number {
  console.log(`checked ${report.actions} actions in ${report.streams} streams`);
  for (const problem of report.chainProblems) {
    console.log(`CHAIN   ${problem.problem.padEnd(15)} stream=${problem.stream} seq=${problem.seq ?? "-"} action=${problem.actionId ?? "-"}`);
  }
  for (const problem of report.projectionProblems) {
    console.log(`PROJECT ${problem.entity.padEnd(15)} id=${problem.id} ${problem.problem}`);
  }
  for (const line of report.anchor.lines) console.log(line);
  const problems = report.chainProblems.length + report.projectionProblems.length + report.anchor.problems;
  console.log(problems === 0 ? "audit chain intact" : `audit FAILED: ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

function fileFlag(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (typeof value !== "string" || value.length === 0) throw new Error(`--${name} needs a file name`);
  return value;
}

export async function backupCommand(config: Config, args: ParsedArgs): Promise<number> {
  const file = fileFlag(args, "out");
  const started = performance.now();
  const progress = progressLine("backup");
  let result: { engine: string; file: string; bytes: number };
  let via = "";
  try {
    result = await backupDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file, { onProgress: (text) => progress.update(text) });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || config.databaseUrl) throw error;
    const socket = runningAdminSocket(config.dataDir);
    via = `, from the running tanfeeth (pid ${socket.pid})`;
    result = { engine: "pglite", file, bytes: await backupThroughSocket(socket.path, file, (text) => progress.update(text)) };
  }
  progress.done();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`backup written: ${result.file} (${result.engine}, ${result.bytes} bytes, ${seconds} s${via})`);
  return 0;
}

/** Streams the running process's snapshot into `file` (atomically, readable by its owner alone). */
async function backupThroughSocket(socketPath: string, file: string, onProgress: (text: string) => void): Promise<number> {
  onProgress("the running tanfeeth is taking a snapshot ...");
  const response = await adminRequest(socketPath, "POST", "/v1/backup");
  const total = Number(response.headers["content-length"]);
  let received = 0;
  response.on("data", (chunk: Buffer) => {
    received += chunk.byteLength;
    onProgress(`${megabytes(received)} / ${megabytes(total)}`);
  });
  const partial = `${file}.partial`;
  try {
    await pipeline(response, createWriteStream(partial, { mode: 0o600 }));
    if (received !== total) throw new Error(`the backup stopped after ${received} of ${total} bytes`);
    await chmod(partial, 0o600);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return received;
}
