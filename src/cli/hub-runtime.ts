/**
 * Assembles the hub's side of the exchange from configuration: the agency directory
 * (stand-ins, or a file listing each agency), the hub's signing keys, and the worker.
 */
import { readFile } from "node:fs/promises";
import type { JWK } from "jose";
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import type { AgencyConfig } from "../config.ts";
import { createWorker, type Worker, type WorkerOptions } from "../jobs/worker.ts";
import type { AgencyChannel } from "../http/routes/agency-channel.ts";
import { directoryFromEndpoints, overrideEndpoints, parseDirectoryFile, simulatorEndpoints, type AgencyDirectory } from "../agencies/hub/directory.ts";
import { loadHubKeys } from "../agencies/hub/hub-keys.ts";

/**
 * The agencies the hub talks to: the stand-ins (when there are: `start`, or
 * AGENCY_SIMULATORS_URL), each overridden by its entry in AGENCY_DIRECTORY_FILE; or only
 * the file's agencies when the stand-ins are switched off (AGENCY_STANDINS=false, or the
 * file's `"standIns": false`). In production every agency with an endpoint needs pinned
 * key thumbprints.
 */
export async function agencyDirectoryFrom(config: AgencyConfig, simulatorsUrl: string | undefined, options: { requireThumbprints?: boolean } = {}): Promise<AgencyDirectory> {
  const file = config.directoryFile ? parseDirectoryFile(await readFile(config.directoryFile, "utf8"), options) : undefined;
  const standInsOn = config.standIns ?? file?.standIns ?? true;
  const base = standInsOn ? (config.simulatorsUrl ?? simulatorsUrl) : undefined;
  const endpoints = overrideEndpoints(base ? simulatorEndpoints(base) : [], file?.agencies ?? []);
  if (endpoints.length === 0) throw new Error("no agencies configured: set AGENCY_DIRECTORY_FILE (and AGENCY_STANDINS=false for no stand-ins) or AGENCY_SIMULATORS_URL");
  return directoryFromEndpoints(endpoints);
}

export interface Hub {
  channel: AgencyChannel;
  worker: Worker;
}

/** AGENCY_STATUS_QUERY_SECONDS, else an hour (the acknowledgement's service level, section 7); the commands running the stand-ins pass 10 s. */
const statusQueryAfterMs = (config: AgencyConfig) => (config.statusQuerySeconds ?? 3_600) * 1000;

export async function createHub(deps: AppDeps, config: AgencyConfig, directory: AgencyDirectory, logger?: Logger, notices?: WorkerOptions["notices"], payments?: WorkerOptions["payments"]): Promise<Hub> {
  const keys = await loadHubKeys(deps.db, deps.clock.now(), config.hubSigningJwk ? (JSON.parse(config.hubSigningJwk) as JWK) : undefined);
  const worker = createWorker({ deps, db: deps.db, directory, keys, now: () => deps.clock.now(), concurrency: config.workerConcurrency ?? 1, statusQueryAfterMs: statusQueryAfterMs(config), ...(logger ? { logger } : {}), ...(notices ? { notices } : {}), ...(payments ? { payments } : {}) });
  return { channel: { directory, keys }, worker };
}
