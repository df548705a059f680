#!/usr/bin/env node
/**
 * `npm test`: every *.test.ts under src/ and test/, run by Node's test runner, longest
 * first. With four files at a time on a small machine, a long file started last is the
 * run's tail; test/durations.json (seconds a file took in a measured run, relative only)
 * orders the queue so the long ones start first. A file not listed counts as short.
 * Extra arguments go to the runner (e.g. `npm test -- --test-name-pattern=cap`).
 * TEST_CONCURRENCY sets how many files run at once (default 4).
 */
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const durations = JSON.parse(readFileSync(path.join(root, "test", "durations.json"), "utf8"));

function testFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const files = [...testFiles("src"), ...testFiles("test")]
  .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`))
  .sort((a, b) => (durations[b] ?? 1) - (durations[a] ?? 1) || a.localeCompare(b));
const concurrency = process.env.TEST_CONCURRENCY ?? "4";
const child = spawn(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...process.argv.slice(2), ...files], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
