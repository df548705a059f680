export {
  createSimulatorServer,
  loadPersonsFile,
  agencyBasePath,
  simulatedAgencyIds,
  DEFAULT_SIMULATOR_SEED,
  type SimulatorServer,
  type SimulatorServerOptions,
  type SimulatedAgencyId,
  type AgencyEndpoint,
  type FaultOptions,
} from "./server.ts";
export { SimulatedAgency, HUB_ID, protocolErrorStatus, defaultRetryPolicy, type RetryPolicy, type SimulatorClock, type AgencyEvent } from "./agency.ts";
export { defaultFaults, faultsSchema, type Faults, type FaultsInput } from "./faults.ts";
export { BankBehaviour } from "./bank.ts";
export { TrafficBehaviour, type Vehicle } from "./traffic.ts";
export { PortsBehaviour, type TravelBan } from "./ports.ts";
export { CivilInfoBehaviour, type PersonInput, type Person } from "./civil-info.ts";
export { ClearingBehaviour, type Holding } from "./clearing.ts";
export { serveSimulators, DEFAULT_SIMULATOR_PORT, type ServeSimulatorsOptions } from "./serve.ts";
export { banksOfDebtor, generateAccounts, generateVehicles, generateSecurities, isValidVin, listedShares } from "./data.ts";
