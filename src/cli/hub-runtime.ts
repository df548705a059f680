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
import { directoryFromEndpoints, simulatorDirectory, type AgencyDirectory, type AgencyEndpoint } from "../agencies/hub/directory.ts";
import { loadHubKeys } from "../agencies/hub/hub-keys.ts";

export async function agencyDirectoryFrom(config: AgencyConfig, simulatorsUrl: string | undefined): Promise<AgencyDirectory> {
  if (config.directoryFile) {
    const endpoints = JSON.parse(await readFile(config.directoryFile, "utf8")) as AgencyEndpoint[];
    return directoryFromEndpoints(endpoints);
  }
  const base = config.simulatorsUrl ?? simulatorsUrl;
  if (!base) throw new Error("no agencies configured: set AGENCY_DIRECTORY_FILE or AGENCY_SIMULATORS_URL");
  return simulatorDirectory(base);
}

export interface Hub {
  channel: AgencyChannel;
  worker: Worker;
}

export async function createHub(deps: AppDeps, config: AgencyConfig, directory: AgencyDirectory, logger?: Logger, notices?: WorkerOptions["notices"], payments?: WorkerOptions["payments"]): Promise<Hub> {
  const keys = await loadHubKeys(deps.db, deps.clock.now(), config.hubSigningJwk ? (JSON.parse(config.hubSigningJwk) as JWK) : undefined);
  const worker = createWorker({ deps, db: deps.db, directory, keys, now: () => deps.clock.now(), concurrency: config.workerConcurrency ?? 1, ...(logger ? { logger } : {}), ...(notices ? { notices } : {}), ...(payments ? { payments } : {}) });
  return { channel: { directory, keys }, worker };
}
