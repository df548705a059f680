/**
 * Configuration, read from the environment in one place. Nothing else reads process.env.
 */
import path from "node:path";

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Secure cookies and HSTS (production). Off for plain-http development. */
  secureCookies: boolean;
  poolSize: number;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    port: integer("PORT", env.PORT, 3000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TANFEETH_DATA_DIR ?? "./data"),
    logLevel: env.LOG_LEVEL ?? "info",
    secureCookies: env.TANFEETH_SECURE_COOKIES ? env.TANFEETH_SECURE_COOKIES === "true" : production,
    poolSize: integer("DATABASE_POOL_SIZE", env.DATABASE_POOL_SIZE, 10),
  };
}
