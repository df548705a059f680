/**
 * Starting the stand-in agencies as their own process (`tanfeeth serve --role simulators`):
 * the CLI reads flags and configuration, this starts the server. No process.env here.
 */
import type { FastifyServerOptions } from "fastify";
import type { PersonInput } from "./civil-info.ts";
import { createSimulatorServer, DEFAULT_SIMULATOR_SEED, loadPersonsFile, type FaultOptions, type SimulatorServer } from "./server.ts";

export const DEFAULT_SIMULATOR_PORT = 3100;

export interface ServeSimulatorsOptions {
  port?: number;
  host?: string;
  /** The hub's base URL: replies go to <hubUrl>/agency/v1/messages. */
  hubUrl: string;
  seed?: number;
  /** A JSON file with the civil-information population (an array of persons, or { persons }). */
  personsFile?: string;
  persons?: readonly PersonInput[];
  faults?: FaultOptions;
  /** The URL the hub should use, if not the listening address. */
  publicUrl?: string;
  /** Where the stand-ins keep their state (STANDINS_STATE_DIR); unset: in memory. */
  stateDir?: string;
  logger?: FastifyServerOptions["logger"];
}

export async function serveSimulators(options: ServeSimulatorsOptions): Promise<SimulatorServer> {
  const persons = [...(options.persons ?? []), ...(options.personsFile ? await loadPersonsFile(options.personsFile) : [])];
  const server = await createSimulatorServer({
    hubUrl: options.hubUrl,
    seed: options.seed ?? DEFAULT_SIMULATOR_SEED,
    persons,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    logger: options.logger ?? false,
  });
  await server.listen({ port: options.port ?? DEFAULT_SIMULATOR_PORT, host: options.host ?? "127.0.0.1" });
  return server;
}
