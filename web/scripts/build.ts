/**
 * Builds the web application into web/dist with Vite, or, with --if-stale, only when
 * web/dist is missing or older than its sources (web/, the domain vocabulary it reads,
 * the lockfile). `npm start` runs it first (prestart), browser tests call ensureWebBuild().
 * A lock directory keeps two processes (parallel test files) from building at once.
 */
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = path.resolve(webDir, "..");
export const webDistDir = path.join(webDir, "dist");
const stampFile = path.join(webDistDir, ".built");
const lockDir = path.join(webDir, ".build-lock");
const sources = [
  path.join(webDir, "src"),
  path.join(webDir, "public"),
  path.join(webDir, "index.html"),
  path.join(webDir, "vite.config.ts"),
  path.join(repoDir, "src", "domain"),
  path.join(repoDir, "package-lock.json"),
];

async function newestMtime(target: string): Promise<number> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  return newest;
}

/** True when web/dist is missing or older than any of its sources. */
export async function webBuildIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(stampFile)).mtimeMs;
  } catch {
    return true;
  }
  for (const source of sources) if ((await newestMtime(source)) > built) return true;
  return false;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock left by a build that died: older than any build takes.
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 180_000) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() - started > 300_000) throw new Error("web build: timed out waiting for another build to finish");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Builds web/dist; with ifStale, only when needed. Returns whether it built. */
export async function buildWeb(options: { ifStale: boolean; quiet?: boolean }): Promise<boolean> {
  if (options.ifStale && !(await webBuildIsStale())) return false;
  return withLock(async () => {
    // Another process may have built it while this one waited.
    if (options.ifStale && !(await webBuildIsStale())) return false;
    const startedAt = Date.now();
    const { build } = await import("vite");
    await build({ configFile: path.join(webDir, "vite.config.ts"), logLevel: options.quiet ? "warn" : "info", mode: "production" });
    await writeFile(stampFile, new Date(startedAt).toISOString());
    if (!options.quiet) console.log(`built in ${Date.now() - startedAt} ms`);
    return true;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes("--if-stale");
  buildWeb({ ifStale, quiet: ifStale }).then(
    (built) => {
      console.log(built ? "web application built (web/dist)" : "web application is up to date (web/dist)");
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
