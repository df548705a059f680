/**
 * verify-audit and backup while the system runs (issue 22), as an operator runs them.
 * PGlite: `tanfeeth start` holds the data directory; both commands go through its admin
 * socket (mode 0600 in a 0700 directory), report progress on stderr, and the backup
 * restores into a new directory that verifies. Its stdout, not a terminal, is JSON lines
 * alone (the banner goes to stderr). PostgreSQL: both run beside `serve --role api`, the
 * audit in one read-only snapshot.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { readLockHolder } from "../../src/storage/data-dir-lock.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../support/database.ts";
import { buildWorld, people } from "../support/fixtures.ts";
import { freePort } from "../support/private-postgres.ts";

const bin = path.resolve("bin/tanfeeth.js");

function launch(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const { DATABASE_URL: _ignored, TANFEETH_DATA_DIR: _alsoIgnored, LOG_FORMAT: _format, ...base } = process.env;
  return spawn(process.execPath, [bin, ...args], { env: { ...base, LOG_LEVEL: "info", ...env } });
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with the first match of `pattern` in the child's stderr (where the banner is when stdout is not a terminal). */
function waitForBanner(child: ChildProcessWithoutNullStreams, pattern: RegExp, output: { stdout: string; stderr: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${output.stderr}`)), 600_000); // a bound for a busy machine, not a speed
    child.stdout.on("data", (chunk) => (output.stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      output.stderr += chunk;
      const match = output.stderr.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output.stderr}`)));
  });
}

describe("on embedded PGlite, while `tanfeeth start` runs", { skip: testDatabaseUrl ? "start runs on embedded PGlite: covered by the PGlite pass" : false }, () => {
  let workDir: string;
  let dataDir: string;
  let server: ChildProcessWithoutNullStreams;
  const output = { stdout: "", stderr: "" };
  let url: string;

  before(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "tanfeeth-live-"));
    dataDir = path.join(workDir, "data");
    const [port, simulators, notices, payments] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const ports = { PORT: String(port), SIMULATORS_PORT: String(simulators), NOTICE_STANDINS_PORT: String(notices), PAYMENTS_STANDIN_PORT: String(payments) };
    server = launch(["start", "--files", "12"], { TANFEETH_DATA_DIR: dataDir, ...ports });
    url = await waitForBanner(server, /tanfeeth is running: (http:\/\/\S+)/, output);
  });
  after(async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGINT");
      await exited;
    }
    await rm(workDir, { recursive: true, force: true });
  });

  test("stdout holds JSON lines alone; the banner is on stderr", async () => {
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = output.stdout.split("\n").filter((line) => line.trim() !== "");
    assert.ok(lines.length > 0, "the server logged");
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    assert.match(output.stderr, /^ {2}readiness +http:\/\/\S+\/readyz$/m);
  });

  test("the admin socket is its user's alone and noted in the lock", () => {
    const holder = readLockHolder(dataDir);
    assert.equal(holder?.pid, server.pid);
    const socket = holder!.notes.get("admin-socket")!;
    assert.ok(statSync(socket).isSocket());
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(socket)).mode & 0o777, 0o700);
    assert.ok(!socket.startsWith(dataDir), "outside the data directory (PGlite's dump reads every file there)");
  });

  test("verify-audit goes through the running process, with progress", async () => {
    const verified = await finished(launch(["verify-audit"], { TANFEETH_DATA_DIR: dataDir }));
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, new RegExp(`verifying through the running tanfeeth \\(pid ${server.pid}, admin socket `));
    assert.match(verified.stdout, /checked [1-9]\d* actions in [1-9]\d* streams/);
    assert.match(verified.stdout, /audit chain intact/);
    const total = verified.stdout.match(/checked (\d+) actions/)![1]!;
    assert.match(verified.stderr, new RegExp(`verify-audit: ${Number(total).toLocaleString("en-US")} / [\\d,]+ actions \\(\\d+%\\)`));
    assert.match(verified.stderr, /checking projections/);
    console.log(`verify-audit against the running start:\n${verified.stdout}${verified.stderr}`);
  });

  test("backup goes through the running process; the file is its owner's alone and restores into a directory that verifies", async () => {
    const file = path.join(workDir, "live.tar.gz");
    const backup = await finished(launch(["backup", "--out", file], { TANFEETH_DATA_DIR: dataDir }));
    assert.equal(backup.code, 0, backup.stdout + backup.stderr);
    assert.match(backup.stdout, new RegExp(`backup written: .* \\(pglite, \\d+ bytes, [\\d.]+ s, from the running tanfeeth \\(pid ${server.pid}\\)\\)`));
    assert.match(backup.stderr, /backup: [\d.]+ MB \/ [\d.]+ MB/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(existsSync(`${file}.partial`), false);
    // The system kept serving meanwhile.
    assert.equal((await fetch(`${url}/readyz`)).status, 200);

    const restored = await finished(launch(["restore", "--from", file], { TANFEETH_DATA_DIR: path.join(workDir, "restored") }));
    assert.equal(restored.code, 0, restored.stdout + restored.stderr);
    assert.match(restored.stdout, /audit chain intact/);
    console.log(`backup against the running start:\n${backup.stdout}${backup.stderr}`);
  });

  test("stopping removes the socket; the commands then open the data directory themselves", async () => {
    const socket = readLockHolder(dataDir)!.notes.get("admin-socket")!;
    const stopped = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGINT");
    await stopped;
    assert.equal(existsSync(socket), false);
    const verified = await finished(launch(["verify-audit"], { TANFEETH_DATA_DIR: dataDir }));
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.doesNotMatch(verified.stdout, /through the running tanfeeth/);
    assert.match(verified.stdout, /audit chain intact/);
  });
});

describe("on PostgreSQL, beside a running API", { skip: testDatabaseUrl ? false : "needs TEST_DATABASE_URL: covered by the PostgreSQL pass" }, () => {
  let database: TestDatabase;
  let workDir: string;
  let api: ChildProcessWithoutNullStreams;
  before(async () => {
    database = await createTestDatabase();
    const world = await buildWorld(database.db);
    for (let index = 0; index < 3; index++) await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
    workDir = await mkdtemp(path.join(tmpdir(), "tanfeeth-live-pg-"));
    // No agency is reached in this test: the stand-ins' address is never called.
    api = launch(["serve", "--role", "api"], { DATABASE_URL: database.url!, PORT: String(await freePort()), DATABASE_POOL_SIZE: "4", AGENCY_SIMULATORS_URL: "http://127.0.0.1:9" });
    await waitForBanner(api, /api listening on (http:\/\/\S+)/, { stdout: "", stderr: "" });
  });
  after(async () => {
    if (api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((resolve) => api.once("exit", resolve));
      api.kill("SIGTERM");
      await exited;
    }
    await rm(workDir, { recursive: true, force: true });
    await database.drop();
  });

  test("verify-audit and backup run beside it", async () => {
    const env = { DATABASE_URL: database.url! };
    const verified = await finished(launch(["verify-audit"], env));
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /audit chain intact/);
    assert.match(verified.stderr, /verify-audit: [\d,]+ \/ [\d,]+ actions \(100%\)/);
    const file = path.join(workDir, "live.dump");
    const backup = await finished(launch(["backup", "--out", file], env));
    assert.equal(backup.code, 0, backup.stdout + backup.stderr);
    assert.match(backup.stdout, /backup written: .* \(postgres, \d+ bytes/);
    assert.match(backup.stderr, /backup: table public\.\w+/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});
