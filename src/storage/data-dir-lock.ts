/**
 * PGlite does not lock its data directory, and two processes writing one directory
 * corrupt it. We take an exclusive lock file holding our pid; a stale lock (its process
 * is gone) is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another tanfeeth process (pid ${holderPid}). ` +
        `Stop that process first, or set TANFEETH_DATA_DIR to another directory.`,
    );
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

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "tanfeeth.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holderPid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      // Our own pid counts as a holder too: one process must not open a directory twice.
      if (Number.isInteger(holderPid) && isAlive(holderPid)) {
        throw new DataDirLockedError(dataDir, holderPid);
      }
      rmSync(lockPath, { force: true }); // stale: its process died without releasing it
    }
  }
  throw new Error(`could not lock ${dataDir}`);
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
  writeFileSync(path.join(dataDir, "tanfeeth.lock"), [String(process.pid), ...[...holder.notes].map(([name, text]) => `${name}=${text}`)].join("\n"));
}
