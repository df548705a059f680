/**
 * Processes a test starts, stopped whatever happens. Every process started here is
 * tracked until it exits, and stopped (SIGTERM, then SIGKILL after a grace period):
 *   - when its scope ends: the test it was started for (`scope: t`, a `t.after` hook that
 *     runs even when the test timed out or failed), or else the test file (an `after` hook
 *     of the file, registered when this module is first imported);
 *   - when the test process exits, or is stopped by SIGINT, SIGTERM or SIGHUP: SIGKILL.
 * Once the file's hook has run, starting another process is refused, so a test body that
 * runs on after its timeout cannot leave one behind.
 *
 * A tanfeeth process that had to be killed here (SIGKILL, at the end of its scope or
 * after the grace period) cannot release its data-directory lock
 * (src/storage/data-dir-lock.ts): the lock file holding its pid is removed once it is
 * gone, so the next command on that directory never meets it, even if the pid has been
 * reused meanwhile. A test that kills a process itself (`kill()`, or a signal it sends)
 * leaves the lock as a crash would, for the product to take over.
 * Temporary directories made here are removed when their scope ends, after the processes
 * started after them (cleanups run last in, first out).
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { after, type TestContext } from "node:test";
import { OutcomeMissing, PATIENCE_MS } from "./wait.ts";

/** A test (its context), or the whole test file. */
export type Scope = Pick<TestContext, "after"> | "file";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr as they came. */
  output: string;
  stdout: string;
  stderr: string;
}

export interface StartedProcess {
  readonly pid: number;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once it has exited and its output is complete. */
  readonly exited: Promise<Exit>;
  /** Resolves when its output matches; fails if it exits first, or prints nothing matching for PATIENCE_MS. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Sends `signal` (SIGTERM by default), SIGKILL after `graceMs` (default PATIENCE_MS), and resolves on the exit. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
  /** SIGKILL, resolved on the exit. */
  kill(): Promise<Exit>;
  /** Resolves on its exit by itself; after PATIENCE_MS kills it and fails. */
  finished(): Promise<Exit>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stopped when this test ends (default: when the file ends). */
  scope?: Scope;
  /** Run when it has exited after this module killed it (e.g. to remove the lock it held). */
  afterKilledHere?: (pid: number) => void;
}

/** How long a process asked to stop (at the end of its scope) may take before SIGKILL. */
const CLEANUP_GRACE_MS = 5_000;

const live = new Set<StartedProcess>();
const stacks = new Map<Scope, (() => unknown)[]>();
const exitCleanups = new Set<() => void>();
let fileEnded = false;

/** Runs `cleanup` when `scope` ends, before the cleanups deferred earlier in the same scope. */
export function defer(scope: Scope, cleanup: () => unknown): void {
  let stack = stacks.get(scope);
  if (!stack) {
    stack = [];
    stacks.set(scope, stack);
    if (scope !== "file") scope.after(() => endScope(scope));
  }
  stack.push(cleanup);
}

async function endScope(scope: Scope): Promise<void> {
  const stack = stacks.get(scope) ?? [];
  stacks.delete(scope);
  const failures: unknown[] = [];
  for (const cleanup of stack.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

// The file's scope ends after its last test, whatever became of the tests.
after(async () => {
  fileEnded = true;
  await endScope("file");
  await Promise.all([...live].map((started) => started.stop("SIGTERM", CLEANUP_GRACE_MS)));
});

/** A synchronous last resort when the test process exits (e.g. stopping a server that is not our child). */
export function atExit(cleanup: () => void): () => void {
  installExitHandlers();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

function killEverythingNow() {
  for (const started of live) started.child.kill("SIGKILL");
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // exiting anyway: the others still run
    }
  }
  exitCleanups.clear();
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killEverythingNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killEverythingNow();
      // Nobody else handles it: the default action (the process ends by this signal).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export function startProcess(command: string, args: string[], options: StartOptions = {}): StartedProcess {
  if (fileEnded) throw new Error(`not starting ${path.basename(command)} ${args.join(" ")}: the test file has ended`);
  installExitHandlers();
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    output += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    output += chunk;
    for (const listener of listeners) listener();
  });
  let hasExited = false;
  let killedHere = false;
  let spawnError: Error | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.once("error", (error) => {
      spawnError = error;
      // A process that could not be started emits no close.
      if (child.pid === undefined) {
        hasExited = true;
        resolve({ code: null, signal: null, output: `${output}${error.message}`, stdout, stderr: `${stderr}${error.message}` });
      }
    });
    child.once("close", (code, signal) => {
      hasExited = true;
      if (killedHere && signal === "SIGKILL" && child.pid !== undefined) options.afterKilledHere?.(child.pid);
      resolve({ code, signal, output, stdout, stderr });
    });
  });
  // A stop the test asked for waits for the exit with the suite's patience: a slow stop is not a failed one.
  const stop = async (signal: NodeJS.Signals = "SIGTERM", graceMs = PATIENCE_MS) => {
    if (!hasExited) {
      child.kill(signal);
      const escalation = setTimeout(() => {
        killedHere = true;
        child.kill("SIGKILL");
      }, graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(escalation);
      }
    }
    return exited;
  };
  const started: StartedProcess = {
    pid: child.pid ?? -1,
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const giveUp = setTimeout(() => {
          listeners.delete(check);
          reject(new OutcomeMissing(`${path.basename(command)} ${args.join(" ")} did not print ${pattern}; gave up waiting after ${PATIENCE_MS / 1000} s; output so far:\n${output}`));
        }, PATIENCE_MS);
        function check() {
          const match = output.match(pattern);
          if (!match) return;
          listeners.delete(check);
          clearTimeout(giveUp);
          resolve(match);
        }
        listeners.add(check);
        void exited.then((exit) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(giveUp);
          reject(new Error(`${path.basename(command)} ${args.join(" ")} exited (${exit.code ?? exit.signal ?? spawnError?.message}) before printing ${pattern}:\n${exit.output}`));
        });
        check();
      }),
    stop,
    kill: () => stop("SIGKILL"),
    finished: async () => {
      let timer: NodeJS.Timeout | undefined;
      const patience = new Promise<"gave up">((resolve) => (timer = setTimeout(() => resolve("gave up"), PATIENCE_MS)));
      const outcome = await Promise.race([exited, patience]);
      clearTimeout(timer);
      if (outcome !== "gave up") return outcome;
      killedHere = true;
      const exit = await started.kill();
      throw new OutcomeMissing(`${path.basename(command)} ${args.join(" ")} did not finish; killed after waiting ${PATIENCE_MS / 1000} s; output:\n${exit.output}`);
    },
  };
  live.add(started);
  void exited.then(() => live.delete(started));
  defer(options.scope ?? "file", () => started.stop("SIGTERM", CLEANUP_GRACE_MS));
  return started;
}

/** A fresh temporary directory, removed when `scope` ends (or, at the latest, when the process exits). */
export async function tempDir(prefix: string, scope: Scope = "file"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const forget = atExit(() => rmSync(dir, { recursive: true, force: true }));
  defer(scope, async () => {
    await rm(dir, { recursive: true, force: true });
    forget();
  });
  return dir;
}

// ---- the tanfeeth command -----------------------------------------------------------

export const tanfeethBin = path.resolve("bin/tanfeeth.js");

/**
 * `tanfeeth <args>` as its own process, on exactly the database `env` names (DATABASE_URL
 * or TANFEETH_DATA_DIR: the test process's own are not passed on), logging warnings only.
 */
export function startTanfeeth(args: string[], env: Record<string, string>, options: Omit<StartOptions, "env"> = {}): StartedProcess {
  const { DATABASE_URL: _url, TANFEETH_DATA_DIR: _dir, ...base } = process.env;
  const dataDir = env.TANFEETH_DATA_DIR;
  return startProcess(process.execPath, [tanfeethBin, ...args], {
    ...options,
    env: { ...base, LOG_LEVEL: "warn", ...env },
    afterKilledHere: (pid) => {
      if (dataDir) removeLockOf(dataDir, pid);
      options.afterKilledHere?.(pid);
    },
  });
}

/** Runs `tanfeeth <args>` to its end. */
export function runTanfeeth(args: string[], env: Record<string, string>, options: Omit<StartOptions, "env"> = {}): Promise<Exit> {
  return startTanfeeth(args, env, options).finished();
}

/** The data-directory lock of a process that can no longer release it. */
function removeLockOf(dataDir: string, pid: number) {
  const lockPath = path.join(dataDir, "tanfeeth.lock");
  try {
    if (readFileSync(lockPath, "utf8").trim() === String(pid)) rmSync(lockPath, { force: true });
  } catch {
    // no lock left: nothing to do
  }
}
