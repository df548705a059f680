/**
 * PGlite does not lock its data directory, and two processes writing one directory
 * corrupt it. We take an exclusive lock file holding our pid; a stale lock (its process
 * is gone) is taken over.
 *
 * Race-free: the lock file appears with its pid already in it (written to a private
 * temporary file, then hard-linked into place, which fails if the lock exists), so nobody
 * reads an empty lock and takes it for stale; a stale lock is removed only under a second,
 * short-lived lock (`tanfeeth.lock.takeover`, made the same way) after reading it again,
 * so two processes that both found it stale cannot both remove it and both win.
 */
import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly holderPid: number;

  constructor(
    dataDir: string,
    holderPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another tanfeeth process (pid ${holderPid}). ` +
        `Stop that process first, or set TANFEETH_DATA_DIR to another directory.`,
    );
    this.dataDir = dataDir;
    this.holderPid = holderPid;
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DataDirLock {
  release(): void;
}

/** Creates `target` holding `text`, atomically; false when it already exists. */
function createWith(target: string, text: string): boolean {
  const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { flag: "wx" });
  try {
    linkSync(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The pid on a lock file's first line; null when the file is gone, NaN when unreadable. */
function pidIn(file: string): number | null {
  try {
    return Number.parseInt(readFileSync(file, "utf8"), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Removes the lock at `lockPath` if it still names the dead `stalePid`, under the takeover lock. */
function removeStale(lockPath: string, stalePid: number): void {
  const takeover = `${lockPath}.takeover`;
  if (!createWith(takeover, String(process.pid))) {
    const other = pidIn(takeover);
    // Another process is taking the stale lock over: let it. One that died doing so leaves a
    // takeover lock naming a dead pid (or none, if it was removed meanwhile): clear it.
    if (other !== null && (!Number.isInteger(other) || !isAlive(other))) rmSync(takeover, { force: true });
    else Atomics.wait(pause, 0, 0, 10);
    return;
  }
  try {
    const now = pidIn(lockPath);
    const unchanged = now !== null && (Number.isNaN(stalePid) ? Number.isNaN(now) : now === stalePid);
    if (unchanged) rmSync(lockPath, { force: true });
  } finally {
    rmSync(takeover, { force: true });
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "tanfeeth.lock");
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createWith(lockPath, String(process.pid))) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (pidIn(lockPath) === process.pid) rmSync(lockPath, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return { release };
    }
    const holderPid = pidIn(lockPath);
    if (holderPid === null) continue; // released meanwhile: try again
    // Our own pid counts as a holder too: one process must not open a directory twice.
    if (Number.isInteger(holderPid) && isAlive(holderPid)) throw new DataDirLockedError(dataDir, holderPid);
    removeStale(lockPath, holderPid); // stale: its process died without releasing it
  }
  throw new Error(`could not lock ${dataDir}: its lock kept changing hands`);
}

/**
 * The lock file's first line is the holder's pid; the holder may add `key=value` lines
 * after it (e.g. where its administrator's socket is, src/cli/admin-socket.ts).
 */
export interface LockHolder {
  pid: number;
  alive: boolean;
  notes: Map<string, string>;
}

/** Who holds the data directory's lock, if anyone (a stale lock reads as not alive). */
export function readLockHolder(dataDir: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, "tanfeeth.lock"), "utf8");
  } catch {
    return null;
  }
  const [first = "", ...rest] = text.split("\n");
  const pid = Number.parseInt(first, 10);
  if (!Number.isInteger(pid)) return null;
  const notes = new Map<string, string>();
  for (const line of rest) {
    const at = line.indexOf("=");
    if (at > 0) notes.set(line.slice(0, at), line.slice(at + 1));
  }
  return { pid, alive: isAlive(pid), notes };
}

/** Adds a `key=value` line to the lock this process holds on `dataDir`. */
export function noteInLock(dataDir: string, key: string, value: string): void {
  const holder = readLockHolder(dataDir);
  if (holder?.pid !== process.pid) throw new Error(`this process does not hold the lock on ${dataDir}`);
  holder.notes.set(key, value);
  // Replaced whole (write, then rename), so a reader never sees the lock empty.
  const lockPath = path.join(dataDir, "tanfeeth.lock");
  const temporary = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, [String(process.pid), ...[...holder.notes].map(([name, text]) => `${name}=${text}`)].join("\n"), { flag: "wx" });
  renameSync(temporary, lockPath);
}
