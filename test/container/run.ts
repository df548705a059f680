/**
 * `npm run test:container` (issue 22): the container image and the Kubernetes manifests,
 * end to end, on this machine, with no image registry:
 *   1. a local base image from Debian packages (mmdebstrap, `podman import`), with Node 24
 *      copied in from the npm registry's `node` package and npm from its `npm` package —
 *      standing in for the official node:24 image the Containerfile defaults to;
 *   2. the image, built by podman from the Containerfile (BASE_IMAGE = that local base);
 *   3. the manifests in deploy/kubernetes, run by `podman kube play` against the machine's
 *      PostgreSQL (127.0.0.1:5432, a new database): the migration Job (as a Pod: podman
 *      plays no Jobs), then the ConfigMaps, the Secret and the api and worker Deployments,
 *      with test values in the ConfigMap and Secret (stand-in identity provider, stand-in
 *      agencies run from this checkout) and host networking (PostgreSQL listens on loopback);
 *   4. waits for /readyz of the API and of the worker;
 *   5. one signed request end to end through the container: a creditor's bank attachment,
 *      signed on the stand-in's simulated phone, submitted to the API; and the worker
 *      container's signed orders answered by the stand-in banks (signed batches back to
 *      the API container), checked in PostgreSQL;
 *   6. tears everything down (pods, secret, database, stand-ins); the images stay as a cache.
 * Where podman's defaults cannot run a container here, it says why and uses what works.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseAllDocuments, stringify } from "yaml";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { TANFEETH_VERSION } from "../../src/version.ts";
import { freePort } from "../support/private-postgres.ts";

const repo = path.resolve(import.meta.dirname, "../..");
const work = path.join(repo, ".tmp", "container");
const image = `localhost/tanfeeth:${TANFEETH_VERSION}`;
const debianImage = "localhost/tanfeeth-test-debian:bookworm";
const baseImage = "localhost/tanfeeth-test-node:24";
const postgresUrl = process.env.CONTAINER_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";
const started = performance.now();
const cleanups: (() => Promise<void> | void)[] = [];
let podmanEnv: NodeJS.ProcessEnv = process.env;

function say(text: string) {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
}

/** Runs a command to its end; throws with its output when it fails (unless `allowFailure`). */
function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean; cwd?: string; timeoutMs?: number } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? repo, env: options.env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 20 * 60_000 });
  // Without systemd podman cannot schedule health checks and says so on every start: not this test's concern.
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(/^.*unable to get systemd connection to (add|start) healthchecks.*\n/gm, "");
  if (!options.allowFailure && result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${output.slice(-4000)}`);
  return { status: result.status, output };
}

const podman = (args: string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}) => run("podman", args, { ...options, env: podmanEnv });
const imageExists = (name: string) => podman(["image", "exists", name], { allowFailure: true }).status === 0;

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).map((line) => `      ${line}`).join("\n");
}

/** Debian bookworm, minimal, as an image (cached: .tmp/container/debian-bookworm.tar). */
function debianBase() {
  if (imageExists(debianImage)) return say(`local Debian base: ${debianImage} (cached)`);
  const tar = path.join(work, "debian-bookworm.tar");
  if (!existsSync(tar)) {
    if (spawnSync("mmdebstrap", ["--version"]).status !== 0) {
      say("installing mmdebstrap (Debian package)");
      run("apt-get", ["install", "-y", "mmdebstrap"]);
    }
    say("mmdebstrap: Debian bookworm (minbase, ca-certificates) ...");
    run("mmdebstrap", ["--variant=minbase", "--format=tar", "--include=ca-certificates", "bookworm", `${tar}.partial`]);
    run("mv", [`${tar}.partial`, tar]);
  }
  podman(["import", tar, debianImage]);
  say(`local Debian base: ${debianImage} (podman import of ${path.relative(repo, tar)})`);
}

/** The stand-in for node:24: the Debian base, Node 24 and npm from the npm registry, a `node` user (uid 1000). */
function nodeBase() {
  if (imageExists(baseImage)) return say(`local Node 24 base: ${baseImage} (cached)`);
  const tools = path.join(work, "tools");
  mkdirSync(tools, { recursive: true });
  writeFileSync(path.join(tools, "package.json"), '{ "private": true }\n');
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "node@24", "npm@11"], { cwd: tools });
  const context = path.join(work, "base-context");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  copyFileSync(path.join(tools, "node_modules/node/bin/node"), path.join(context, "node"));
  cpSync(path.join(tools, "node_modules/npm"), path.join(context, "npm"), { recursive: true });
  // This machine reaches the npm registry through its own certificate authority: the build's npm ci needs it too.
  copyFileSync("/etc/ssl/certs/ca-certificates.crt", path.join(context, "ca-certificates.crt"));
  writeFileSync(
    path.join(context, "Containerfile"),
    `FROM ${debianImage}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && useradd --uid 1000 --user-group --create-home --shell /bin/bash node \\
 && mkdir -p /usr/local/etc && printf 'cafile=/etc/ssl/certs/ca-certificates.crt\\n' > /usr/local/etc/npmrc \\
 && node --version && npm --version
`,
  );
  podman(["build", "--network", "host", "--format", "docker", "-t", baseImage, context]);
  say(`local Node 24 base: ${baseImage} (${podman(["run", "--rm", baseImage, "node", "--version"]).output.trim()})`);
}

/**
 * Can podman run a container with its defaults here? If not, say why and use what works:
 * this machine's sandbox refuses the RLIMIT_NPROC podman asks for (crun and runc alike)
 * and has cgroups in hybrid mode with a controller on the v2 side, which crun 1.8 refuses;
 * runc with lower ulimits runs.
 */
function choosePodmanSettings() {
  const probe = podman(["run", "--rm", debianImage, "true"], { allowFailure: true });
  if (probe.status === 0) return say("podman runs containers with its defaults");
  say(`podman with its defaults cannot run a container here:\n${lastLines(probe.output, 2)}`);
  const conf = path.join(work, "containers.conf");
  writeFileSync(conf, '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n\n[engine]\nruntime = "runc"\n');
  if (spawnSync("runc", ["--version"]).status !== 0) {
    say("installing runc (Debian package)");
    run("apt-get", ["install", "-y", "runc"]);
  }
  podmanEnv = { ...process.env, CONTAINERS_CONF: conf };
  const retry = podman(["run", "--rm", debianImage, "true"], { allowFailure: true });
  if (retry.status !== 0) throw new Error(`podman cannot run a container here, even with runc and lower ulimits:\n${retry.output}`);
  say(`using ${path.relative(repo, conf)}: runtime runc, ulimits nofile=20000 nproc=32768 — a container runs`);
}

function buildImage() {
  say(`podman build -f Containerfile --build-arg BASE_IMAGE=${baseImage} -t ${image} ...`);
  const built = podman(["build", "--network", "host", "--format", "docker", "--build-arg", `BASE_IMAGE=${baseImage}`, "-t", image, "-f", "Containerfile", "."]);
  say(`image built:\n${lastLines(built.output, 3)}`);
  const inspect = JSON.parse(podman(["image", "inspect", image]).output) as { Size: number; Config: { User: string; Entrypoint: string[]; Cmd: string[] }; Healthcheck?: { Test: string[] } }[];
  const config = inspect[0]!.Config;
  say(`image ${image}: ${(inspect[0]!.Size / 1e6).toFixed(0)} MB, user ${config.User}, entrypoint ${config.Entrypoint.join(" ")}, cmd ${config.Cmd.join(" ")}, healthcheck ${inspect[0]!.Healthcheck?.Test.join(" ") ?? "none"}`);
  say(`in the image: ${podman(["run", "--rm", "--read-only", "--tmpfs", "/tmp", image, "--version"]).output.trim()}`);
  // The image runs with NODE_ENV=production: without its secrets, or with a stand-in switched on, it refuses to serve.
  const refused = podman(["run", "--rm", "--read-only", "--tmpfs", "/tmp", "-e", "TANFEETH_IDP_STANDIN=true", image, "serve", "--role", "api"], { allowFailure: true });
  if (refused.status === 0 || !/refusing to run with NODE_ENV=production/.test(refused.output)) throw new Error(`the image served in production without its secrets:\n${refused.output}`);
  say(`production guard in the image: ${lastLines(refused.output, 1).trim()}`);
}

type Doc = { kind: string; metadata: { name: string }; [key: string]: unknown };
type Probe = { httpGet?: { path: string; port: string | number } };
type PodSpec = {
  containers: ({ name: string; image: string; env?: { name: string; value?: string }[]; ports?: { name: string; containerPort: number }[] } & Partial<Record<"startupProbe" | "livenessProbe" | "readinessProbe", Probe>>)[];
  restartPolicy?: string;
};

function loadManifests(): Doc[] {
  const directory = path.join(repo, "deploy/kubernetes");
  return readdirSync(directory)
    .filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml")
    .flatMap((file) => parseAllDocuments(readFileSync(path.join(directory, file), "utf8")).map((doc) => doc.toJS() as Doc));
}

/** The manifests with this test's values; the pods' specs as written, but for image, replicas and ports. */
function testManifests(options: { databaseUrl: string; apiPort: number; healthPort: number; simulatorsUrl: string }) {
  const docs = loadManifests();
  const api = `http://127.0.0.1:${options.apiPort}`;
  const config = docs.find((doc) => doc.kind === "ConfigMap" && doc.metadata.name === "tanfeeth-config")!;
  const data = config.data as Record<string, string>;
  const production = Object.keys(data);
  config.data = {
    // A staging deployment: production refuses the stand-ins whatever switch is set (issue 16),
    // and this test runs with them. The production guard itself is checked on the image below.
    NODE_ENV: "staging",
    HOST: "127.0.0.1", // host networking: the API on loopback only
    PORT: String(options.apiPort),
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    PUBLIC_URL: api,
    HUB_URL: api,
    TANFEETH_SECURE_COOKIES: "false",
    DATABASE_POOL_SIZE: "4",
    WORKER_CONCURRENCY: "2",
    TANFEETH_IDP_STANDIN: "true",
    AGENCY_SIMULATORS_URL: options.simulatorsUrl,
    DOCUMENTS_STORE: "disk",
    METRICS_ENABLED: "true",
    // No card gateway in this deployment (staging would otherwise wait for the stand-in's): fees are not collected before dispatch.
    FEES_BEFORE_DISPATCH: "false",
  };
  say(`ConfigMap tanfeeth-config: ${production.length} production settings replaced by ${Object.keys(config.data as object).length} test ones (stand-in identity provider and agencies, disk documents)`);
  const secret = docs.find((doc) => doc.kind === "Secret")!;
  secret.stringData = { DATABASE_URL: options.databaseUrl, MIGRATION_DATABASE_URL: options.databaseUrl };
  const pods: Doc[] = [];
  let migrate: Doc | undefined;
  for (const doc of docs) {
    const template = (doc.spec as { template?: { metadata: unknown; spec: PodSpec } } | undefined)?.template;
    if (!template) continue;
    for (const container of template.spec.containers) {
      container.image = image;
      if (container.name === "worker") container.env = (container.env ?? []).map((entry) => (entry.name === "HEALTH_PORT" ? { ...entry, value: String(options.healthPort) } : entry));
      // Host networking publishes nothing: the ports by number, for the probes.
      const port = container.name === "worker" ? options.healthPort : options.apiPort;
      delete container.ports;
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"] as const) {
        if (container[probe]?.httpGet) container[probe].httpGet.port = port;
      }
    }
    if (doc.kind === "Job") {
      // podman kube play plays no Jobs: the Job's pod, as a Pod.
      migrate = { apiVersion: "v1", kind: "Pod", metadata: { name: doc.metadata.name, ...(template.metadata as object) }, spec: template.spec };
    } else {
      (doc.spec as { replicas: number }).replicas = 1;
      pods.push(doc);
    }
  }
  // podman 4.3's kube play reads a Secret from a podman secret holding a JSON object of
  // base64 values (a Secret in the YAML it stores, but cannot read back): made so here.
  const secretFile = path.join(work, "secret.json");
  const stringData = secret.stringData as Record<string, string>;
  writeFileSync(secretFile, JSON.stringify(Object.fromEntries(Object.entries(stringData).map(([key, value]) => [key, Buffer.from(value).toString("base64")]))), { mode: 0o600 });
  const settings = docs.filter((doc) => doc.kind === "ConfigMap");
  const services = docs.filter((doc) => doc.kind === "Service");
  const write = (name: string, list: Doc[]) => {
    const file = path.join(work, name);
    writeFileSync(file, list.map((doc) => stringify(doc)).join("---\n"));
    return file;
  };
  return { secret: secretFile, migrate: write("migrate.yaml", [...settings, migrate!]), system: write("system.yaml", [...settings, ...pods, ...services]) };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function createDatabase(): Promise<string> {
  const name = `tanfeeth_container_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A pod's container's exit code, once it has exited. */
async function exitCodeOf(container: string, timeoutMs: number): Promise<number> {
  let code = -1;
  await waitFor(`${container} to finish`, async () => {
    const state = podman(["inspect", container, "--format", "{{.State.Status}} {{.State.ExitCode}}"], { allowFailure: true }).output.trim();
    const [status, exit] = state.split(" ");
    if (status !== "exited") return false;
    code = Number(exit);
    return true;
  }, timeoutMs);
  return code;
}

async function main() {
  mkdirSync(work, { recursive: true });
  say(`podman ${podman(["version", "--format", "{{.Client.Version}}"]).output.trim()}, running as uid ${process.getuid?.()}`);
  debianBase();
  choosePodmanSettings();
  nodeBase();
  buildImage();

  const databaseUrl = await createDatabase();
  say(`PostgreSQL: a new database ${new URL(databaseUrl).pathname.slice(1)} on 127.0.0.1:5432`);
  const [apiPort, healthPort, simulatorsPort, paymentsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const manifests = testManifests({ databaseUrl, apiPort, healthPort, simulatorsUrl: `http://127.0.0.1:${simulatorsPort}` });
  cleanups.push(() => {
    podman(["kube", "down", manifests.system], { allowFailure: true });
    podman(["kube", "down", manifests.migrate], { allowFailure: true });
    podman(["secret", "rm", "tanfeeth-secrets"], { allowFailure: true });
  });

  podman(["secret", "rm", "tanfeeth-secrets"], { allowFailure: true });
  podman(["secret", "create", "tanfeeth-secrets", manifests.secret]);
  say("Secret tanfeeth-secrets: created from the manifest's Secret (podman secret create: podman 4.3 reads kube secrets so)");

  // 1. The migration Job.
  say("podman kube play: the migration Job (as a Pod) ...");
  podman(["kube", "play", "--network", "host", manifests.migrate]);
  const migrateCode = await exitCodeOf("tanfeeth-migrate-migrate", 180_000);
  say(`migration: exit ${migrateCode}\n${lastLines(podman(["logs", "tanfeeth-migrate-migrate"]).output, 2)}`);
  if (migrateCode !== 0) throw new Error("the migration Job failed");
  podman(["kube", "down", manifests.migrate]);

  // Demo data, with the same image (a one-off, as an operator would run it).
  say("demo data: podman run the image `seed --files 12` ...");
  const seeded = podman(["run", "--rm", "--network", "host", "--read-only", "--tmpfs", "/tmp", "-e", "NODE_ENV=staging", "-e", `DATABASE_URL=${databaseUrl}`, image, "seed", "--files", "12"]);
  say(`seeded: ${seeded.output.trim().split("\n").at(-1)}`);

  // The stand-in agencies (never part of a deployment), from this checkout, replying to the API container.
  const simulators = spawn(process.execPath, [path.join(repo, "bin/tanfeeth.js"), "serve", "--role", "simulators"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SIMULATORS_PORT: String(simulatorsPort), PAYMENTS_STANDIN_PORT: String(paymentsPort), HUB_URL: `http://127.0.0.1:${apiPort}`, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  cleanups.push(() => void simulators.kill("SIGTERM"));
  await waitFor("the stand-in agencies", async () => (await fetch(`http://127.0.0.1:${simulatorsPort}/control/agencies`)).ok, 240_000);
  say(`stand-in agencies on 127.0.0.1:${simulatorsPort} (this checkout, outside the containers)`);

  // 2. The system.
  say("podman kube play: ConfigMaps, Secret, api and worker Deployments ...");
  const played = podman(["kube", "play", "--network", "host", manifests.system]);
  say(`played:\n${lastLines(played.output, 6)}`);
  await waitFor("the API's /readyz", async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`)).status === 200, 240_000).catch((error: unknown) => {
    // What the containers said, before the teardown removes them.
    const names = podman(["ps", "-a", "--format", "{{.Names}}"], { allowFailure: true }).output.split("\n").filter((name) => name.startsWith("tanfeeth"));
    for (const name of names) say(`logs of ${name}:\n${lastLines(podman(["logs", name], { allowFailure: true }).output, 8)}`);
    throw error;
  });
  say(`API /readyz: ${await (await fetch(`http://127.0.0.1:${apiPort}/readyz`)).text()}`);
  await waitFor("the worker's /readyz", async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status === 200, 120_000);
  say(`worker /readyz (HEALTH_PORT): ${await (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).text()}`);
  for (const container of podman(["ps", "--format", "{{.Names}}", "--filter", "label=app.kubernetes.io/name=tanfeeth"]).output.trim().split("\n")) {
    say(`  ${container}: ${podman(["inspect", container, "--format", "user {{.Config.User}}, read-only root {{.HostConfig.ReadonlyRootfs}}, {{.State.Status}}"]).output.trim()}`);
  }

  // 3. One signed request end to end.
  const api = `http://127.0.0.1:${apiPort}`;
  const creditor = "278031412039";
  const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
  cleanups.push(() => database.close());
  const session = await createSession(database.db, creditor, new Date());
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${api}${url}`, {
      method,
      headers: { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };
  const files = await call("GET", "/api/v1/files");
  const items = ((files.body?.items ?? files.body?.files ?? []) as { id: string }[]);
  if (files.status !== 200 || items.length === 0) throw new Error(`the creditor's files: ${files.status} ${JSON.stringify(files.body).slice(0, 300)}`);
  let target: { fileId: string; debtorPartyId: string } | undefined;
  for (const item of items) {
    const detail = await call("GET", `/api/v1/files/${item.id}`);
    const debtor = (detail.body?.parties as { id: string; party_role?: string; role?: string }[] | undefined)?.find((party) => (party.party_role ?? party.role) === "debtor");
    if (detail.status === 200 && debtor) {
      target = { fileId: item.id, debtorPartyId: debtor.id };
      break;
    }
  }
  if (!target) throw new Error("no file of the creditor's with a debtor");
  const request = { kind: "bank_attachment", debtorPartyId: target.debtorPartyId, amount: "125.000", banks: ["NBOK"] };
  const signing = await call("POST", "/api/v1/signing-requests", { purpose: "procedure.request", fileId: target.fileId, request });
  if (signing.status !== 201) throw new Error(`signing request: ${signing.status} ${JSON.stringify(signing.body)}`);
  const { id: signingRequestId, digest } = signing.body as { id: string; digest: string };
  say(`signed request: signing request ${signingRequestId} for file ${target.fileId}, digest ${digest.slice(0, 16)}…`);
  const phone = (await (await fetch(`${api}/idp/phone/api/requests?civilId=${creditor}`)).json()) as { requests: { id: string; digest: string | null }[] };
  const pending = phone.requests.find((entry) => entry.digest === digest);
  if (!pending) throw new Error("the signing request did not reach the simulated phone");
  const approved = await fetch(`${api}/idp/phone/api/requests/${pending.id}/approve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ civilId: creditor }) });
  say(`  approved on the simulated phone: ${approved.status}`);
  const submitted = await call("POST", `/api/v1/files/${target.fileId}/procedures`, { ...request, signingRequestId });
  if (submitted.status !== 201) throw new Error(`the signed request: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  say(`  POST /api/v1/files/${target.fileId}/procedures → ${submitted.status}: procedure ${String((submitted.body as { id?: string }).id ?? JSON.stringify(submitted.body).slice(0, 120))}, status ${String((submitted.body as { status?: string }).status ?? "?")}`);
  const proof = await database.db.selectFrom("signing_requests").select(["status"]).where("id", "=", signingRequestId).executeTakeFirst();
  say(`  the signing request in PostgreSQL: ${proof?.status ?? "missing"}`);

  // The worker container's signed orders, answered by the stand-in banks' signed batches to the API container.
  const answered = async () => {
    const rows = await database.db.selectFrom("agency_orders").select(["status", (eb) => eb.fn.countAll<string>().as("count")]).groupBy("status").execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  };
  await waitFor("orders dispatched by the worker and answered by the banks", async () => {
    const counts = await answered();
    return ["acknowledged", "executed", "nothing_found"].some((status) => (counts[status] ?? 0) > 0);
  }, 180_000);
  const procedureId = (submitted.body as { id: string }).id;
  const ours = () => database.db.selectFrom("agency_orders").select(["agency_key", "status"]).where("procedure_id", "=", procedureId).execute();
  await waitFor("the signed request's order to be answered by its bank", async () => {
    const orders = await ours();
    return orders.length > 0 && orders.every((order) => !["pending", "sent"].includes(order.status));
  }, 180_000);
  say(`the signed request's orders: ${(await ours()).map((order) => `${order.agency_key} ${order.status}`).join(", ")} (sent by the worker container, answered by the stand-in bank to the API container)`);
  say(`all agency orders by status: ${JSON.stringify(await answered())}`);
  const batches = await database.db.selectFrom("agency_batches").select(["direction", "outcome", (eb) => eb.fn.countAll<string>().as("count")]).groupBy(["direction", "outcome"]).execute();
  say(`signed agency batches recorded (direction/outcome: count): ${batches.map((row) => `${row.direction}/${row.outcome}: ${row.count}`).join(", ")}`);
  say(`verify-audit in the image: ${podman(["run", "--rm", "--network", "host", "--read-only", "--tmpfs", "/tmp", "-e", "NODE_ENV=staging", "-e", `DATABASE_URL=${databaseUrl}`, image, "verify-audit"]).output.trim().split("\n").filter((line) => !line.startsWith("verify-audit:")).join(" / ")}`);
}

async function teardown() {
  say("tearing down ...");
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`  cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const left = podman(["ps", "-a", "--format", "{{.Names}}", "--filter", "label=app.kubernetes.io/name=tanfeeth"], { allowFailure: true }).output.trim();
  say(left === "" ? "torn down: no tanfeeth pod or container left, secret removed, database dropped" : `left behind: ${left}`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\nFAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await teardown();
}
say(failed ? "test:container FAILED" : "test:container passed");
console.log(failed ? "0 passed, 1 failed" : "1 passed, 0 failed");
process.exit(failed ? 1 : 0);
