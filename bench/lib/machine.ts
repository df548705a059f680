/** What the figures were measured on: the machine, the runtime, the commit, and PostgreSQL's own memory. */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** The commit checked out, read from .git without running git. */
export function gitCommit(root = process.cwd()): string | null {
  try {
    const head = readFileSync(path.join(root, ".git", "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(path.join(root, ".git", ref), "utf8").trim();
    } catch {
      const packed = readFileSync(path.join(root, ".git", "packed-refs"), "utf8");
      return packed.split("\n").find((line) => line.endsWith(` ${ref}`))?.split(" ")[0] ?? null;
    }
  } catch {
    return null;
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    commit: gitCommit(),
  };
}

/**
 * Memory of the PostgreSQL backends serving a database, sampled until stopped: the peak of
 * their private memory (RssAnon, summed) plus the shared memory the largest one touched.
 */
export function samplePostgresMemory(adminUrl: string, database: string, everyMs = 1000) {
  const client = new pg.Client({ connectionString: adminUrl });
  let peakMiB = 0;
  let backends = 0;
  let stopped = false;
  const kib = (status: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database]);
      let privateKiB = 0;
      let sharedKiB = 0;
      for (const { pid } of rows) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, "utf8");
          privateKiB += kib(status, "RssAnon");
          sharedKiB = Math.max(sharedKiB, kib(status, "RssShmem"));
        } catch {
          // The backend ended between the query and the read.
        }
      }
      peakMiB = Math.max(peakMiB, (privateKiB + sharedKiB) / 1024);
      backends = Math.max(backends, rows.length);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.catch(() => undefined);
      return { peakMiB: Math.round(peakMiB), backends };
    },
  };
}
