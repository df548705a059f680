/**
 * PGlite does not lock its data directory, and two processes writing one directory
 * corrupt it. We take an exclusive lock file holding our pid; a stale lock (its process
 * is gone) is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
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
