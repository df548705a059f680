/**
 * The tanfeeth command. One program, several roles:
 *   start                      everything in one process on embedded PGlite, with demo data
 *   serve --role api           the HTTP API (stateless; run many)
 *   migrate [--down N]         apply (or revert N) schema migrations
 *   seed [--files N]           demo data
 *   verify-audit               recompute the action log's hash chains and check projections
 */
import { systemClock } from "../app/clock.ts";
import { makeDeps } from "../app/deps.ts";
import { loadConfig, type Config } from "../config.ts";
import { buildHttpApp } from "../http/app.ts";
import { createLogger } from "../logger.ts";
import { DataDirLockedError } from "../storage/data-dir-lock.ts";
import { openDatabase, pgliteScriptConnection, pgScriptConnection, type Database } from "../storage/database.ts";
import { migrateDown, migrateUp } from "../storage/migrator.ts";
import { schemaIsCurrent } from "../storage/readiness.ts";
import { verifyAudit } from "../storage/verify-audit.ts";
import { integerFlag, parseArgs, type ParsedArgs } from "./args.ts";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "../storage/data-dir-lock.ts";

const roles = ["api"] as const;

const usage = `usage: tanfeeth <command>
  start                     run everything on embedded PGlite (./data), with demo data
  serve --role <role>       run one role: ${roles.join(", ")}
  migrate [--down N]        apply pending migrations, or revert the last N
  seed [--files N]          load demo data (default 220 files)
  verify-audit              check the action log's hash chains and the projections`;

function open(config: Config, migrate: boolean): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, migrate, poolSize: config.poolSize });
}

async function serveApi(config: Config, database: Database, onListening?: (url: string) => void) {
  const logger = createLogger(config.logLevel);
  const deps = makeDeps(database.db, systemClock);
  const app = await buildHttpApp({
    deps,
    logger,
    secureCookies: config.secureCookies,
    readiness: () => schemaIsCurrent(database.db),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  onListening?.(url);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

async function start(config: Config) {
  const database = await open(config, true);
  const { isDatabaseEmpty, seedDemo } = await import("../seed/demo.ts");
  if (await isDatabaseEmpty(database.db)) {
    console.log("tanfeeth: empty database, loading demo data ...");
    const summary = await seedDemo(makeDeps(database.db, systemClock));
    console.log(`tanfeeth: ${summary.files} files, ${summary.persons} persons, ${summary.companies} companies`);
  }
  await serveApi(config, database, (url) => {
    console.log(`tanfeeth is running: ${url}`);
    console.log(`  API docs:   ${url}/api/docs`);
    console.log(`  readiness:  ${url}/readyz`);
    console.log(`  data:       ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : config.dataDir}`);
    console.log("Press Ctrl-C to stop.");
  });
}

async function serve(config: Config, args: ParsedArgs) {
  const role = args.flags.get("role");
  if (role !== "api") {
    throw new Error(`unknown or unavailable role "${String(role)}"; available roles: ${roles.join(", ")}`);
  }
  const database = await open(config, false);
  await serveApi(config, database, (url) => console.log(`tanfeeth api listening on ${url}`));
}

/** Migrations run as the owning role, on a raw connection. */
async function migrate(config: Config, args: ParsedArgs) {
  const down = args.flags.has("down") ? integerFlag(args, "down", 1) : 0;
  const run = async (connection: Parameters<typeof migrateUp>[0]) =>
    down > 0 ? migrateDown(connection, down) : migrateUp(connection);
  let names: string[];
  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      names = await run(pgScriptConnection(client));
    } finally {
      await client.end();
    }
  } else {
    const lock = lockDataDir(config.dataDir);
    const pglite = await PGlite.create(config.dataDir);
    try {
      names = await run(pgliteScriptConnection(pglite));
    } finally {
      await pglite.close();
      lock.release();
    }
  }
  console.log(names.length === 0 ? "nothing to do" : `${down > 0 ? "reverted" : "applied"}: ${names.join(", ")}`);
}

async function seed(config: Config, args: ParsedArgs) {
  const database = await open(config, true);
  try {
    const { seedDemo } = await import("../seed/demo.ts");
    const started = performance.now();
    const summary = await seedDemo(makeDeps(database.db, systemClock), { files: integerFlag(args, "files", 220) });
    console.log(`seeded ${summary.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

async function verify(config: Config): Promise<number> {
  const database = await open(config, false);
  try {
    const report = await verifyAudit(database.db);
    console.log(`checked ${report.actions} actions in ${report.streams} streams`);
    for (const problem of report.chainProblems) {
      console.log(`CHAIN   ${problem.problem.padEnd(15)} stream=${problem.stream} seq=${problem.seq ?? "-"} action=${problem.actionId ?? "-"}`);
    }
    for (const problem of report.projectionProblems) {
      console.log(`PROJECT ${problem.entity.padEnd(15)} id=${problem.id} ${problem.problem}`);
    }
    const ok = report.chainProblems.length === 0 && report.projectionProblems.length === 0;
    console.log(ok ? "audit chain intact" : `audit FAILED: ${report.chainProblems.length + report.projectionProblems.length} problem(s)`);
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const config = loadConfig();
  switch (args.command) {
    case "start":
      await start(config);
      return -1;
    case "serve":
      await serve(config, args);
      return -1;
    case "migrate":
      await migrate(config, args);
      return 0;
    case "seed":
      await seed(config, args);
      return 0;
    case "verify-audit":
      return verify(config);
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof DataDirLockedError) console.error(`tanfeeth: ${error.message}`);
    else console.error(`tanfeeth: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
