/**
 * `npm run bench [-- options]`: the benchmarks of issue 8, on PGlite and PostgreSQL, with
 * the machine's own limits measured in the same run (pgbench select-only on the same
 * PostgreSQL with the same connections, a hello-world fastify under the same load). Prints
 * a table and saves everything (machine, parameters, every repetition) to
 * bench/results/<time>.json. See docs/scaling.md for how to read it.
 *
 *   a  end-to-end bank attachments: N rows through the bulk API → rules → orders to the
 *      ten stand-in banks (answering at once) → declarations → cap → creditor notified
 *   b  API reads under concurrent load: my files, the file page, a back-office queue
 *   c  lift on payment: payment recorded → the last bank's lift confirmation
 *   d  data scale: the same reads at 10 thousand and at --scale-files files (bulk seeder)
 *
 * Options: --only a,b,c,d  --engine pglite|postgres|both  --n 2000  --files 10000
 *   --scale-files 1000000 (PGlite: 100000 unless given)  --seconds 10  --connections 20  --reps 3  --lifts 200
 *   --concurrency 8 (bulk rows and outbox entries side by side, PostgreSQL)
 *   --rate R (scenario a: R rows a second instead of one burst; latency without the queue)
 *   --quick (small sizes, one repetition: a few minutes for both engines)
 *   --database-url postgres://postgres@127.0.0.1:5432/postgres (an owner that may create databases)
 *   --keep-scale (keep the large data-scale database for the next run: seeding a million files takes a while)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { load, type LoadResult } from "./lib/autocannon.ts";
import { startChild, type Child } from "./lib/child.ts";
import { machineInfo, samplePostgresMemory } from "./lib/machine.ts";
import type { Percentiles } from "./lib/stats.ts";

type Engine = "pglite" | "postgres";
type Scenario = "a" | "b" | "c" | "d";

interface Options {
  only: Scenario[];
  engines: Engine[];
  n: number;
  files: number;
  scaleFiles: number;
  scaleFilesPglite: number;
  smallFiles: number;
  seconds: number;
  connections: number;
  reps: number;
  lifts: number;
  concurrency: number;
  /** Rows a second for scenario a (0: all in one burst). */
  rate: number;
  quick: boolean;
  adminUrl: string;
  keepScale: boolean;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (!arg.startsWith("--")) continue;
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const next = argv[index + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith("--")) flags.set(name, (index++, next));
    else flags.set(name, "true");
  }
  const quick = flags.has("quick");
  const number = (name: string, full: number, fast: number) => {
    const value = flags.get(name);
    if (value === undefined) return quick ? fast : full;
    const parsed = Number(value.replaceAll("_", ""));
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number`);
    return parsed;
  };
  const engine = flags.get("engine") ?? "both";
  if (!["pglite", "postgres", "both"].includes(engine)) throw new Error("--engine is pglite, postgres or both");
  const only = (flags.get("only") ?? "a,b,c,d").split(",").map((item) => item.trim()) as Scenario[];
  if (only.some((item) => !["a", "b", "c", "d"].includes(item))) throw new Error("--only takes a, b, c, d");
  return {
    only,
    engines: engine === "both" ? ["pglite", "postgres"] : [engine as Engine],
    n: number("n", 2000, 100),
    files: number("files", 10_000, 1_000),
    scaleFiles: number("scale-files", 1_000_000, 5_000),
    // PGlite keeps its data in one WebAssembly process: a million files there is hours and gigabytes; 100,000 unless asked.
    scaleFilesPglite: flags.has("scale-files") ? number("scale-files", 0, 0) : quick ? 5_000 : 100_000,
    smallFiles: number("small-files", 10_000, 500),
    seconds: number("seconds", 10, 3),
    connections: number("connections", 20, 10),
    reps: number("reps", 3, 1),
    lifts: number("lifts", 200, 20),
    concurrency: number("concurrency", 8, 8),
    rate: number("rate", 0, 0),
    quick,
    adminUrl: flags.get("database-url") ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    keepScale: flags.has("keep-scale"),
  };
}

const options = parseOptions(process.argv.slice(2));
const here = path.dirname(new URL(import.meta.url).pathname);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// ---- databases -------------------------------------------------------------------------

function urlFor(name: string) {
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(name: string, keep = false): Promise<boolean> {
  return admin(async (client) => {
    const exists = (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0;
    if (exists && keep) return false;
    if (exists) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

async function dropDatabase(name: string) {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

// ---- the system under test ------------------------------------------------------------

interface Setup {
  baseUrl: string;
  token: string;
  clerkHeaders: Record<string, string>;
  judgeHeaders: Record<string, string>;
  requestFiles: { id: string; number: string; debtorCivilId: string }[];
  sampleFileId: string | null;
  seedSeconds: number | null;
  counts: { files: number; procedures: number; actions: number };
  setupSeconds: number;
  serverVersion: string;
}

async function startServer(engine: Engine, database: string | null, files: number, requestFiles: number) {
  const server = startChild(path.join(here, "server.ts"));
  await server.ready;
  const pgMemory = engine === "postgres" && database ? samplePostgresMemory(options.adminUrl, database) : null;
  const setup = await server.call<Setup>({
    op: "setup",
    setup: { engine, ...(database ? { databaseUrl: urlFor(database) } : {}), files, requestFiles, bulkConcurrency: engine === "postgres" ? options.concurrency : 1, poolSize: Math.max(10, options.concurrency + 4) },
  });
  return { server, setup, pgMemory };
}

// ---- a: end-to-end bank attachments ----------------------------------------------------

async function attachments(server: Child, setup: Setup) {
  const rows = setup.requestFiles.slice(0, options.n).map((file, index) => ({
    reference: `BENCH-${Date.now()}-${index}`,
    kind: "bank_attachment",
    fileNumber: file.number,
    debtorCivilId: file.debtorCivilId,
    amount: "100.000",
    banks: "all",
  }));
  if (rows.length < options.n) log(`only ${rows.length} files to ask on (wanted ${options.n})`);
  const jobIds: string[] = [];
  const submitStarted = performance.now();
  // All at once (a burst: latency then includes the queue), or --rate rows a second (a job each second).
  const step = options.rate > 0 ? options.rate : 10_000;
  for (let start = 0; start < rows.length; start += step) {
    if (options.rate > 0 && start > 0) await sleep(Math.max(0, submitStarted + (start / step) * 1000 - performance.now()));
    const response = await fetch(`${setup.baseUrl}/api/v1/bulk-jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${setup.token}`, "content-type": "application/json" },
      body: JSON.stringify({ reference: `BENCH-JOB-${Date.now()}-${start}`, rows: rows.slice(start, start + step) }),
    });
    if (response.status !== 202) throw new Error(`bulk job refused: ${response.status} ${await response.text()}`);
    jobIds.push(((await response.json()) as { id: string }).id);
  }
  const submitSeconds = (performance.now() - submitStarted) / 1000;
  const deadline = Date.now() + Math.max(180_000, rows.length * 500);
  let progress = { rows: 0, procedures: 0, done: 0 };
  while (Date.now() < deadline) {
    progress = await server.call<typeof progress>({ op: "attachments-progress", jobIds });
    if (progress.done >= rows.length) break;
    await sleep(1000);
  }
  log(`a: ${progress.done}/${rows.length} procedures final`);
  const result = await server.call<{ done: number; perSecond: number; latencyMs: Percentiles; spanSeconds: number; creditorNotified: number; orderStatuses: Record<string, number> }>({ op: "attachments-result", jobIds });
  return { requested: rows.length, submitSeconds, timedOut: progress.done < rows.length, ...result, jobIds };
}

// ---- c: lift on payment ----------------------------------------------------------------

async function liftOnPayment(server: Child, jobIds: string[]) {
  const fileIds = await server.call<string[]>({ op: "pay", count: options.lifts, jobIds });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const progress = await server.call<{ files: number; done: number }>({ op: "lift-progress", fileIds });
    if (progress.done >= fileIds.length) break;
    await sleep(500);
  }
  return server.call<{ files: number; done: number; ordersLifted: number; latencyMs: Percentiles }>({ op: "lift-result", fileIds });
}

// ---- b and d: reads under load -----------------------------------------------------------

async function reads(setup: Setup) {
  const bearer = { authorization: `Bearer ${setup.token}` };
  const targets: [string, string, Record<string, string>][] = [
    ["my files", `${setup.baseUrl}/api/v1/files?limit=20`, bearer],
    ["file page", `${setup.baseUrl}/api/v1/files/${setup.sampleFileId}`, bearer],
    ["judges' queue", `${setup.baseUrl}/api/v1/queues/judge?limit=50`, setup.judgeHeaders],
  ];
  const out: Record<string, LoadResult[]> = {};
  for (const [name, url, headers] of targets) {
    const check = await fetch(url, { headers });
    if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
    out[name] = [];
    for (let rep = 0; rep < options.reps; rep++) out[name].push(await load(url, { connections: options.connections, seconds: options.seconds, headers }));
  }
  return out;
}

async function helloWorld() {
  const hello = startChild(path.join(here, "hello.ts"));
  const { url } = (await hello.ready) as { url: string };
  const runs: LoadResult[] = [];
  for (let rep = 0; rep < options.reps; rep++) runs.push(await load(url, { connections: options.connections, seconds: options.seconds }));
  hello.process.send({ stop: true });
  await new Promise((resolve) => hello.process.once("exit", resolve));
  return runs;
}

async function pgbench(): Promise<{ tps: number; latencyMs: number }[]> {
  const database = "tanfeeth_bench_pgbench";
  const url = urlFor(database);
  const runs: { tps: number; latencyMs: number }[] = [];
  await createDatabase(database);
  execFileSync("pgbench", ["-i", "-q", "-s", options.quick ? "1" : "10", url], { stdio: "ignore" });
  for (let rep = 0; rep < options.reps; rep++) {
    const out = execFileSync("pgbench", ["-S", "-n", "-c", String(options.connections), "-j", "2", "-T", String(options.seconds), url], { encoding: "utf8" });
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
    runs.push({ tps: Math.round(tps), latencyMs });
  }
  return runs;
}

// ---- one engine ------------------------------------------------------------------------

const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function runEngine(engine: Engine) {
  const result: Record<string, unknown> = { engine };
  const wants = (scenario: Scenario) => options.only.includes(scenario);
  if (wants("a") || wants("b") || wants("c")) {
    const database = engine === "postgres" ? `tanfeeth_bench_${process.pid}` : null;
    if (database) await createDatabase(database);
    log(`${engine}: starting the system with ${options.files} files and ${options.n} to ask on`);
    const { server, setup, pgMemory } = await startServer(engine, database, options.files, wants("a") || wants("c") ? options.n : 0);
    result.population = { ...setup.counts, seedSeconds: setup.seedSeconds, setupSeconds: setup.setupSeconds };
    result.serverVersion = setup.serverVersion;
    try {
      let jobIds: string[] = [];
      if (wants("a") || wants("c")) {
        log(`${engine}: a. ${options.n} bank attachments through the bulk API`);
        const before = await server.call<{ statements: number }>({ op: "statements" });
        const a = await attachments(server, setup);
        const after = await server.call<{ statements: number }>({ op: "statements" });
        jobIds = a.jobIds;
        // Round trips the whole path took per procedure (statements to the database, BEGIN/COMMIT not counted).
        result.a = { ...a, jobIds: undefined, statementsPerProcedure: Math.round((after.statements - before.statements) / Math.max(1, a.done)) };
      }
      if (wants("c")) {
        log(`${engine}: c. lift on payment for ${options.lifts} files`);
        result.c = await liftOnPayment(server, jobIds);
      }
      if (wants("b")) {
        log(`${engine}: b. reads under load (${options.connections} connections, ${options.seconds} s × ${options.reps})`);
        result.b = await reads(setup);
      }
      result.serverMemory = await server.call({ op: "memory" });
      result.statements = await server.call({ op: "statements" });
    } finally {
      await server.close();
      result.postgresMemory = (await pgMemory?.stop()) ?? null;
      if (database) await dropDatabase(database);
    }
  }
  if (wants("d")) {
    result.d = {};
    for (const [label, files] of [
      ["small", options.smallFiles],
      ["large", engine === "pglite" ? options.scaleFilesPglite : options.scaleFiles],
    ] as const) {
      const database = engine === "postgres" ? `tanfeeth_bench_scale_${files}` : null;
      let fresh = true;
      if (database) fresh = await createDatabase(database, options.keepScale);
      log(`${engine}: d. ${files} files (${fresh ? "seeding" : "kept from an earlier run"})`);
      const { server, setup, pgMemory } = await startServer(engine, database, files, 0);
      try {
        (result.d as Record<string, unknown>)[label] = { files, population: setup.counts, seedSeconds: setup.seedSeconds, reads: await reads(setup), serverMemory: await server.call({ op: "memory" }) };
      } finally {
        await server.close();
        (result.d as Record<string, Record<string, unknown>>)[label]!.postgresMemory = (await pgMemory?.stop()) ?? null;
        if (database && !options.keepScale) await dropDatabase(database);
      }
    }
  }
  return result;
}

// ---- the run ---------------------------------------------------------------------------

const machine = machineInfo();
log(`machine: ${machine.cpus} cpus, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverage.join(" ")}`);
const baselines: Record<string, unknown> = {};
if (options.only.some((scenario) => scenario === "b" || scenario === "d")) {
  log("baseline: hello-world fastify");
  baselines.helloWorld = await helloWorld();
}
if (options.engines.includes("postgres")) {
  log("baseline: pgbench select-only");
  baselines.postgresVersion = await admin(async (client) => (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
  baselines.pgbench = await pgbench();
  await dropDatabase("tanfeeth_bench_pgbench");
}
const engines: Record<string, Record<string, unknown>> = {};
for (const engine of options.engines) engines[engine] = await runEngine(engine);

const report = { startedAt: new Date().toISOString(), machine, options, baselines, engines };
mkdirSync(path.join(here, "results"), { recursive: true });
const file = path.join(here, "results", `${new Date().toISOString().replaceAll(":", "-").slice(0, 19)}${options.quick ? "-quick" : ""}.json`);
writeFileSync(file, JSON.stringify(report, null, 2));
printTable(report);
log(`saved ${path.relative(process.cwd(), file)}`);
process.exit(0);

// ---- the table ---------------------------------------------------------------------------

function printTable(report: { baselines: Record<string, unknown>; engines: Record<string, Record<string, unknown>> }) {
  const hello = report.baselines.helloWorld as LoadResult[] | undefined;
  const helloRate = hello ? median(hello.map((run) => run.requestsPerSecond)) : null;
  const pgb = report.baselines.pgbench as { tps: number }[] | undefined;
  const pgbTps = pgb ? median(pgb.map((run) => run.tps)) : null;
  const lines: string[][] = [["engine", "benchmark", "figure", "target", "met", "vs machine"]];
  const ok = (met: boolean | null) => (met === null ? "–" : met ? "yes" : "NO");
  if (helloRate) lines.push(["–", "hello-world fastify", `${helloRate} req/s`, "", "", "baseline"]);
  if (pgbTps) lines.push(["postgres", "pgbench -S", `${pgbTps} tps`, "", "", "baseline"]);
  for (const [engine, result] of Object.entries(report.engines)) {
    const a = result.a as { done: number; requested: number; perSecond: number; latencyMs: Percentiles; timedOut: boolean; statementsPerProcedure: number } | undefined;
    if (a) {
      const stages = (result.a as { stagesMs?: Record<string, { p50: number; p99: number }> }).stagesMs ?? {};
      lines.push([engine, "a. stage reached (p50/p99 ms)", Object.entries(stages).map(([stage, at]) => `${stage.replace(/^(order|procedure)\./, "")} ${at.p50}/${at.p99}`).join(", "), "", "", ""]);
      lines.push([engine, "a. statements per procedure", `${a.statementsPerProcedure} (request, dispatch, 10 banks' answers, notices)`, "", "", ""]);
      lines.push([engine, "a. attachments sustained", `${a.perSecond.toFixed(1)} procedures/s (${a.done}/${a.requested})`, "≥ 1000/s", ok(a.perSecond >= 1000), ""]);
      lines.push([engine, "a. submission → final", `p50 ${a.latencyMs.p50} ms, p99 ${a.latencyMs.p99} ms`, "p99 ≤ 2000 ms", ok(a.latencyMs.p99 !== null && a.latencyMs.p99 <= 2000), ""]);
    }
    const c = result.c as { done: number; files: number; latencyMs: Percentiles } | undefined;
    if (c) lines.push([engine, "c. payment → last lift", `p50 ${c.latencyMs.p50} ms, p99 ${c.latencyMs.p99} ms (${c.done}/${c.files} files)`, "p99 ≤ 2000 ms", ok(c.latencyMs.p99 !== null && c.latencyMs.p99 <= 2000), ""]);
    const b = result.b as Record<string, LoadResult[]> | undefined;
    for (const [name, runs] of Object.entries(b ?? {})) {
      const top = best(runs);
      const rate = median(runs.map((run) => run.requestsPerSecond));
      const p99 = median(runs.map((run) => run.p99Ms));
      const ratio = helloRate ? rate / helloRate : null;
      lines.push([engine, `b. ${name}`, `${rate} req/s, p99 ${p99} ms${top.non2xx + top.errors > 0 ? ` (${top.non2xx + top.errors} errors)` : ""}`, "≥ 30% hello, p99 ≤ 50 ms", ok(ratio !== null && ratio >= 0.3 && p99 <= 50), ratio === null ? "" : `${(ratio * 100).toFixed(0)}% of hello`]);
    }
    const d = result.d as Record<string, { files: number; seedSeconds: number | null; reads: Record<string, LoadResult[]> }> | undefined;
    if (d?.small && d.large) {
      if (d.large.seedSeconds !== null) lines.push([engine, `d. seed ${d.large.files} files`, `${d.large.seedSeconds.toFixed(0)} s`, "", "", ""]);
      for (const name of Object.keys(d.small.reads)) {
        const small = median(d.small.reads[name]!.map((run) => run.p99Ms));
        const large = median((d.large.reads[name] ?? []).map((run) => run.p99Ms));
        const smallRate = median(d.small.reads[name]!.map((run) => run.requestsPerSecond));
        const largeRate = median((d.large.reads[name] ?? []).map((run) => run.requestsPerSecond));
        lines.push([engine, `d. ${name} at ${d.large.files} vs ${d.small.files}`, `p99 ${large} vs ${small} ms; ${largeRate} vs ${smallRate} req/s`, "≤ 1.5×", ok(large <= 1.5 * Math.max(small, 1)), `${(large / Math.max(small, 1)).toFixed(2)}×`]);
      }
    }
    const memory = result.serverMemory as { peakRssMiB: number } | undefined;
    const pgMemory = result.postgresMemory as { peakMiB: number; backends: number } | null | undefined;
    if (memory) lines.push([engine, "peak memory (server process)", `${memory.peakRssMiB.toFixed(0)} MiB${pgMemory ? `; PostgreSQL backends ${pgMemory.peakMiB} MiB (${pgMemory.backends})` : ""}`, "", "", ""]);
    if (pgbTps && engine === "postgres" && a) lines.push([engine, "a. vs pgbench", `${((a.perSecond / pgbTps) * 100).toFixed(2)}% of pgbench tps`, "", "", ""]);
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? "").length)));
  for (const [index, line] of lines.entries()) {
    console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
}
