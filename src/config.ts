/**
 * Configuration, read from the environment in one place. Nothing else reads process.env.
 */
import path from "node:path";
import { logFormats, type LogFormatSetting } from "./log-format.ts";
import { noticesConfig, type NoticesConfig } from "./notices/config.ts";
import { paymentsConfig, type PaymentsConfig } from "./payments/config.ts";
import { documentStoreConfig, type DocumentStoreConfig } from "./storage/document-store-config.ts";
import type { QpdfReaderOptions } from "./documents/qpdf-reader.ts";
import type { DocumentSigningConfig } from "./documents/pades.ts";
import { auditAnchorConfig, type AuditAnchorConfig } from "./anchors/config.ts";

export interface Config {
  /** NODE_ENV=production: no stand-in runs, and /metrics needs its token (see `productionRefusals`). */
  production: boolean;
  port: number;
  host: string;
  /** HEALTH_PORT: `serve --role worker` answers /healthz and /readyz here (unset: no port of its own). */
  healthPort: number | undefined;
  /** PostgreSQL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** LOG_FORMAT: json (machines), pretty (people), auto (default: pretty on a terminal). */
  logFormat: LogFormatSetting;
  /** Secure cookies and HSTS (production). Off for plain-http development. */
  secureCookies: boolean;
  poolSize: number;
  /** API_RATE_LIMIT_PER_MINUTE: requests a session or machine client may make to /api/v1 per minute (default 600). */
  apiRateLimitPerMinute: number;
  /** AGENCY_RATE_LIMIT_PER_ADDRESS / AGENCY_RATE_LIMIT_PER_AGENCY: batches a minute on /agency/v1/messages from one source address (default 120; 12,000 with the stand-in agencies, which share one address) and from one verified agency (default 120). */
  agencyRateLimit: { perAddress: number; perAgency: number };
  /**
   * TRUST_PROXY: the proxies in front of the app whose X-Forwarded-For is believed, as
   * addresses or CIDR ranges (comma-separated) or a number of hops; unset: none, the source
   * address is the connection's. The per-address rate limits count by this address.
   */
  trustProxy: string | number | undefined;
  identity: IdentityConfig;
  agencies: AgencyConfig;
  metrics: MetricsConfig;
  /** Electronic notices: channels, their order and fallback delay (src/notices/config.ts). */
  notices: NoticesConfig;
  documents: DocumentsConfig;
  /** Fees and debtors' payments through the card gateway (src/payments/config.ts). */
  payments: PaymentsConfig;
  /** Signed checkpoints of the action log, kept outside the database (src/storage/audit-anchor-config.ts). */
  auditAnchor: AuditAnchorConfig;
}

/** Uploaded and issued documents. */
export interface DocumentsConfig {
  /** DOCUMENTS_MAX_UPLOAD_BYTES: largest accepted upload (default 10 MiB). */
  maxUploadBytes: number;
  /** DOCUMENTS_DIR: the content-addressed store on disk (default <data dir>/documents). */
  storageDir: string;
  /** DOCUMENTS_STORE=disk (default, under storageDir) or s3 with DOCUMENTS_S3_* (src/storage/document-store-config.ts). */
  store: DocumentStoreConfig;
  /** DOCUMENTS_PUBLIC_URL: base of the verification addresses printed on PDFs; unset: the identity public URL, else the address requests come to. */
  publicUrl: string | undefined;
  /** How uploaded PDFs are read by qpdf: DOCUMENTS_QPDF, DOCUMENTS_PRLIMIT, DOCUMENTS_PDF_MEMORY_BYTES, DOCUMENTS_PDF_TIMEOUT_MS, DOCUMENTS_PDF_CONCURRENCY (src/documents/qpdf-reader.ts). */
  pdfInspection: Partial<QpdfReaderOptions>;
  /**
   * The department's key that signs every PDF issued (PAdES): DOCUMENTS_SIGNING_KEY or
   * DOCUMENTS_SIGNING_KEY_FILE (PEM private key, RSA or EC; DOCUMENTS_SIGNING_KEY_PASSPHRASE
   * if encrypted) and DOCUMENTS_SIGNING_CERT or DOCUMENTS_SIGNING_CERT_FILE (PEM certificate,
   * then its chain). Required in production; elsewhere a self-signed development certificate
   * made once in <data dir>/document-signing.pem (src/documents/pades.ts).
   */
  signing: DocumentSigningConfig;
}

/** Prometheus metrics at /metrics, for the operator's Prometheus (no session). */
export interface MetricsConfig {
  /** METRICS_ENABLED=false: no /metrics at all. */
  enabled: boolean;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. Required in production (at least 32 characters) unless METRICS_ENABLED=false. */
  token: string | undefined;
}

/** The shortest /metrics token production accepts. */
export const MIN_PRODUCTION_METRICS_TOKEN = 32;

/**
 * Why a configuration may not run in production, if it may not: a stand-in switched on
 * (the identity provider, or the hub pointed at the stand-in agencies or card gateway) —
 * whatever else is set — /metrics open without a token, or no key of its own to sign
 * audit checkpoints or PDFs with. Each stand-in role (`start`,
 * `serve --role idp`, `serve --role simulators`) is refused in production by the command
 * itself as well (src/cli/main.ts).
 */
export function productionRefusals(env: NodeJS.ProcessEnv, config: Pick<Config, "production" | "identity" | "metrics" | "payments" | "agencies" | "auditAnchor" | "documents">): string[] {
  if (!config.production) return [];
  const refusals: string[] = [];
  if (env.TANFEETH_IDP_STANDIN === "true" || config.identity.standIn) refusals.push("TANFEETH_IDP_STANDIN=true: the stand-in identity provider lets anyone approve anyone's sign-in");
  if (env.AGENCY_SIMULATORS_URL) refusals.push("AGENCY_SIMULATORS_URL: the stand-in agencies (set AGENCY_DIRECTORY_FILE to the real ones)");
  if (env.PAYMENTS_STANDIN_URL || config.payments.standIn) refusals.push("PAYMENTS_STANDIN_URL: the stand-in card gateway (set PAYMENT_GATEWAY_URL to the real one)");
  if (config.metrics.enabled && (config.metrics.token === undefined || config.metrics.token.length < MIN_PRODUCTION_METRICS_TOKEN)) {
    refusals.push(`/metrics without METRICS_TOKEN (at least ${MIN_PRODUCTION_METRICS_TOKEN} characters), or set METRICS_ENABLED=false`);
  }
  if (!config.auditAnchor.signingJwk) refusals.push("no AUDIT_CHECKPOINT_JWK: audit checkpoints would be signed by a development key file");
  const signing = config.documents.signing;
  if (!(signing.keyPem || signing.keyFile) || !(signing.certPem || signing.certFile)) {
    refusals.push("no DOCUMENTS_SIGNING_KEY(_FILE) and DOCUMENTS_SIGNING_CERT(_FILE): PDFs would be signed by a self-signed development certificate");
  }
  return refusals;
}

/** The exchange with agencies. */
export interface AgencyConfig {
  /** Where agencies send replies: this hub's public base URL; unset: the address the API listens on. */
  hubUrl: string | undefined;
  /** Base URL of the stand-in agencies (every agency under /agencies/...). */
  simulatorsUrl: string | undefined;
  /** A JSON file listing agencies' endpoints, JWKS URLs and pinned key thumbprints: each overrides the stand-in of the same agency. */
  directoryFile: string | undefined;
  /** AGENCY_STATUS_QUERY_SECONDS: a bank order accepted but unanswered this long is asked about (order.status); unset: 10 s when the hub runs with stand-ins, else 3600. */
  statusQuerySeconds?: number | undefined;
  /** AGENCY_STANDINS: false = no stand-in agency at all, only the directory file's; unset: as the file says (default: stand-ins where there are). */
  standIns: boolean | undefined;
  /** The hub's private signing key as a JWK (JSON); unset: a key kept in the database (development). */
  hubSigningJwk: string | undefined;
  /** The department's treasury account for transferred funds. */
  treasuryIban: string | undefined;
  /** Port of `serve --role simulators`, and of the stand-ins inside `start`. */
  simulatorsPort: number;
  /** STANDINS_STATE_DIR: where the stand-in agencies keep their own state (standins.sqlite); default <TANFEETH_DATA_DIR>/standins; none in production. */
  standInsStateDir?: string | undefined;
  /** WORKER_CONCURRENCY: outbox entries and bulk rows a worker carries out side by side (default 1; PostgreSQL: up to the pool size less a few). */
  workerConcurrency?: number;
}

/** Sign-in with the national mobile ID: the portal as relying party, and the stand-in provider. */
export interface IdentityConfig {
  /** The portal's public base URL (redirects come back here); unset: the address the server listens on. */
  publicUrl: string | undefined;
  /** The identity provider's issuer; unset: the stand-in at <publicUrl>/idp. */
  issuer: string | undefined;
  clientId: string;
  clientSecret: string;
  /** Run the stand-in identity provider and its simulated phone (never in production). */
  standIn: boolean;
  /** Port of `serve --role idp`. */
  idpPort: number;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/** "true" or "false", nothing else: a misspelt switch must not quietly mean one or the other. */
function booleanSetting(name: string, value: string): boolean {
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function logFormat(value: string | undefined): LogFormatSetting {
  if (value === undefined || value === "") return "auto";
  if (!(logFormats as readonly string[]).includes(value)) throw new Error(`LOG_FORMAT must be one of ${logFormats.join(", ")}, got "${value}"`);
  return value as LogFormatSetting;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  const config: Config = {
    production,
    port: integer("PORT", env.PORT, 3000),
    host: env.HOST ?? "127.0.0.1",
    healthPort: env.HEALTH_PORT ? integer("HEALTH_PORT", env.HEALTH_PORT, 0) : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TANFEETH_DATA_DIR ?? "./data"),
    logLevel: env.LOG_LEVEL ?? "info",
    logFormat: logFormat(env.LOG_FORMAT),
    secureCookies: env.TANFEETH_SECURE_COOKIES ? env.TANFEETH_SECURE_COOKIES === "true" : production,
    poolSize: integer("DATABASE_POOL_SIZE", env.DATABASE_POOL_SIZE, 10),
    apiRateLimitPerMinute: integer("API_RATE_LIMIT_PER_MINUTE", env.API_RATE_LIMIT_PER_MINUTE, 600),
    trustProxy: env.TRUST_PROXY ? (/^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY) : undefined,
    agencyRateLimit: {
      // The stand-in agencies all post from one address (this machine): their default budget is theirs together.
      perAddress: integer("AGENCY_RATE_LIMIT_PER_ADDRESS", env.AGENCY_RATE_LIMIT_PER_ADDRESS, env.AGENCY_SIMULATORS_URL ? 12_000 : 120),
      perAgency: integer("AGENCY_RATE_LIMIT_PER_AGENCY", env.AGENCY_RATE_LIMIT_PER_AGENCY, 120),
    },
    identity: identityConfig(env, production),
    notices: noticesConfig(env),
    payments: paymentsConfig(env, production),
    metrics: {
      enabled: env.METRICS_ENABLED ? env.METRICS_ENABLED !== "false" : true,
      token: env.METRICS_TOKEN || undefined,
    },
    documents: {
      maxUploadBytes: integer("DOCUMENTS_MAX_UPLOAD_BYTES", env.DOCUMENTS_MAX_UPLOAD_BYTES, 10 * 1024 * 1024),
      storageDir: path.resolve(env.DOCUMENTS_DIR ?? path.join(env.TANFEETH_DATA_DIR ?? "./data", "documents")),
      store: documentStoreConfig(env, path.resolve(env.DOCUMENTS_DIR ?? path.join(env.TANFEETH_DATA_DIR ?? "./data", "documents"))),
      publicUrl: (env.DOCUMENTS_PUBLIC_URL || env.PUBLIC_URL || undefined)?.replace(/\/+$/, ""),
      pdfInspection: {
        ...(env.DOCUMENTS_QPDF ? { qpdf: env.DOCUMENTS_QPDF } : {}),
        ...(env.DOCUMENTS_PRLIMIT ? { prlimit: env.DOCUMENTS_PRLIMIT } : {}),
        ...(env.DOCUMENTS_PDF_MEMORY_BYTES ? { memoryBytes: integer("DOCUMENTS_PDF_MEMORY_BYTES", env.DOCUMENTS_PDF_MEMORY_BYTES, 0) } : {}),
        ...(env.DOCUMENTS_PDF_TIMEOUT_MS ? { timeoutMs: integer("DOCUMENTS_PDF_TIMEOUT_MS", env.DOCUMENTS_PDF_TIMEOUT_MS, 0) } : {}),
        ...(env.DOCUMENTS_PDF_CONCURRENCY ? { maxConcurrent: Math.max(1, integer("DOCUMENTS_PDF_CONCURRENCY", env.DOCUMENTS_PDF_CONCURRENCY, 2)) } : {}),
      },
      signing: {
        keyPem: env.DOCUMENTS_SIGNING_KEY || undefined,
        keyFile: env.DOCUMENTS_SIGNING_KEY_FILE ? path.resolve(env.DOCUMENTS_SIGNING_KEY_FILE) : undefined,
        keyPassphrase: env.DOCUMENTS_SIGNING_KEY_PASSPHRASE || undefined,
        certPem: env.DOCUMENTS_SIGNING_CERT || undefined,
        certFile: env.DOCUMENTS_SIGNING_CERT_FILE ? path.resolve(env.DOCUMENTS_SIGNING_CERT_FILE) : undefined,
        devFile: path.join(path.resolve(env.TANFEETH_DATA_DIR ?? "./data"), "document-signing.pem"),
      },
    },
    auditAnchor: auditAnchorConfig(env, path.resolve(env.TANFEETH_DATA_DIR ?? "./data"), env.DATABASE_URL || undefined),
    agencies: {
      hubUrl: env.HUB_URL ? env.HUB_URL.replace(/\/+$/, "") : undefined,
      simulatorsUrl: env.AGENCY_SIMULATORS_URL ? env.AGENCY_SIMULATORS_URL.replace(/\/+$/, "") : undefined,
      directoryFile: env.AGENCY_DIRECTORY_FILE || undefined,
      statusQuerySeconds: env.AGENCY_STATUS_QUERY_SECONDS ? Math.max(1, integer("AGENCY_STATUS_QUERY_SECONDS", env.AGENCY_STATUS_QUERY_SECONDS, 3600)) : undefined,
      standIns: env.AGENCY_STANDINS === undefined || env.AGENCY_STANDINS === "" ? undefined : booleanSetting("AGENCY_STANDINS", env.AGENCY_STANDINS),
      hubSigningJwk: env.HUB_SIGNING_JWK || undefined,
      treasuryIban: env.TREASURY_IBAN || undefined,
      simulatorsPort: integer("SIMULATORS_PORT", env.SIMULATORS_PORT, 3100),
      // Production runs no stand-in, so it keeps no stand-in state.
      standInsStateDir: production ? undefined : path.resolve(env.STANDINS_STATE_DIR || path.join(env.TANFEETH_DATA_DIR ?? "./data", "standins")),
      workerConcurrency: integer("WORKER_CONCURRENCY", env.WORKER_CONCURRENCY, 1),
    },
  };
  const refusals = productionRefusals(env, config);
  if (refusals.length > 0) throw new Error(`refusing to run with NODE_ENV=production: ${refusals.join("; ")}`);
  return config;
}

// The stand-in's development secret: only ever accepted while the stand-in runs.
const STAND_IN_CLIENT_SECRET = "stand-in-portal-secret-not-for-production";

function identityConfig(env: NodeJS.ProcessEnv, production: boolean): IdentityConfig {
  const standIn = env.TANFEETH_IDP_STANDIN ? env.TANFEETH_IDP_STANDIN === "true" : !production;
  const clientSecret = env.OIDC_CLIENT_SECRET || (standIn ? STAND_IN_CLIENT_SECRET : "");
  return {
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : undefined,
    issuer: env.OIDC_ISSUER ? env.OIDC_ISSUER.replace(/\/+$/, "") : undefined,
    clientId: env.OIDC_CLIENT_ID || "tanfeeth-portal",
    clientSecret,
    standIn,
    idpPort: integer("IDP_PORT", env.IDP_PORT, 3001),
  };
}
