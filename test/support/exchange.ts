/**
 * The whole exchange over real HTTP: the hub's API (with the agency channel) and the
 * stand-in agencies, each listening on its own port, the worker delivering between
 * them. `settle()` runs the worker and waits for the agencies until nothing moves.
 */
import type { FastifyInstance } from "fastify";
import { createHub, type Hub } from "../../src/cli/hub-runtime.ts";
import { directoryFromEndpoints, simulatorDirectory } from "../../src/agencies/hub/directory.ts";
import { createSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from "../../src/agencies/simulators/index.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import type { AgencyChannelLimits } from "../../src/http/routes/agency-channel.ts";
import type { PaymentJobs } from "../../src/jobs/payment-jobs.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { buildWorld, type World } from "./fixtures.ts";
import { demoAccounts } from "../../src/seed/demo.ts";
import { PATIENCE_MS } from "./wait.ts";

/**
 * The stand-in agencies all post from 127.0.0.1, many batches a second: the channel's rate
 * limits are raised unless a test sets its own (test/security/agency-flood.test.ts runs the defaults).
 */
const unlimitedAgencyChannel: AgencyChannelLimits = { perAddress: 1_000_000, perAgency: 1_000_000, timeWindowMs: 60 * 60_000 };

export interface Exchange {
  database: TestDatabase;
  world: World;
  hub: Hub;
  api: FastifyInstance;
  hubUrl: string;
  simulators: SimulatorServer;
  /** Runs the worker and waits for the agencies until a full round changes nothing. */
  settle(maxRounds?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `hub.payments`: the worker's money pass (src/jobs/payment-jobs.ts), for tests of payments.
 * `hub.portalOnly`: agencies without an integration (their officers answer in the agency portal; nothing is sent to the stand-in).
 */
export async function startExchange(options: Omit<SimulatorServerOptions, "hubUrl" | "clock" | "persons"> = {}, hubOptions: { payments?: PaymentJobs; portalOnly?: readonly string[]; agencyLimits?: AgencyChannelLimits; statusQuerySeconds?: number } = {}): Promise<Exchange> {
  const database = await createTestDatabase();
  const world = await buildWorld(database.db);
  const persons = await database.db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"]).execute();
  const simulators = await createSimulatorServer({
    seed: 7,
    clock: world.clock,
    retry: { baseMs: 20, maxMs: 200, maxAttempts: 10 },
    persons: persons.map((person) => ({ civilId: person.civil_id, nameAr: person.name_ar, nameEn: person.name_en, nationality: person.nationality, alive: true, email: person.email, phone: person.phone })),
    ...options,
  });
  const simulatorsUrl = await simulators.listen({ port: 0, host: "127.0.0.1" });
  const standIns = simulatorDirectory(simulatorsUrl);
  const portalOnly = new Set(hubOptions.portalOnly ?? []);
  const directory = portalOnly.size === 0 ? standIns : directoryFromEndpoints(standIns.agencyKeys().map((agencyKey) => ({ ...standIns.endpointOf(agencyKey)!, portalOnly: portalOnly.has(agencyKey) })));
  const hub = await createHub(world.deps, { hubUrl: undefined, simulatorsUrl, directoryFile: undefined, standIns: undefined, statusQuerySeconds: hubOptions.statusQuerySeconds, hubSigningJwk: undefined, treasuryIban: undefined, simulatorsPort: 0 }, directory, undefined, undefined, hubOptions.payments);
  const api = await buildHttpApp({ deps: world.deps, demoAccounts: Object.values(demoAccounts), logger: false, secureCookies: false, readiness: () => schemaIsCurrent(database.db), agencyChannel: { ...hub.channel, limits: hubOptions.agencyLimits ?? unlimitedAgencyChannel } });
  const hubUrl = await api.listen({ port: 0, host: "127.0.0.1" });
  simulators.setHubUrl(hubUrl);
  return {
    database,
    world,
    hub,
    api,
    hubUrl,
    simulators,
    settle: async (maxRounds = 50) => {
      let quiet = 0;
      for (let round = 0; round < maxRounds && quiet < 2; round++) {
        const busy = await hub.worker.tick();
        await simulators.idle(PATIENCE_MS);
        quiet = busy ? 0 : quiet + 1;
      }
    },
    close: async () => {
      await hub.worker.stop();
      await api.close();
      await simulators.close();
      await database.drop();
    },
  };
}
