/**
 * The tanfeeth command. One program, several roles:
 *   start [--files N]          everything in one process on embedded PGlite, with demo data
 *   serve --role api           the HTTP API and the agency channel (stateless; run many)
 *   serve --role worker        outbox, deliveries to agencies, deadlines (run many)
 *   migrate [--down N]         apply (or revert N) schema migrations
 *   seed [--files N]           demo data
 *   verify-audit               recompute the action log's hash chains, check projections and the latest audit checkpoint
 *   anchor-audit [--force]     a signed checkpoint of every stream's head, to the anchor store (the worker does it hourly)
 *   treasury-report [--date D] the treasury's daily reconciliation (Asia/Kuwait day)
 *   backup --out F, restore --from F   the whole database (pg_dump / PGlite dump); restore then verifies
 *   purge-expired              delete operational data past its retention (the worker does it hourly)
 *   serve --role idp           the stand-in national identity provider on IDP_PORT (never in production)
 *   serve --role simulators    the stand-in agencies on SIMULATORS_PORT [--persons file.json] [--seed N] (never in production)
 *   rotate-idp-key, retire-idp-key --kid K, list-idp-keys, verify-signature --proof P --issuer I
 *   rotate-hub-key, retire-hub-key --kid K, list-hub-keys   the agency channel's signing keys
 *   agency-conformance         the conformance kit: play the hub against an agency's endpoint, or an agency against a hub
 */
import { systemClock } from "../app/clock.ts";
import { defaultDepartmentSettings, makeDeps, type AppDeps } from "../app/deps.ts";
import { paymentServicesFor, startPaymentStandIn } from "../payments/runtime.ts";
import { paymentJobsFor } from "../jobs/payment-jobs.ts";
import { loadConfig, type Config } from "../config.ts";
import { buildHttpApp } from "../http/app.ts";
import { documentServicesFor } from "../documents/services.ts";
import { createLogger } from "../logger.ts";
import { logDestination, resolveLogFormat } from "../log-format.ts";
import { printBanner } from "./banner.ts";
import { startAdminSocket, type AdminSocket } from "./admin-socket.ts";
import { startHealthServer } from "./health-server.ts";
import type { Logger } from "pino";
import { DataDirLockedError } from "../storage/data-dir-lock.ts";
import { openDatabase, pgliteExtensions, pgliteScriptConnection, pgScriptConnection, type Database } from "../storage/database.ts";
import { migrateDown, migrateUp } from "../storage/migrator.ts";
import { schemaIsCurrent } from "../storage/readiness.ts";
import { purgeExpired } from "../storage/retention.ts";
import { integerFlag, parseArgs, type ParsedArgs } from "./args.ts";
import { agencyDirectoryFrom, createHub, type Hub } from "./hub-runtime.ts";
import { noticeRuntime } from "../notices/runtime.ts";
import { restoreCommand } from "./backup-commands.ts";
import { backupCommand, verifyAuditCommand } from "./audit-commands.ts";
import { treasuryReportCommand } from "./treasury-commands.ts";
import { anchorAuditCommand, checkAnchors, startAnchoringFor } from "./anchor-commands.ts";
import { listHubKeys, retireHubKeyCommand, rotateHubKeyCommand } from "./hub-key-commands.ts";
import { listIdpKeys, retireIdpKey, rotateIdpKey, verifySignature } from "./identity-commands.ts";
import { buildIdpApp } from "../http/idp-app.ts";
import type { IdentityOptions } from "../identity/runtime.ts";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "../storage/data-dir-lock.ts";
import { PROTOCOL_VERSION } from "../domain/exchange/messages.ts";
import { TANFEETH_VERSION } from "../version.ts";

const roles = ["api", "worker", "idp", "simulators"] as const;

const usage = `usage: tanfeeth <command>
  start [--files N]         run everything on embedded PGlite (./data), with demo data
                            (N files on a first start, default 220)
  serve --role <role>       run one role: ${roles.join(", ")}
  migrate [--down N]        apply pending migrations, or revert the last N
  seed [--files N] [--bulk] load demo data (default 220 files); above 5,000 files (or --bulk) the fast set-based seeder
  verify-audit              check the action log's hash chains, the projections and the latest audit checkpoint
  anchor-audit [--force]    write a signed checkpoint of every stream's head to the anchor store now
  treasury-report [--date YYYY-MM-DD] [--json]   the treasury's reconciliation for a Kuwait day (exit 1 if a check fails)
  backup --out FILE         back up the whole database (pg_dump custom format, or a PGlite dump)
  restore --from FILE       restore a backup into an EMPTY database, then run verify-audit
  purge-expired             delete sessions, approvals and tokens past retention (docs/operations.md)
  rotate-idp-key            the stand-in identity provider: add a signing key (old ones stay published)
  retire-idp-key --kid K    stop publishing an old signing key
  list-idp-keys             the stand-in's signing keys
  rotate-hub-key            the agency channel: add a hub signing key (published now, signs after an hour)
  retire-hub-key --kid K    stop publishing an old hub key (never the last one)
  list-hub-keys             the hub's signing keys
  verify-signature --proof JWS --issuer URL [--jwks URL]   verify a signing proof with the provider's keys
  agency-conformance --agency ID --endpoint URL --jwks URL | --hub URL --agency ID --key FILE
                            the conformance kit: play the hub against an agency, or an agency against a hub (docs/agency-onboarding.md)
  --version                 the release (CHANGELOG.md), the agency protocol's version and Node's`;

/** The process's logger: JSON lines, or pretty ones on a terminal (LOG_FORMAT). */
function processLogger(config: Config) {
  return createLogger(config.logLevel, logDestination(resolveLogFormat(config.logFormat)));
}

/**
 * On PGlite, the administrator's socket through which verify-audit and backup reach this
 * process (src/cli/admin-socket.ts). Without it the system still runs; those two then
 * need it stopped.
 */
async function adminSocketFor(config: Config, database: Database, logger: Logger): Promise<AdminSocket | null> {
  if (database.kind !== "pglite") return null;
  try {
    return await startAdminSocket({ dataDir: config.dataDir, database, logger, anchorCheck: (db) => checkAnchors(config, db) });
  } catch (error) {
    logger.error({ err: error }, "no admin socket: verify-audit and backup will need this process stopped");
    return null;
  }
}

function open(config: Config, migrate: boolean): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, migrate, poolSize: config.poolSize });
}

interface ApiExtras {
  /** The agency exchange: its channel is served by the API; its worker runs in this process when `runWorker`. */
  hub?: Hub;
  runWorker?: boolean;
  /** With the worker: its periodic audit checkpoints. */
  anchoring?: boolean;
  /** Stopped after the API on shutdown (e.g. the in-process stand-in agencies). */
  alsoClose?: () => Promise<unknown>;
  onListening?: (url: string) => void;
}

/** The hub's exchange with agencies, from configuration (stand-ins at `simulatorsUrl` unless a directory file is given). */
async function hubFor(config: Config, database: Database, simulatorsUrl?: string, noticeStandInsUrl?: string): Promise<Hub> {
  const deps = appDeps(config, database);
  const directory = await agencyDirectoryFrom(config.agencies, simulatorsUrl, { requireThumbprints: config.production });
  // Electronic notices: the configured channels (stand-ins for the app and SMS under `start`).
  const notices = noticeRuntime(config.notices, () => systemClock.now(), noticeStandInsUrl);
  const logger = processLogger(config);
  // The stand-ins answer in seconds: a silent order is asked about after 10 s unless configured.
  const standIns = simulatorsUrl !== undefined || config.agencies.simulatorsUrl !== undefined;
  const agencies = { ...config.agencies, statusQuerySeconds: config.agencies.statusQuerySeconds ?? (standIns ? 10 : undefined) };
  return createHub(deps, agencies, directory, logger, { channels: notices.channels, policy: notices.policy }, paymentJobsFor(config, deps, logger));
}

/** The use cases' deps from configuration: the treasury account, fees before dispatch, the payment gateway. */
function appDeps(config: Config, database: Database): AppDeps {
  const deps = makeDeps(database.db, systemClock, {
    ...defaultDepartmentSettings,
    ...(config.agencies.treasuryIban ? { treasuryIban: config.agencies.treasuryIban } : {}),
    feesBeforeDispatch: config.payments.feesBeforeDispatch,
  });
  const payments = paymentServicesFor(config);
  return payments ? { ...deps, payments } : deps;
}

async function serveApi(config: Config, database: Database, extras: ApiExtras = {}) {
  const logger = processLogger(config);
  const deps = appDeps(config, database);
  const documents = documentServicesFor({ ...config.documents, publicUrl: config.documents.publicUrl ?? config.identity.publicUrl });
  // Uploaded PDFs are read by qpdf: without it, stop now rather than at the first upload.
  logger.info({ qpdf: await documents.pdfReader.check() }, "PDF inspection ready");
  // Issued PDFs are signed with the department's key: a key that cannot be read, or is not its certificate's, stops the start.
  const signing = await documents.signer.certificate();
  logger.info({ subject: signing.subject, fingerprintSha256: signing.fingerprintSha256, validTo: signing.validTo.toISOString() }, "PDF signing ready");
  const app = await buildHttpApp({
    deps,
    logger,
    secureCookies: config.secureCookies,
    readiness: () => schemaIsCurrent(database.db),
    identity: identityOptions(config),
    // The stand-in provider's sign-in page offers the demo accounts (development only).
    ...(identityOptions(config).standIn ? { demoAccounts: Object.values((await import("../seed/demo.ts")).demoAccounts) } : {}),
    ...(extras.hub ? { agencyChannel: { ...extras.hub.channel, limits: { ...config.agencyRateLimit, timeWindowMs: 60_000 } } } : {}),
    metrics: config.metrics,
    apiRateLimit: { max: config.apiRateLimitPerMinute },
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    documents,
  });
  await app.listen({ port: config.port, host: config.host });
  const adminSocket = await adminSocketFor(config, database, logger);
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  if (extras.runWorker) extras.hub?.worker.start();
  const anchoring = extras.runWorker && extras.anchoring ? startAnchoringFor(config, database, logger) : null;
  extras.onListening?.(url);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await anchoring?.stop();
    await extras.hub?.worker.stop();
    await adminSocket?.close();
    await app.close();
    await extras.alsoClose?.();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return url;
}

/** The worker role: outbox, deliveries to agencies, deadlines. Many may run side by side. */
async function serveWorker(config: Config, database: Database) {
  const hub = await hubFor(config, database);
  hub.worker.start();
  const logger = processLogger(config);
  const anchoring = startAnchoringFor(config, database, logger);
  const adminSocket = await adminSocketFor(config, database, logger);
  const health = config.healthPort === undefined ? null : await startHealthServer({ port: config.healthPort, host: config.host, readiness: () => schemaIsCurrent(database.db) });
  printBanner({ headline: `tanfeeth worker running (${TANFEETH_VERSION}, Node ${process.versions.node})${health ? `; health: ${health.url}/healthz, ${health.url}/readyz` : ""}` }, resolveLogFormat(config.logFormat));
  const stop = async () => {
    await anchoring?.stop();
    await hub.worker.stop();
    await health?.close();
    await adminSocket?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function start(config: Config, args: ParsedArgs) {
  const database = await open(config, true);
  const { isDatabaseEmpty, seedDemo, DEFAULT_DEMO_FILES } = await import("../seed/demo.ts");
  if (await isDatabaseEmpty(database.db)) {
    printBanner({ headline: "tanfeeth: empty database, loading demo data ..." }, resolveLogFormat(config.logFormat));
    // The demo's size on a first start (a small laptop, a quick look): `start --files N`.
    const summary = await seedDemo(makeDeps(database.db, systemClock), { files: integerFlag(args, "files", DEFAULT_DEMO_FILES) });
    printBanner({ headline: `tanfeeth: ${summary.files} files, ${summary.persons} persons, ${summary.companies} companies` }, resolveLogFormat(config.logFormat));
  }
  // The stand-in agencies, in this process but on their own port and over real HTTP.
  const { createSimulatorServer } = await import("../agencies/simulators/index.ts");
  const persons = await database.db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"]).execute();
  const simulators = await createSimulatorServer({
    ...(config.agencies.standInsStateDir ? { stateDir: config.agencies.standInsStateDir } : {}),
    persons: persons.map((row) => ({ civilId: row.civil_id, nameAr: row.name_ar, nameEn: row.name_en, nationality: row.nationality, email: row.email, phone: row.phone })),
  });
  const simulatorsUrl = await simulators.listen({ port: config.agencies.simulatorsPort, host: config.host });
  // The stand-in mobile ID app server and SMS gateway that notices go through.
  const { createNoticeStandIns } = await import("../notices/standins/server.ts");
  const noticeStandIns = createNoticeStandIns();
  const noticeStandInsUrl = await noticeStandIns.app.listen({ port: config.notices.standInsPort, host: config.host });
  // The stand-in card gateway (KNET-style hosted payment page) for fees and debtors' payments.
  const payments = config.payments.standIn ? await startPaymentStandIn(config) : null;
  const hub = await hubFor(config, database, simulatorsUrl, noticeStandInsUrl);
  await serveApi(config, database, {
    hub,
    runWorker: true,
    anchoring: true,
    alsoClose: () => Promise.all([simulators.close(), noticeStandIns.app.close(), payments?.standIn.close()]),
    onListening: (url) => {
      simulators.setHubUrl(config.agencies.hubUrl ?? url);
      printBanner(
        {
          headline: `tanfeeth is running: ${url}  (${TANFEETH_VERSION}, Node ${process.versions.node})`,
          entries: [
            { label: "web app", url: `${url}/app/`, note: "Arabic by default, English one click away; demo accounts listed there" },
            { label: "portal", url: `${url}/`, note: 'sign in with the mobile ID (README "Sign in")' },
            { label: "phone", url: `${url}/idp/phone`, note: "the simulated phone: approve sign-ins and signatures" },
            { label: "API docs", url: `${url}/api/docs` },
            { label: "readiness", url: `${url}/readyz` },
            { label: "agencies", url: `${simulatorsUrl}/control/agencies`, note: "stand-in banks, traffic, ports, civil information, clearing" },
            { label: "notices", url: `${noticeStandInsUrl}/mobile-id/inbox/<civil ID>`, note: "stand-in mobile ID app inbox; SMS gateway on the same port" },
            ...(payments ? [{ label: "payments", url: `${payments.url}/control/payments`, note: "stand-in KNET gateway; test card 8888880000000001" }] : []),
            { label: "data", url: config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : config.dataDir, ...(config.databaseUrl ? {} : { note: "PGlite; `tanfeeth verify-audit` and `backup` work while this runs" }) },
          ],
          footer: "Press Ctrl-C to stop.",
        },
        resolveLogFormat(config.logFormat),
      );
    },
  });
}

/**
 * The portal's sign-in. The stand-in provider is served by the API process itself unless
 * OIDC_ISSUER points elsewhere (a separate `serve --role idp`, or the national provider).
 */
function identityOptions(config: Config): IdentityOptions {
  const identity = config.identity;
  if (!identity.clientSecret) throw new Error("OIDC_CLIENT_SECRET is required when the stand-in identity provider is off");
  if (!identity.standIn && !identity.issuer) throw new Error("OIDC_ISSUER is required when the stand-in identity provider is off");
  return {
    clientId: identity.clientId,
    clientSecret: identity.clientSecret,
    issuer: identity.issuer,
    publicUrl: identity.publicUrl,
    standIn: identity.standIn && identity.issuer === undefined,
    behindProxy: config.secureCookies,
  };
}

async function serveIdp(config: Config, database: Database) {
  if (!config.identity.standIn) throw new Error("the stand-in identity provider is disabled (TANFEETH_IDP_STANDIN=false)");
  const logger = processLogger(config);
  const issuer = config.identity.issuer ?? `http://${config.host}:${config.identity.idpPort}/idp`;
  const app = await buildIdpApp({
    deps: makeDeps(database.db, systemClock),
    logger,
    identity: {
      clientId: config.identity.clientId,
      clientSecret: config.identity.clientSecret,
      issuer,
      publicUrl: config.identity.publicUrl ?? `http://${config.host}:${config.port}`,
      standIn: true,
      behindProxy: config.secureCookies,
    },
  });
  await app.listen({ port: config.identity.idpPort, host: config.host });
  console.log(`tanfeeth stand-in identity provider: ${issuer} (discovery: ${issuer}/.well-known/openid-configuration, phone: ${issuer}/phone)`);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/**
 * The stand-in agencies (docs/agency-protocol.md section 15), replying to HUB_URL (default:
 * the API's address). The civil-information stand-in knows the persons in --persons, or
 * else those of the hub's PostgreSQL database (a locked PGlite data dir cannot be shared).
 */
async function serveSimulatorsRole(config: Config, args: ParsedArgs) {
  const { serveSimulators } = await import("../agencies/simulators/serve.ts");
  const personsFile = args.flags.get("persons");
  let persons: { civilId: string; nameAr: string; nameEn: string; nationality: string; email: string | null; phone: string | null }[] = [];
  if (typeof personsFile !== "string" && config.databaseUrl) {
    const database = await open(config, false);
    try {
      const rows = await database.db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"]).execute();
      persons = rows.map((row) => ({ civilId: row.civil_id, nameAr: row.name_ar, nameEn: row.name_en, nationality: row.nationality, email: row.email, phone: row.phone }));
    } finally {
      await database.close();
    }
  }
  const hubUrl = config.agencies.hubUrl ?? `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`;
  const simulators = await serveSimulators({
    port: config.agencies.simulatorsPort,
    host: config.host,
    hubUrl,
    seed: integerFlag(args, "seed", 1980),
    ...(config.agencies.standInsStateDir ? { stateDir: config.agencies.standInsStateDir } : {}),
    persons,
    ...(typeof personsFile === "string" ? { personsFile } : {}),
  });
  console.log(`tanfeeth stand-in agencies: ${simulators.url}/agencies/... (hub: ${hubUrl}; control: ${simulators.url}/control/agencies; ${simulators.civilInfo.size} persons)`);
  // The stand-in card gateway beside them (the hub reaches it at PAYMENTS_STANDIN_URL).
  const payments = config.payments.standIn ? await startPaymentStandIn(config) : null;
  if (payments) console.log(`tanfeeth stand-in payment gateway: ${payments.url}/gateway/v1 (hosted page ${payments.url}/pay/..., control: ${payments.url}/control/payments)`);
  const stop = async () => {
    await payments?.standIn.close();
    await simulators.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function serve(config: Config, args: ParsedArgs) {
  const role = args.flags.get("role");
  if (role === "simulators") {
    await serveSimulatorsRole(config, args);
    return;
  }
  if (role === "idp") {
    await serveIdp(config, await open(config, false));
    return;
  }
  if (role === "worker") {
    await serveWorker(config, await open(config, false));
    return;
  }
  if (role !== "api") {
    throw new Error(`unknown or unavailable role "${String(role)}"; available roles: ${roles.join(", ")}`);
  }
  const database = await open(config, false);
  await serveApi(config, database, { hub: await hubFor(config, database), onListening: (url) => printBanner({ headline: `tanfeeth api listening on ${url}  (${TANFEETH_VERSION}, Node ${process.versions.node})` }, resolveLogFormat(config.logFormat)) });
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
    const pglite = await PGlite.create(config.dataDir, { extensions: pgliteExtensions });
    try {
      names = await run(pgliteScriptConnection(pglite));
    } finally {
      await pglite.close();
      lock.release();
    }
  }
  console.log(names.length === 0 ? "nothing to do" : `${down > 0 ? "reverted" : "applied"}: ${names.join(", ")}`);
}

const BULK_SEED_ABOVE = 5_000;

async function seed(config: Config, args: ParsedArgs) {
  const database = await open(config, true);
  try {
    const files = integerFlag(args, "files", 220);
    // Past a few thousand files the use-case seeder takes too long: the set-based one (src/seed/bulk-seed.ts).
    if (args.flags.has("bulk") || files > BULK_SEED_ABOVE) {
      const { bulkSeed } = await import("../seed/bulk-seed.ts");
      const summary = await bulkSeed(database.db, { files, parallel: database.kind === "postgres" ? 2 : 1, progress: (written) => process.stderr.write(`\r${written} / ${files} files`) });
      process.stderr.write("\n");
      console.log(`seeded ${summary.files} files, ${summary.procedures} procedures, ${summary.actions} actions in ${summary.seconds.toFixed(1)} s (bulk)`);
      return;
    }
    const { seedDemo } = await import("../seed/demo.ts");
    const started = performance.now();
    const summary = await seedDemo(makeDeps(database.db, systemClock), { files });
    console.log(`seeded ${summary.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

/** verify-audit: directly (the chains, the projections, then the checkpoints), or through the running process on PGlite (audit-commands.ts). */
function verify(config: Config): Promise<number> {
  return verifyAuditCommand(config, (target) => open(target, false), (database) => checkAnchors(config, database));
}

/** The commands and roles that run stand-ins (development and tests only), whatever switch is set. */
function refuseStandInsInProduction(config: Config, args: ParsedArgs): void {
  if (!config.production) return;
  const role = args.flags.get("role");
  const standIn =
    args.command === "start"
      ? "`start` runs the stand-in identity provider, agencies, notice channels and card gateway"
      : args.command === "serve" && role === "idp"
        ? "the stand-in identity provider lets anyone approve anyone's sign-in"
        : args.command === "serve" && role === "simulators"
          ? "the stand-in agencies and card gateway answer with development keys"
          : null;
  if (standIn) throw new Error(`refusing to run with NODE_ENV=production: ${standIn}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  // The version needs no configuration (an image asked `--version` has no secrets yet).
  if (args.command === "--version" || args.command === "version") {
    console.log(`tanfeeth ${TANFEETH_VERSION} (agency protocol ${PROTOCOL_VERSION}, node ${process.versions.node})`);
    return 0;
  }
  // The conformance kit runs from a bank's own machine: no database, no configuration.
  if (args.command === "agency-conformance") {
    const { agencyConformanceCommand } = await import("./conformance-command.ts");
    return agencyConformanceCommand(args);
  }
  const config = loadConfig();
  refuseStandInsInProduction(config, args);
  switch (args.command) {
    case "start":
      await start(config, args);
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
    case "anchor-audit": {
      const database = await open(config, false);
      try {
        return await anchorAuditCommand(config, database, args);
      } finally {
        await database.close();
      }
    }
    case "treasury-report": {
      const database = await open(config, false);
      try {
        return await treasuryReportCommand(database, args);
      } finally {
        await database.close();
      }
    }
    case "backup":
      return backupCommand(config, args);
    case "restore":
      return restoreCommand(config, args, verify);
    case "purge-expired": {
      const database = await open(config, false);
      try {
        const purged = await purgeExpired(database.db, new Date());
        for (const [table, count] of Object.entries(purged)) console.log(`${table.padEnd(22)} ${count} purged`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case "rotate-hub-key":
    case "retire-hub-key":
    case "list-hub-keys": {
      const database = await open(config, false);
      try {
        if (args.command === "rotate-hub-key") return await rotateHubKeyCommand(database);
        if (args.command === "retire-hub-key") return await retireHubKeyCommand(database, args);
        return await listHubKeys(database);
      } finally {
        await database.close();
      }
    }
    case "rotate-idp-key":
    case "retire-idp-key":
    case "list-idp-keys": {
      const database = await open(config, false);
      try {
        if (args.command === "rotate-idp-key") return await rotateIdpKey(database);
        if (args.command === "retire-idp-key") return await retireIdpKey(database, args);
        return await listIdpKeys(database);
      } finally {
        await database.close();
      }
    }
    case "verify-signature":
      return verifySignature(args);
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
