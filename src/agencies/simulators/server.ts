/**
 * The stand-in agencies as one real HTTP server (fastify), separate from the hub: every
 * agency under its own base path with its own key, JWKS and /messages endpoint, plus a
 * control API under /control for tests and the demo (state, overrides, faults).
 *
 *   /agencies/bank/<CODE>   the ten commercial banks ("bank:NBOK" ... "bank:DOHB")
 *   /agencies/traffic       traffic department          ("traffic")
 *   /agencies/ports         ports / travel bans         ("ports")
 *   /agencies/civil_info    civil-information authority ("civil_info")
 *   /agencies/clearing      clearing company            ("clearing")
 * Each base path has GET jwks.json and POST messages (docs/agency-protocol.md).
 *
 * Their state is durable when `stateDir` is given (store.ts: a SQLite file of their own, not
 * the hub's database): a restart, even after SIGKILL, resumes with the same keys, orders,
 * holdings, dedupe memory and pending replies. Without it the store is in memory.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { createRemoteJWKSet, type JWK } from "jose";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { commercialBankCodes, isBankCode, type BankCode } from "../../domain/identifiers/index.ts";
import { SIGNING_ALG, type KeyResolver } from "../protocol/envelope.ts";
import { ecThumbprint, generateSigningKeyPair, type KeyPairRecord } from "../protocol/keys.ts";
import {
  HUB_ID,
  HubKeysUnavailableError,
  SimulatedAgency,
  defaultRetryPolicy,
  type AgencyBehaviour,
  type InboundAnswer,
  type RetryPolicy,
  type SimulatorClock,
  type SimulatorRuntime,
} from "./agency.ts";
import { BankBehaviour } from "./bank.ts";
import { CivilInfoBehaviour, personInput, type PersonInput } from "./civil-info.ts";
import { ClearingBehaviour, holdingInput, type Holding } from "./clearing.ts";
import { applyFaults, defaultFaults, faultsPatch, type Faults, type FaultsInput } from "./faults.ts";
import { PortsBehaviour } from "./ports.ts";
import { TrafficBehaviour, type Vehicle } from "./traffic.ts";
import { StandInStore } from "./store.ts";
import type { AgencyContext } from "./agency.ts";
import { vehicle as vehicleSchema } from "../../domain/exchange/messages.ts";

export const DEFAULT_SIMULATOR_SEED = 1980;

export type SimulatedAgencyId = `bank:${BankCode}` | "traffic" | "ports" | "civil_info" | "clearing";

/** Every agency the server hosts, banks first. */
export const simulatedAgencyIds: readonly SimulatedAgencyId[] = [
  ...commercialBankCodes.map((code) => `bank:${code}` as const),
  "traffic",
  "ports",
  "civil_info",
  "clearing",
];

/** The base path of an agency on the simulator server, e.g. "/agencies/bank/NBOK". */
export function agencyBasePath(agencyId: string): string {
  return agencyId.startsWith("bank:") ? `/agencies/bank/${agencyId.slice(5)}` : `/agencies/${agencyId}`;
}

/** Faults by agency id, "bank:*" (every bank) or "*" (every agency); more specific wins. */
export type FaultOptions = Partial<Record<SimulatedAgencyId | "bank:*" | "*", FaultsInput>>;

type Amount = bigint | number | string;

export interface SimulatorServerOptions {
  /** Where the hub is: replies go to <hubUrl>/agency/v1/messages, its keys are at <hubUrl>/agency/v1/jwks.json. */
  hubUrl?: string;
  /** Finds the hub's verification key instead of fetching its JWKS (tests). */
  resolveHubKey?: KeyResolver;
  /** How long fetched hub keys are trusted, and how soon an unknown kid may trigger a refetch. */
  hubJwks?: { cacheMaxAgeMs?: number; cooldownMs?: number; timeoutMs?: number };
  /** Decides every generated account, vehicle and holding, and the failure PRNG. */
  seed?: number;
  /** For sentAt, iat and the replay window check. Timers (delays, retries) use real time. */
  clock?: SimulatorClock;
  /** Signing keys by agency id; the others are generated at start. */
  keys?: Partial<Record<SimulatedAgencyId, KeyPairRecord>>;
  faults?: FaultOptions;
  retry?: Partial<RetryPolicy>;
  /** Timeout of one POST to the hub. */
  sendTimeoutMs?: number;
  /** The civil-information population. */
  persons?: readonly PersonInput[];
  /** Balance overrides: per debtor, per bank, one account with that many fils; banks not named hold nothing. */
  balances?: Record<string, Partial<Record<BankCode, Amount>>>;
  vehicles?: Record<string, readonly Vehicle[]>;
  securities?: Record<string, readonly { symbol: string; quantity: number; value: Amount }[]>;
  /** The base URL the hub should use, when it differs from the listening address (proxy, container). */
  publicUrl?: string;
  /** Where the stand-ins keep their state (standins.sqlite); unset: in memory, lost when the process ends. */
  stateDir?: string;
  logger?: FastifyServerOptions["logger"];
}

export interface AgencyEndpoint {
  /** The party id, named as in the hub's directory file (docs/agency-protocol.md section 15). */
  agencyKey: SimulatedAgencyId;
  /** Give this to postBatch: it POSTs to <endpoint>/messages. */
  endpoint: string;
  messagesUrl: string;
  jwksUrl: string;
  kid: string;
  /** RFC 7638 thumbprints of every key it publishes now (what the hub would pin). */
  thumbprints: string[];
}

/** A stand-in as an entry of the hub's directory file (AGENCY_DIRECTORY_FILE): the file's members only. */
const directoryFileEntry = (entry: AgencyEndpoint) => ({ agencyKey: entry.agencyKey, endpoint: entry.endpoint, jwksUrl: entry.jwksUrl, thumbprints: entry.thumbprints });

export interface SimulatorServer {
  readonly app: FastifyInstance;
  /** The listening URL, once listen() has resolved. */
  readonly url: string | undefined;
  listen(options?: { port?: number; host?: string }): Promise<string>;
  setHubUrl(url: string): void;
  readonly agencyIds: readonly SimulatedAgencyId[];
  agency(id: string): SimulatedAgency;
  bank(code: BankCode): BankBehaviour;
  readonly traffic: TrafficBehaviour;
  readonly ports: PortsBehaviour;
  readonly civilInfo: CivilInfoBehaviour;
  readonly clearing: ClearingBehaviour;
  /** Endpoints and JWKS URLs for the hub's agency configuration (needs listen() or publicUrl). */
  directory(): AgencyEndpoint[];
  publicJwks(agencyId: string): { keys: JWK[] };
  setFaults(target: SimulatedAgencyId | "bank:*" | "*", change: FaultsInput): void;
  /** Money arrives at a bank; standing orders freeze more. Returns how many declarations went out. */
  credit(bankCode: BankCode, debtorId: string, amount: Amount, iban?: string): number;
  /** Replaces a debtor's accounts at every bank: one account per bank named, none elsewhere. */
  setBalances(debtorId: string, balances: Partial<Record<BankCode, Amount>>): void;
  setAccounts(bankCode: BankCode, debtorId: string, accounts: readonly { iban?: string; balance: Amount }[]): void;
  /** Total frozen for a debtor across all banks (standing orders). */
  totalFrozen(debtorId: string): bigint;
  loadPersons(persons: readonly PersonInput[]): number;
  /** Resolves when no agency has an action pending, a send in flight or a reply due (held replies aside). */
  idle(timeoutMs?: number): Promise<void>;
  /** Forgets every order, override, reply and log; faults back to the options; keys kept. */
  reset(): void;
  /** The durable store (its file, or ":memory:"). */
  readonly store: StandInStore;
  close(): Promise<void>;
}

/** A control action that changes an agency's state, as journalled (amounts as strings). */
type ControlAction =
  | { op: "bank.accounts"; bank: BankCode; debtorId: string; accounts: { iban?: string; balance: string }[] }
  | { op: "bank.credit"; bank: BankCode; debtorId: string; amount: string; iban?: string }
  | { op: "traffic.vehicles"; debtorId: string; vehicles: Vehicle[] }
  | { op: "clearing.holdings"; debtorId: string; holdings: { symbol: string; quantity: number; value: string }[] }
  | { op: "civil_info.persons"; persons: PersonInput[] };

class ControlError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(
    statusCode: number,
    code: string,
    message: string,
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

const amountInput = z.union([z.string().regex(/^(0|[1-9][0-9]{0,17})$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).transform((value) => BigInt(value));
const toBigInt = (value: Amount): bigint => (typeof value === "bigint" ? value : amountInput.parse(value));

function faultsFor(options: FaultOptions | undefined, agencyId: SimulatedAgencyId): Faults {
  let faults = defaultFaults;
  if (!options) return faults;
  for (const key of ["*", ...(agencyId.startsWith("bank:") ? ["bank:*"] : []), agencyId] as const) {
    const change = options[key as keyof FaultOptions];
    if (change) faults = applyFaults(faults, change);
  }
  return faults;
}

/** The hub's keys from its published JWKS (jose caches them and refetches on an unknown kid). */
function remoteHubKeys(hubUrl: () => string | undefined, cache: SimulatorServerOptions["hubJwks"]): KeyResolver {
  let current: { url: string; keySet: ReturnType<typeof createRemoteJWKSet> } | undefined;
  return async (issuer, kid) => {
    if (issuer !== HUB_ID) return undefined;
    const hub = hubUrl();
    if (!hub) throw new HubKeysUnavailableError(new Error("no hub URL configured"));
    const url = `${hub.replace(/\/$/, "")}/agency/v1/jwks.json`;
    if (current?.url !== url) {
      current = {
        url,
        keySet: createRemoteJWKSet(new URL(url), {
          cacheMaxAge: cache?.cacheMaxAgeMs ?? 600_000,
          cooldownDuration: cache?.cooldownMs ?? 30_000,
          timeoutDuration: cache?.timeoutMs ?? 5_000,
        }),
      };
    }
    try {
      return await current.keySet({ alg: SIGNING_ALG, kid });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS") return undefined;
      throw new HubKeysUnavailableError(error);
    }
  };
}

export async function createSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const seed = options.seed ?? DEFAULT_SIMULATOR_SEED;
  let hubUrl = options.hubUrl?.replace(/\/$/, "");
  const runtime: SimulatorRuntime = {
    clock: options.clock ?? { now: () => new Date() },
    hubUrl: () => hubUrl,
    resolveHubKey: options.resolveHubKey ?? remoteHubKeys(() => hubUrl, options.hubJwks),
    retry: { ...defaultRetryPolicy, ...options.retry },
    sendTimeoutMs: options.sendTimeoutMs ?? 10_000,
    seed,
  };

  const banks = new Map<BankCode, BankBehaviour>(commercialBankCodes.map((code) => [code, new BankBehaviour(code, seed)]));
  const traffic = new TrafficBehaviour(seed);
  const ports = new PortsBehaviour();
  const civilInfo = new CivilInfoBehaviour(options.persons ?? []);
  const clearing = new ClearingBehaviour(seed);
  const behaviourOf = (id: SimulatedAgencyId): AgencyBehaviour => {
    if (id.startsWith("bank:")) return banks.get(id.slice(5) as BankCode)!;
    return { traffic, ports, civil_info: civilInfo, clearing }[id as "traffic" | "ports" | "civil_info" | "clearing"];
  };

  const store = StandInStore.open(options.stateDir);
  const agencies = new Map<SimulatedAgencyId, SimulatedAgency>();
  for (const id of simulatedAgencyIds) {
    const given = options.keys?.[id];
    let keys = given ? [given] : store.keys(id);
    if (!keys) {
      keys = [await generateSigningKeyPair()];
      store.saveKeys(id, keys);
    }
    agencies.set(id, new SimulatedAgency({ id, basePath: agencyBasePath(id), behaviour: behaviourOf(id), keys, faults: faultsFor(options.faults, id), runtime, store }));
  }

  const agency = (id: string): SimulatedAgency => {
    const found = agencies.get(id as SimulatedAgencyId);
    if (!found) throw new ControlError(404, "UNKNOWN_AGENCY", `no simulated agency "${id}"; agencies: ${simulatedAgencyIds.join(", ")}`);
    return found;
  };
  const bank = (code: string): BankBehaviour => {
    const found = isBankCode(code) ? banks.get(code) : undefined;
    if (!found) throw new ControlError(404, "UNKNOWN_BANK", `no simulated bank "${code}"; banks: ${commercialBankCodes.join(", ")}`);
    return found;
  };

  /** Applies a control action (live, or replayed from the journal after a restart). */
  const applyControl = (action: ControlAction, context: AgencyContext): number => {
    switch (action.op) {
      case "bank.accounts":
        return bank(action.bank).setAccounts(action.debtorId, action.accounts.map((account) => ({ iban: account.iban, balance: BigInt(account.balance) })), context);
      case "bank.credit":
        return bank(action.bank).credit(action.debtorId, BigInt(action.amount), context, action.iban);
      case "traffic.vehicles":
        traffic.setVehicles(action.debtorId, action.vehicles);
        return 0;
      case "clearing.holdings":
        clearing.setHoldings(action.debtorId, action.holdings.map((holding) => ({ ...holding, value: BigInt(holding.value) })));
        return 0;
      case "civil_info.persons":
        return civilInfo.load(action.persons);
    }
  };
  /** A control action through its agency: journalled (durable) unless it is starting data, applied at every start. */
  const control = (agencyId: SimulatedAgencyId, action: ControlAction, journal: boolean): number =>
    journal ? agency(agencyId).control(action, (context) => applyControl(action, context)) : agency(agencyId).act((context) => applyControl(action, context));

  const setAccountsOf = (code: BankCode, debtorId: string, accounts: readonly { iban?: string; balance: Amount }[], journal: boolean) => {
    bank(code);
    control(`bank:${code}`, { op: "bank.accounts", bank: code, debtorId, accounts: accounts.map((account) => ({ ...(account.iban ? { iban: account.iban } : {}), balance: String(toBigInt(account.balance)) })) }, journal);
  };
  const setAccounts = (code: BankCode, debtorId: string, accounts: readonly { iban?: string; balance: Amount }[]) => setAccountsOf(code, debtorId, accounts, true);
  const setBalancesOf = (debtorId: string, balances: Partial<Record<BankCode, Amount>>, journal: boolean) => {
    for (const code of Object.keys(balances)) if (!isBankCode(code) || !banks.has(code)) throw new ControlError(404, "UNKNOWN_BANK", `no simulated bank "${code}"`);
    for (const code of commercialBankCodes) {
      const balance = balances[code];
      setAccountsOf(code, debtorId, balance === undefined ? [] : [{ balance }], journal);
    }
  };
  const setBalances = (debtorId: string, balances: Partial<Record<BankCode, Amount>>) => setBalancesOf(debtorId, balances, true);
  const credit = (code: BankCode, debtorId: string, amount: Amount, iban?: string) => {
    bank(code);
    return control(`bank:${code}`, { op: "bank.credit", bank: code, debtorId, amount: String(toBigInt(amount)), ...(iban ? { iban } : {}) }, true);
  };
  const setVehicles = (debtorId: string, vehicles: readonly Vehicle[]) => void control("traffic", { op: "traffic.vehicles", debtorId, vehicles: [...vehicles] }, true);
  const setHoldings = (debtorId: string, holdings: readonly Holding[]) =>
    void control("clearing", { op: "clearing.holdings", debtorId, holdings: holdings.map((holding) => ({ ...holding, value: String(holding.value) })) }, true);
  const loadPersons = (persons: readonly PersonInput[]) => control("civil_info", { op: "civil_info.persons", persons: [...persons] }, true);
  const setFaults = (target: string, change: FaultsInput) => {
    const ids = target === "*" ? simulatedAgencyIds : target === "bank:*" ? simulatedAgencyIds.filter((id) => id.startsWith("bank:")) : [agency(target).id as SimulatedAgencyId];
    faultsPatch.parse(change);
    for (const id of ids) agencies.get(id)!.setFaults(change);
  };
  const totalFrozen = (debtorId: string) => [...banks.values()].reduce((total, behaviour) => total + behaviour.totalFrozenFor(debtorId), 0n);

  const applyStartingData = () => {
    for (const [debtorId, balances] of Object.entries(options.balances ?? {})) setBalancesOf(debtorId, balances, false);
    for (const [debtorId, vehicles] of Object.entries(options.vehicles ?? {})) traffic.setVehicles(debtorId, vehicles);
    for (const [debtorId, holdings] of Object.entries(options.securities ?? {})) {
      clearing.setHoldings(debtorId, holdings.map((holding) => ({ ...holding, value: toBigInt(holding.value) })));
    }
  };
  applyStartingData();

  // A restart: the journal rebuilds what the agencies hold, then each resumes its work.
  for (const row of store.journal()) {
    const target = agencies.get(row.agency as SimulatedAgencyId);
    if (!target) continue;
    if (row.kind === "message") target.replay(row);
    else {
      try {
        applyControl(JSON.parse(row.body) as ControlAction, target.replayContext(row));
      } catch {
        // It failed the first time too: nothing was changed then either.
      }
    }
  }
  for (const simulated of agencies.values()) simulated.resume();

  // ---- HTTP -------------------------------------------------------------------------------

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 8 * 1024 * 1024 });
  app.addContentTypeParser("application/jose", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ControlError) return reply.status(error.statusCode).send({ code: error.code, message: error.message });
    if (error instanceof z.ZodError) return reply.status(400).send({ code: "VALIDATION_FAILED", message: z.prettifyError(error) });
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 415) return reply.status(415).send({ code: "UNSUPPORTED_MEDIA_TYPE", message: "the body must be a compact JWS sent as application/jose" });
    if (status === 413) return reply.status(413).send({ code: "TOO_LARGE", message: (error as Error).message });
    // A body the server could not even parse for an agency's endpoint (a JWS sent as application/json) is not application/jose: 415 (section 2).
    if (status === 400 && request.method === "POST" && request.url.startsWith("/agencies/")) return reply.status(415).send({ code: "UNSUPPORTED_MEDIA_TYPE", message: "the body must be a compact JWS sent as application/jose" });
    if (status && status >= 400 && status < 500) return reply.status(status).send({ code: "BAD_REQUEST", message: (error as Error).message });
    // Control actions that break a rule (e.g. a negative balance) are the caller's mistake;
    // anything unexpected on an agency endpoint is the agency's (500: the sender retries).
    if (!status && request.url.startsWith("/control/") && !(error instanceof TypeError)) return reply.status(400).send({ code: "BAD_REQUEST", message: (error as Error).message });
    return reply.status(500).send({ code: "INTERNAL", message: "internal error" });
  });

  const send = (reply: FastifyReply, answer: InboundAnswer) => {
    if (answer.kind === "refuse") {
      reply.hijack();
      reply.raw.socket?.destroy();
      return;
    }
    if (answer.headers) void reply.headers(answer.headers);
    if (answer.contentType) void reply.type(answer.contentType);
    return reply.status(answer.status).send(answer.body);
  };

  for (const simulated of agencies.values()) {
    const base = simulated.basePath;
    app.get(`${base}/jwks.json`, async (_request, reply) => {
      const unavailable = simulated.availability();
      if (unavailable) return send(reply, unavailable);
      void reply.header("cache-control", "public, max-age=300");
      return simulated.publicJwks();
    });
    app.post(`${base}/messages`, async (request, reply) => send(reply, await simulated.receive(request.headers["content-type"], request.body)));
    app.get(base, async () => ({ agency: simulated.id, kid: simulated.kid, messages: `${base}/messages`, jwks: `${base}/jwks.json` }));
  }

  let listeningUrl: string | undefined;
  const baseUrl = () => (options.publicUrl ?? listeningUrl)?.replace(/\/$/, "");
  const directory = (): AgencyEndpoint[] => {
    const root = baseUrl();
    if (!root) throw new Error("the simulator server is not listening yet (or give publicUrl)");
    return [...agencies.values()].map((simulated) => {
      const endpoint = `${root}${simulated.basePath}`;
      return {
        agencyKey: simulated.id as SimulatedAgencyId,
        endpoint,
        messagesUrl: `${endpoint}/messages`,
        jwksUrl: `${endpoint}/jwks.json`,
        kid: simulated.kid,
        thumbprints: simulated.publicJwks().keys.map((key) => ecThumbprint(key)),
      };
    });
  };

  const isIdle = () => ![...agencies.values()].some((simulated) => simulated.busy);
  const idle = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    // Settled twice in a row, so a reply scheduled by a just-finished action is not missed.
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) {
        const busy = [...agencies.values()].filter((simulated) => simulated.busy).map((simulated) => simulated.id);
        throw new Error(`simulators still busy after ${timeoutMs} ms: ${busy.join(", ")}`);
      }
      quiet = isIdle() ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  registerControlRoutes(app, {
    agencies,
    agency,
    bank,
    traffic,
    ports,
    civilInfo,
    clearing,
    directory,
    setFaults,
    setAccounts,
    setBalances,
    credit,
    setVehicles,
    setHoldings,
    loadPersons,
    isIdle,
    idle,
    reset: () => reset(),
  });

  const reset = () => {
    store.clear();
    for (const simulated of agencies.values()) simulated.reset();
    applyStartingData();
  };

  return {
    app,
    get url() {
      return listeningUrl;
    },
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? "127.0.0.1";
      await app.listen({ port: listenOptions.port ?? 0, host });
      const address = app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : listenOptions.port;
      listeningUrl = `http://${host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`;
      return listeningUrl;
    },
    setHubUrl(url) {
      hubUrl = url.replace(/\/$/, "");
      for (const simulated of agencies.values()) simulated.setFaults({});
    },
    agencyIds: simulatedAgencyIds,
    agency,
    bank,
    traffic,
    ports,
    civilInfo,
    clearing,
    directory,
    publicJwks: (agencyId) => agency(agencyId).publicJwks(),
    setFaults,
    credit,
    setBalances,
    setAccounts,
    totalFrozen,
    loadPersons,
    idle,
    reset,
    store,
    async close() {
      for (const simulated of agencies.values()) await simulated.close();
      await app.close();
      store.close();
    },
  };
}

// ---- control API ----------------------------------------------------------------------------

interface ControlDeps {
  agencies: Map<SimulatedAgencyId, SimulatedAgency>;
  agency(id: string): SimulatedAgency;
  bank(code: string): BankBehaviour;
  traffic: TrafficBehaviour;
  ports: PortsBehaviour;
  civilInfo: CivilInfoBehaviour;
  clearing: ClearingBehaviour;
  directory(): AgencyEndpoint[];
  setFaults(target: string, change: FaultsInput): void;
  setAccounts(code: BankCode, debtorId: string, accounts: readonly { iban?: string; balance: Amount }[]): void;
  setBalances(debtorId: string, balances: Partial<Record<BankCode, Amount>>): void;
  credit(code: BankCode, debtorId: string, amount: Amount, iban?: string): number;
  setVehicles(debtorId: string, vehicles: readonly Vehicle[]): void;
  setHoldings(debtorId: string, holdings: readonly Holding[]): void;
  loadPersons(persons: readonly PersonInput[]): number;
  isIdle(): boolean;
  idle(timeoutMs?: number): Promise<void>;
  reset(): void;
}

const debtorIdParam = z.string().regex(/^([23][0-9]{11}|[1-9][0-9]{0,9})$/, "a civil ID (12 digits) or a CR number");
const params = <T extends z.ZodRawShape>(shape: T) => z.object(shape);

function registerControlRoutes(app: FastifyInstance, deps: ControlDeps) {
  const bankCodeOf = (code: string) => deps.bank(code).bankCode;

  app.get("/", async () => ({ service: "tanfeeth stand-in agencies", agencies: safeDirectory(deps), control: "/control/agencies" }));
  app.get("/healthz", async () => ({ ok: true }));

  // In the hub's directory-file format: saved as is, it is a valid AGENCY_DIRECTORY_FILE.
  app.get("/control/directory", async () => deps.directory().map(directoryFileEntry));
  app.get("/control/agencies", async () => [...deps.agencies.values()].map((simulated) => simulated.status()));
  app.get("/control/agencies/:agency", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    const simulated = deps.agency(agency);
    return { ...simulated.status(), state: simulated.behaviour.snapshot() };
  });
  app.get("/control/agencies/:agency/log", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(2000).default(200) }).parse(request.query);
    return deps.agency(agency).log(limit);
  });
  app.get("/control/agencies/:agency/outbox", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    const simulated = deps.agency(agency);
    return { pending: simulated.outboxMessages(), deadLetters: simulated.deadLetterMessages() };
  });
  app.patch("/control/agencies/:agency/faults", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    deps.setFaults(agency, faultsPatch.parse(request.body ?? {}));
    return deps.agency(agency).faults;
  });
  app.patch("/control/faults", async (request) => {
    const { target } = z.object({ target: z.string().default("*") }).parse(request.query);
    deps.setFaults(target, faultsPatch.parse(request.body ?? {}));
    return Object.fromEntries([...deps.agencies.values()].map((simulated) => [simulated.id, simulated.faults]));
  });
  app.post("/control/agencies/:agency/rotate-key", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    const { retirePrevious } = z.object({ retirePrevious: z.boolean().default(false) }).parse(request.body ?? {});
    const simulated = deps.agency(agency);
    const kid = await simulated.rotateKey({ retirePrevious });
    return { kid, jwks: simulated.publicJwks() };
  });
  app.post("/control/agencies/:agency/redrive", async (request) => {
    const { agency } = params({ agency: z.string() }).parse(request.params);
    return { redriven: deps.agency(agency).redrive() };
  });
  app.get("/control/idle", async () => ({ idle: deps.isIdle() }));
  app.post("/control/idle", async (request) => {
    const { timeoutMs } = z.object({ timeoutMs: z.coerce.number().int().min(0).max(600_000).default(10_000) }).parse(request.query);
    try {
      await deps.idle(timeoutMs);
      return { idle: true };
    } catch (error) {
      throw new ControlError(504, "NOT_IDLE", (error as Error).message);
    }
  });
  app.post("/control/reset", async () => {
    deps.reset();
    return { reset: true };
  });

  // banks
  app.get("/control/banks/:code/debtors/:debtor", async (request) => {
    const { code, debtor } = params({ code: z.string(), debtor: debtorIdParam }).parse(request.params);
    return deps.bank(code).debtorView(debtor);
  });
  app.put("/control/banks/:code/debtors/:debtor/accounts", async (request) => {
    const { code, debtor } = params({ code: z.string(), debtor: debtorIdParam }).parse(request.params);
    const { accounts } = z.object({ accounts: z.array(z.object({ iban: z.string().optional(), balance: amountInput }).strict()).max(100) }).strict().parse(request.body);
    deps.setAccounts(bankCodeOf(code), debtor, accounts);
    return deps.bank(code).debtorView(debtor);
  });
  app.post("/control/banks/:code/credit", async (request) => {
    const { code } = params({ code: z.string() }).parse(request.params);
    const body = z.object({ debtor: debtorIdParam, amount: amountInput, iban: z.string().optional() }).strict().parse(request.body);
    const declarations = deps.credit(bankCodeOf(code), body.debtor, body.amount, body.iban);
    return { declarations, ...deps.bank(code).debtorView(body.debtor) };
  });
  app.get("/control/banks/:code/orders/:orderId", async (request) => {
    const { code, orderId } = params({ code: z.string(), orderId: z.string() }).parse(request.params);
    const order = deps.bank(code).order(orderId);
    if (!order) throw new ControlError(404, "UNKNOWN_ORDER", `no order ${orderId} at ${code}`);
    return order;
  });
  app.get("/control/debtors/:debtor/banks", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    const perBank = commercialBankCodes.map((code) => deps.bank(code).debtorView(debtor));
    const sumOf = (field: "balance" | "frozen") => perBank.flatMap((view) => view.accounts).reduce((total, account) => total + BigInt(account[field]), 0n);
    return { debtorId: debtor, totalBalance: String(sumOf("balance")), totalFrozen: String(sumOf("frozen")), banks: perBank.filter((view) => view.accounts.length > 0 || view.orders.length > 0) };
  });
  app.put("/control/debtors/:debtor/banks", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    const { balances } = z.object({ balances: z.record(z.string(), amountInput) }).strict().parse(request.body);
    deps.setBalances(debtor, balances as Partial<Record<BankCode, bigint>>);
    return commercialBankCodes.map((code) => deps.bank(code).debtorView(debtor)).filter((view) => view.accounts.length > 0);
  });

  // traffic
  app.get("/control/traffic/flagged", async () => deps.traffic.flagged());
  app.get("/control/traffic/debtors/:debtor/vehicles", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    return deps.traffic.debtorView(debtor);
  });
  app.put("/control/traffic/debtors/:debtor/vehicles", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    const { vehicles } = z.object({ vehicles: z.array(vehicleSchema).max(200) }).strict().parse(request.body);
    deps.setVehicles(debtor, vehicles);
    return deps.traffic.debtorView(debtor);
  });

  // ports
  app.get("/control/ports/bans", async (request) => {
    const { inForce } = z.object({ inForce: z.enum(["true", "false"]).optional() }).parse(request.query);
    return deps.ports.list({ inForce: inForce === "true" });
  });

  // civil information
  app.post("/control/civil_info/persons", async (request) => {
    const { persons } = z.object({ persons: z.array(personInput).max(1_000_000) }).strict().parse(request.body);
    return { population: deps.loadPersons(persons) };
  });
  app.get("/control/civil_info/persons/:civilId", async (request) => {
    const { civilId } = params({ civilId: z.string() }).parse(request.params);
    const person = deps.civilInfo.get(civilId);
    if (!person) throw new ControlError(404, "UNKNOWN_PERSON", `no person ${civilId}`);
    return person;
  });

  // clearing
  app.get("/control/clearing/debtors/:debtor/securities", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    return deps.clearing.debtorView(debtor);
  });
  app.put("/control/clearing/debtors/:debtor/securities", async (request) => {
    const { debtor } = params({ debtor: debtorIdParam }).parse(request.params);
    const { securities } = z.object({ securities: z.array(holdingInput).max(200) }).strict().parse(request.body);
    deps.setHoldings(debtor, securities as Holding[]);
    return deps.clearing.debtorView(debtor);
  });
}

function safeDirectory(deps: ControlDeps) {
  try {
    return deps.directory();
  } catch {
    return [...deps.agencies.values()].map((simulated) => ({ agencyKey: simulated.id, basePath: simulated.basePath, kid: simulated.kid }));
  }
}

/** Reads a civil-information population from a JSON file: an array of persons, or { persons: [...] }. */
export async function loadPersonsFile(path: string): Promise<PersonInput[]> {
  const json: unknown = JSON.parse(await readFile(path, "utf8"));
  const list = Array.isArray(json) ? json : (json as { persons?: unknown }).persons;
  return z.array(personInput).parse(list);
}
