/**
 * The system under test, in its own process (so its peak memory is its own): the API with
 * the agency channel, the worker, and the ten stand-in banks (with the other stand-in
 * agencies) answering at once, over real HTTP on loopback, on PGlite (in this process) or
 * PostgreSQL. Driven by bench/run.ts over IPC: it prepares the population, then answers
 * probes that read the database (progress, latencies from the actions' own timestamps).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { makeDeps, type AppDeps } from "../src/app/deps.ts";
import { createMachineClient, issueAccessToken } from "../src/app/machine-clients.ts";
import { recordLedgerEntry } from "../src/app/record-ledger-entry.ts";
import { grantStaffRole, registerCompany, registerPersons } from "../src/app/registry.ts";
import { systemSubject } from "../src/domain/access/system-subject.ts";
import { systemClock } from "../src/app/clock.ts";
import { simulatorDirectory } from "../src/agencies/hub/directory.ts";
import { loadHubKeys } from "../src/agencies/hub/hub-keys.ts";
import { createSimulatorServer } from "../src/agencies/simulators/index.ts";
import { buildHttpApp } from "../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../src/http/session-auth.ts";
import { createWorker } from "../src/jobs/worker.ts";
import { benchCreditors, bulkSeed } from "../src/seed/bulk-seed.ts";
import { openDatabase, type Database } from "../src/storage/database.ts";
import { createSession } from "../src/storage/identity/repository.ts";
import { schemaIsCurrent } from "../src/storage/readiness.ts";
import { countingPlugin, type StatementCounter } from "./lib/counting.ts";
import { percentiles } from "./lib/stats.ts";

export interface ServerSetup {
  engine: "pglite" | "postgres";
  databaseUrl?: string;
  /** A PGlite data directory to use (kept); default a temporary one, removed at the end. */
  dataDir?: string;
  /** Files of the background population (five procedures each), made by the bulk seeder unless present. */
  files: number;
  /** Bare files of the first bench creditor, to ask measures on (scenario a). */
  requestFiles: number;
  /** Rows and outbox entries the worker carries out side by side (WORKER_CONCURRENCY; PostgreSQL's pool). */
  bulkConcurrency: number;
  poolSize: number;
}

type Probe =
  | { op: "setup"; setup: ServerSetup }
  | { op: "attachments-progress"; jobIds: string[] }
  | { op: "attachments-result"; jobIds: string[] }
  | { op: "pay"; count: number; jobIds: string[] }
  | { op: "lift-progress"; fileIds: string[] }
  | { op: "lift-result"; fileIds: string[] }
  | { op: "memory" }
  | { op: "statements" }
  | { op: "stop" };

let database: Database | undefined;
let deps: AppDeps;
let counter: StatementCounter;
let stopAll: (() => Promise<void>) | undefined;
let tempDir: string | undefined;

const clerk = { civilId: "290010922517", nameAr: "موظفة الاختبار", nameEn: "Bench clerk", nationality: "KWT", email: null, phone: null };
const judge = { civilId: "268093011207", nameAr: "قاضي الاختبار", nameEn: "Bench judge", nationality: "KWT", email: null, phone: null };
const representative = { civilId: "280021188128", nameAr: "ممثل الاختبار", nameEn: "Bench representative", nationality: "KWT", email: "rep@bench.example", phone: null };

async function setup(options: ServerSetup) {
  const started = performance.now();
  if (options.engine === "pglite") tempDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "tanfeeth-bench-"));
  database = await openDatabase(options.engine === "postgres" ? { url: options.databaseUrl!, migrate: true, poolSize: options.poolSize } : { dataDir: tempDir!, migrate: true });
  counter = { statements: 0, ...(process.env.BENCH_TRACE ? { byCaller: new Map<string, number>() } : {}) };
  const db = database.db.withPlugin(countingPlugin(counter));
  deps = makeDeps(db, systemClock);
  const context = { subject: systemSubject, correlationId: "bench-setup" };

  // The population: files already there (a database seeded before) are kept.
  const present = Number((await sql<{ n: bigint }>`SELECT count(*) AS n FROM enforcement_files`.execute(db)).rows[0]!.n);
  let seedSeconds: number | null = null;
  if (present < options.files) {
    const seeded = await bulkSeed(database.db, { files: options.files - present, parallel: database.kind === "postgres" ? 2 : 1 });
    seedSeconds = seeded.seconds;
  }
  await registerPersons(deps, context, [clerk, judge, representative]);
  await registerCompany(deps, context, { crNumber: benchCreditors[0].crNumber, nameAr: benchCreditors[0].nameAr, nameEn: benchCreditors[0].nameEn, representatives: [representative.civilId] });
  await grantStaffRole(deps, context, { civilId: clerk.civilId, role: "clerk", agencyKey: null });
  await grantStaffRole(deps, context, { civilId: judge.civilId, role: "judge", agencyKey: null });
  const requestFilesFrom = new Date();
  if (options.requestFiles > 0) await bulkSeed(database.db, { files: options.requestFiles, withoutProcedures: true, creditor: 0 });
  // Fresh statistics after a bulk load, as an operator would take them (autovacuum would, a minute later):
  // without them the planner still sees the empty tables of the migration. As the owner.
  if (seedSeconds !== null || options.requestFiles > 0) await analyze(options);
  const requestFiles = await sql<{ id: string; number: string; civil_id: string }>`
    SELECT f.id, f.number, d.civil_id FROM enforcement_files f
    JOIN file_parties c ON c.file_id = f.id AND c.party_role = 'creditor' AND c.cr_number = ${benchCreditors[0].crNumber}
    JOIN file_parties d ON d.file_id = f.id AND d.party_role = 'debtor'
    WHERE NOT EXISTS (SELECT 1 FROM procedures p WHERE p.file_id = f.id) AND f.opened_at < ${requestFilesFrom} AND f.status = 'open'
    ORDER BY f.number LIMIT ${options.requestFiles}`.execute(db);

  const client = await createMachineClient(deps, context, { crNumber: benchCreditors[0].crNumber, name: "Bench collections", scopes: ["files:read", "procedures:request"] });
  const issued = await issueAccessToken(deps, { clientId: client.clientId, clientSecret: client.clientSecret, scope: undefined });
  if (!("accessToken" in issued)) throw new Error("no token");
  const clerkSession = await createSession(db, clerk.civilId, new Date());
  const judgeSession = await createSession(db, judge.civilId, new Date());
  const sampleFile = await sql<{ id: string }>`
    SELECT f.id FROM enforcement_files f JOIN file_parties c ON c.file_id = f.id AND c.party_role = 'creditor' AND c.cr_number = ${benchCreditors[0].crNumber}
    WHERE EXISTS (SELECT 1 FROM procedures p WHERE p.file_id = f.id) ORDER BY f.opened_at DESC LIMIT 1`.execute(db);

  // The ten banks and the other stand-ins, answering at once (no delay), on loopback.
  const persons = await db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"]).where("name_en", "not like", "Bench debtor %").execute();
  const simulators = await createSimulatorServer({
    seed: 7,
    faults: { "*": { delayMs: 0, declarationDelayMs: 0 } },
    persons: persons.map((person) => ({ civilId: person.civil_id, nameAr: person.name_ar, nameEn: person.name_en, nationality: person.nationality, alive: true, email: person.email, phone: person.phone })),
  });
  const simulatorsUrl = await simulators.listen({ port: 0, host: "127.0.0.1" });
  const directory = simulatorDirectory(simulatorsUrl);
  const keys = await loadHubKeys(db, new Date());
  const api = await buildHttpApp({
    deps,
    logger: false,
    secureCookies: false,
    readiness: () => schemaIsCurrent(db),
    agencyChannel: { directory, keys },
    apiRateLimit: { max: 100_000_000 },
  });
  const baseUrl = await api.listen({ port: 0, host: "127.0.0.1" });
  simulators.setHubUrl(baseUrl);
  const worker = createWorker({ deps, db, directory, keys, now: () => new Date(), idleDelayMs: 20, concurrency: options.bulkConcurrency });
  worker.start();
  stopAll = async () => {
    await worker.stop();
    await api.close();
    await simulators.close();
  };
  const counts = (await sql<{ files: bigint; procedures: bigint; actions: bigint }>`
    SELECT (SELECT count(*) FROM enforcement_files) AS files, (SELECT count(*) FROM procedures) AS procedures, (SELECT count(*) FROM actions) AS actions`.execute(db)).rows[0]!;
  return {
    baseUrl,
    token: issued.accessToken,
    clerkHeaders: { cookie: `${SESSION_COOKIE}=${clerkSession.token}`, [CSRF_HEADER]: clerkSession.csrfToken },
    judgeHeaders: { cookie: `${SESSION_COOKIE}=${judgeSession.token}`, [CSRF_HEADER]: judgeSession.csrfToken },
    requestFiles: requestFiles.rows.map((row) => ({ id: row.id, number: row.number, debtorCivilId: row.civil_id })),
    sampleFileId: sampleFile.rows[0]?.id ?? null,
    seedSeconds,
    counts: { files: Number(counts.files), procedures: Number(counts.procedures), actions: Number(counts.actions) },
    setupSeconds: (performance.now() - started) / 1000,
    serverVersion: database.kind === "postgres" ? (await sql<{ v: string }>`SHOW server_version`.execute(db)).rows[0]!.v : "PGlite " + (await sql<{ v: string }>`SHOW server_version`.execute(db)).rows[0]!.v,
  };
}

async function analyze(options: ServerSetup) {
  if (options.engine === "postgres") {
    const owner = new pg.Client({ connectionString: options.databaseUrl });
    await owner.connect();
    await owner.query("ANALYZE");
    await owner.end();
  } else {
    // PGlite's one connection works as the app role: back to the owner for a moment.
    await sql`RESET ROLE`.execute(database!.db);
    await sql`ANALYZE`.execute(database!.db);
    await sql`SET ROLE tanfeeth_app`.execute(database!.db);
  }
}

/** Procedures made by the jobs' rows, with whether each reached its final state and when. */
async function attachments(jobIds: string[]) {
  const { rows } = await sql<{ submitted_at: Date; final_at: Date | null; open_orders: number; pending_notices: number; status: string; orders: number }>`
    SELECT j.submitted_at, p.status,
      (SELECT count(*)::int FROM agency_orders o WHERE o.procedure_id = p.id) AS orders,
      (SELECT count(*)::int FROM agency_orders o WHERE o.procedure_id = p.id AND o.status IN ('pending', 'sent', 'acknowledged')) AS open_orders,
      (SELECT count(*)::int FROM outbox x WHERE x.processed_at IS NULL AND x.topic = 'notice.procedure_changed' AND x.payload->>'procedureId' = p.id::text) AS pending_notices,
      greatest(
        (SELECT max(a.occurred_at) FROM actions a WHERE a.procedure_id = p.id),
        (SELECT max(n.created_at) FROM notices n WHERE n.procedure_id = p.id AND n.recipient_role = 'creditor')) AS final_at
    FROM bulk_rows r JOIN bulk_jobs j ON j.id = r.job_id JOIN procedures p ON p.id = r.procedure_id
    WHERE r.job_id = ANY(${jobIds}::uuid[])`.execute(database!.db);
  const rowCount = Number((await sql<{ n: bigint }>`SELECT count(*) AS n FROM bulk_rows WHERE job_id = ANY(${jobIds}::uuid[])`.execute(database!.db)).rows[0]!.n);
  const done = rows.filter((row) => row.orders > 0 && row.open_orders === 0 && row.pending_notices === 0);
  return { rows: rowCount, procedures: rows.length, done, all: rows };
}

async function attachmentsResult(jobIds: string[]) {
  const { rows, procedures, done } = await attachments(jobIds);
  const creditorNotices = Number((await sql<{ n: bigint }>`
    SELECT count(DISTINCT n.procedure_id) AS n FROM notices n JOIN bulk_rows r ON r.procedure_id = n.procedure_id
    WHERE r.job_id = ANY(${jobIds}::uuid[]) AND n.recipient_role = 'creditor'`.execute(database!.db)).rows[0]!.n);
  const statuses = await sql<{ status: string; n: bigint }>`
    SELECT o.status, count(*) AS n FROM agency_orders o JOIN bulk_rows r ON r.procedure_id = o.procedure_id WHERE r.job_id = ANY(${jobIds}::uuid[]) GROUP BY o.status`.execute(database!.db);
  // Where the time goes: when each stage was reached, after submission (ms, over all the procedures' actions).
  const stages = await sql<{ stage: string; p50: number; p99: number }>`
    SELECT a.action_kind AS stage,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.occurred_at - j.submitted_at) * 1000) AS p50,
      percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM a.occurred_at - j.submitted_at) * 1000) AS p99
    FROM bulk_rows r JOIN bulk_jobs j ON j.id = r.job_id JOIN actions a ON a.procedure_id = r.procedure_id
    WHERE r.job_id = ANY(${jobIds}::uuid[]) AND a.action_kind IN ('procedure.request', 'order.send', 'order.acknowledge', 'order.execute', 'order.reportNothing', 'procedure.execute')
    GROUP BY a.action_kind ORDER BY p50`.execute(database!.db);
  const latencies = done.map((row) => row.final_at!.getTime() - row.submitted_at.getTime());
  const first = Math.min(...done.map((row) => row.submitted_at.getTime()));
  const last = Math.max(...done.map((row) => row.final_at!.getTime()));
  return {
    rows,
    procedures,
    done: done.length,
    creditorNotified: creditorNotices,
    orderStatuses: Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)])),
    stagesMs: Object.fromEntries(stages.rows.map((row) => [row.stage, { p50: Math.round(Number(row.p50)), p99: Math.round(Number(row.p99)) }])),
    spanSeconds: (last - first) / 1000,
    perSecond: done.length / ((last - first) / 1000),
    latencyMs: percentiles(latencies),
  };
}

/** A clerk records full payment on files whose attachments are in force: every measure must be lifted. */
async function pay(count: number, jobIds: string[]) {
  const files = await sql<{ file_id: string; owed: bigint }>`
    SELECT DISTINCT f.id AS file_id, f.claim_total - f.recovered_total AS owed FROM bulk_rows r JOIN procedures p ON p.id = r.procedure_id
    JOIN enforcement_files f ON f.id = p.file_id
    WHERE r.job_id = ANY(${jobIds}::uuid[]) AND p.status = 'in_force' AND f.status = 'open' LIMIT ${count}`.execute(database!.db);
  const context = { subject: { civilId: clerk.civilId, staffRoles: [{ role: "clerk" as const, agencyKey: null }], companies: [], mandates: [] }, correlationId: "bench-pay" };
  for (const file of files.rows) {
    await recordLedgerEntry(deps, context, { fileId: file.file_id, kind: "payment", amount: BigInt(file.owed), source: "cash_at_department", reference: `bench-${file.file_id}` });
  }
  return files.rows.map((row) => row.file_id);
}

async function lifts(fileIds: string[]) {
  const { rows } = await sql<{ paid_at: Date; last_lift_at: Date | null; open_orders: number; lifts: number }>`
    SELECT l.recorded_at AS paid_at,
      (SELECT max(a.occurred_at) FROM actions a WHERE a.file_id = l.file_id AND a.action_kind = 'order.confirmLift') AS last_lift_at,
      (SELECT count(*)::int FROM agency_orders o WHERE o.file_id = l.file_id AND o.status IN ('lift_requested', 'lift_sent')) AS open_orders,
      (SELECT count(*)::int FROM agency_orders o WHERE o.file_id = l.file_id AND o.status = 'lifted') AS lifts
    FROM ledger_entries l WHERE l.file_id = ANY(${fileIds}::uuid[]) AND l.reference LIKE 'bench-%'`.execute(database!.db);
  return rows;
}

async function liftResult(fileIds: string[]) {
  const rows = await lifts(fileIds);
  const done = rows.filter((row) => row.open_orders === 0 && row.last_lift_at !== null);
  return {
    files: fileIds.length,
    done: done.length,
    ordersLifted: done.reduce((total, row) => total + row.lifts, 0),
    latencyMs: percentiles(done.map((row) => row.last_lift_at!.getTime() - row.paid_at.getTime())),
  };
}

function memory() {
  // VmHWM: the peak resident set of this process (Linux).
  const status = readFileSync("/proc/self/status", "utf8");
  const kib = (name: string) => Number(/(\d+) kB/.exec(status.split("\n").find((line) => line.startsWith(name)) ?? "")?.[1] ?? 0);
  return { rssMiB: kib("VmRSS:") / 1024, peakRssMiB: kib("VmHWM:") / 1024 };
}

async function handle(probe: Probe): Promise<unknown> {
  switch (probe.op) {
    case "setup":
      return setup(probe.setup);
    case "attachments-progress": {
      const { rows, procedures, done } = await attachments(probe.jobIds);
      return { rows, procedures, done: done.length };
    }
    case "attachments-result":
      return attachmentsResult(probe.jobIds);
    case "pay":
      return pay(probe.count, probe.jobIds);
    case "lift-progress": {
      const rows = await lifts(probe.fileIds);
      return { files: rows.length, done: rows.filter((row) => row.open_orders === 0 && row.last_lift_at !== null).length };
    }
    case "lift-result":
      return liftResult(probe.fileIds);
    case "memory":
      return memory();
    case "statements":
      return {
        statements: counter.statements,
        ...(counter.byCaller ? { byCaller: Object.fromEntries([...counter.byCaller.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60)) } : {}),
      };
    case "stop":
      await stopAll?.();
      await database?.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      setImmediate(() => process.exit(0));
      return { stopped: true };
  }
}

process.on("message", (message: { id: number; probe: Probe }) => {
  handle(message.probe).then(
    (result) => process.send!({ id: message.id, result }, undefined, undefined, () => undefined),
    (error: Error) => process.send!({ id: message.id, error: `${error.message}\n${error.stack ?? ""}` }),
  );
});
process.send!({ ready: true });
