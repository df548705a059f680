/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, its own port),
 * so that a test may stop and restart it under load without disturbing the shared server
 * other tests use. Runs the server's binaries as the `postgres` user when we are root
 * (PostgreSQL refuses to run as root). pg_ctl runs the server in the background, not as
 * our child: it is destroyed at the end of the test file whatever happens, and stopped
 * (immediate mode) and its directory removed if the test process exits first
 * (test/support/child.ts).
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { atExit, defer } from "./child.ts";

const exec = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string | undefined {
  for (const version of ["17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(path.join(dir, "initdb"))) return dir;
  }
  return undefined;
}

export const privatePostgresAvailable = binDir() !== undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  const root = await mkdtemp(path.join(tmpdir(), "tanfeeth-pg-"));
  await chmod(root, 0o777);
  const dataDir = path.join(root, "data");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const command = (tool: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args]);
  const run = (tool: string, args: string[]) => exec(...command(tool, args));
  await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const ctl = (action: "start" | "stop") =>
    action === "start"
      ? run("pg_ctl", ["-D", dataDir, "-w", "-l", path.join(root, "server.log"), "-o", `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"])
      : run("pg_ctl", ["-D", dataDir, "-w", "-m", "fast", "stop"]);
  const forget = atExit(() => {
    try {
      execFileSync(...command("pg_ctl", ["-D", dataDir, "-w", "-m", "immediate", "stop"]), { stdio: "ignore" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  let destroyed: Promise<void> | null = null;
  const destroy = () =>
    (destroyed ??= (async () => {
      await ctl("stop").catch(() => undefined);
      await rm(root, { recursive: true, force: true });
      forget();
    })());
  defer("file", destroy);
  await ctl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => void (await ctl("stop")),
    start: async () => void (await ctl("start")),
    destroy,
  };
}
