/** A child process spoken to over IPC: each probe gets its answer by id. */
import { fork, type ChildProcess } from "node:child_process";

export interface Child {
  process: ChildProcess;
  ready: Promise<Record<string, unknown>>;
  call<T>(probe: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export function startChild(script: string, env: Record<string, string> = {}): Child {
  const child = fork(script, [], {
    // BENCH_CPU_PROF=dir: a V8 CPU profile of the process (open it in Chrome DevTools, or summarize with bench/profile-summary.ts).
    execArgv: ["--max-old-space-size=8192", ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    serialization: "advanced",
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  let readyResolve: (value: Record<string, unknown>) => void;
  let readyReject: (error: Error) => void;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  child.on("message", (message: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
    if (message.ready) return readyResolve(message as Record<string, unknown>);
    const entry = waiting.get(message.id!);
    if (!entry) return;
    waiting.delete(message.id!);
    if (message.error) entry.reject(new Error(message.error));
    else entry.resolve(message.result);
  });
  child.on("exit", (code) => {
    const error = new Error(`${script} exited with ${code}`);
    readyReject(error);
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });
  return {
    process: child,
    ready,
    call: <T>(probe: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, probe });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ id: 0, probe: { op: "stop" } });
      }),
  };
}
