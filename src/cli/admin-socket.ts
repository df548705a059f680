/**
 * The administrator's socket of a running tanfeeth on embedded PGlite. PGlite is one
 * process's database (the data directory is locked while `start` or `serve` runs), so
 * `tanfeeth verify-audit` and `tanfeeth backup` reach a running system through it: a
 * local Unix socket, never a network port, readable and writable by the process's own
 * user alone (mode 0600, in a directory of mode 0700 that user owns). Its path is noted
 * in the data directory's lock file; it cannot live in the data directory itself, whose
 * every file PGlite's dump reads.
 *
 * HTTP over the socket, three read-only requests:
 *   GET  /v1/status        { version, pid, dataDir }
 *   POST /v1/verify-audit  NDJSON: { "progress": … } lines, then { "report": … }
 *   POST /v1/backup        the PGlite snapshot (gzip tar), with its Content-Length
 * One request runs at a time (409 otherwise). Nothing here changes the database.
 */
import { createHash } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import type { Database } from "../storage/database.ts";
import { noteInLock, readLockHolder } from "../storage/data-dir-lock.ts";
import { verifyAudit, type AuditReport } from "../storage/verify-audit.ts";
import { TANFEETH_VERSION } from "../version.ts";

const LOCK_NOTE = "admin-socket";

/** Where the socket of the process serving `dataDir` is: one per user and data directory. */
export function adminSocketPath(dataDir: string): string {
  const owner = process.getuid?.() ?? 0;
  const id = createHash("sha256").update(realpathSync(dataDir)).digest("hex").slice(0, 16);
  return path.join(tmpdir(), `tanfeeth-${owner}`, `${id}.sock`);
}

/** A directory only this user can enter: created 0700, refused when another user owns it or it is open to others. */
function privateDirectory(directory: string) {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stat = lstatSync(directory);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0) {
    throw new Error(`${directory} must be a directory of this user's with mode 0700`);
  }
}

export interface AdminSocket {
  path: string;
  close(): Promise<void>;
}

export interface AdminSocketOptions {
  dataDir: string;
  database: Database;
  logger: Logger;
  /** The checkpoint check verify-audit runs after the chains (anchor-commands.ts). */
  anchorCheck: (database: Database) => Promise<{ lines: string[]; problems: number }>;
}

/** The wire form of an audit report (bigints as strings). */
export type WireAuditReport = ReturnType<typeof toWire>;

export function toWire(report: AuditReport, anchor: { lines: string[]; problems: number }) {
  return {
    anchor,
    streams: report.streams,
    actions: report.actions,
    chainProblems: report.chainProblems.map((problem) => ({ ...problem, seq: problem.seq?.toString() ?? null, actionId: problem.actionId?.toString() ?? null })),
    projectionProblems: report.projectionProblems,
  };
}

export async function startAdminSocket(options: AdminSocketOptions): Promise<AdminSocket> {
  const socketPath = adminSocketPath(options.dataDir);
  privateDirectory(path.dirname(socketPath));
  rmSync(socketPath, { force: true }); // a stale socket: this process holds the data directory's lock
  let busy = false;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/status") {
      json(res, 200, { version: TANFEETH_VERSION, pid: process.pid, dataDir: options.dataDir });
      return;
    }
    const run = req.method === "POST" && req.url === "/v1/verify-audit" ? verify : req.method === "POST" && req.url === "/v1/backup" ? backup : null;
    if (!run) {
      json(res, 404, { error: "unknown request" });
      return;
    }
    if (busy) {
      json(res, 409, { error: "another verify-audit or backup is running" });
      return;
    }
    busy = true;
    options.logger.info({ request: req.url }, "admin socket: request");
    run(res).then(
      () => options.logger.info({ request: req.url }, "admin socket: done"),
      (error: unknown) => {
        options.logger.error({ err: error, request: req.url }, "admin socket: failed");
        if (!res.headersSent) json(res, 500, { error: error instanceof Error ? error.message : String(error) });
        else res.destroy();
      },
    ).finally(() => {
      busy = false;
    });
  });

  async function verify(res: ServerResponse) {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const report = await verifyAudit(options.database.db, {
      onProgress: async (progress) => {
        // The administrator went away: stop reading the log for nobody.
        if (res.destroyed) throw new Error("the client closed the admin socket");
        if (!res.write(`${JSON.stringify({ progress })}\n`)) await new Promise((resolve) => res.once("drain", resolve));
      },
    });
    res.end(`${JSON.stringify({ report: toWire(report, await options.anchorCheck(options.database)) })}\n`);
  }

  async function backup(res: ServerResponse) {
    if (!options.database.snapshot) throw new Error("this database cannot be backed up through the admin socket");
    const archive = Buffer.from(await (await options.database.snapshot()).arrayBuffer());
    res.writeHead(200, { "content-type": "application/gzip", "content-length": archive.byteLength });
    res.end(archive);
  }

  // The socket is created under umask 0177, so it is never open to others, not even for a moment.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(socketPath, 0o600);
  noteInLock(options.dataDir, LOCK_NOTE, socketPath);
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rmSync(socketPath, { force: true });
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The socket of the live process holding `dataDir`, or why there is none. */
export function runningAdminSocket(dataDir: string): { pid: number; path: string } {
  const holder = readLockHolder(dataDir);
  if (!holder?.alive) throw new Error(`no running tanfeeth holds ${dataDir}`);
  const socketPath = holder.notes.get(LOCK_NOTE);
  if (!socketPath) throw new Error(`the tanfeeth process holding ${dataDir} (pid ${holder.pid}) has no admin socket: it is starting, or older than 0.9.0; try again, or stop it first`);
  return { pid: holder.pid, path: socketPath };
}

/** Sends one request to a running process's admin socket; resolves with the response (status checked). */
export function adminRequest(socketPath: string, method: "GET" | "POST", url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path: url }, (res) => {
      if (res.statusCode === 200) {
        resolve(res);
        return;
      }
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        let message = body;
        try {
          message = (JSON.parse(body) as { error?: string }).error ?? body;
        } catch {
          // not JSON: the body as it is
        }
        reject(new Error(`the running tanfeeth answered ${res.statusCode}: ${message}`));
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "EACCES" ? `no permission to use ${socketPath}: run as the user that runs tanfeeth` : `cannot reach the running tanfeeth at ${socketPath}: ${error.message}`)),
    );
    req.end();
  });
}
