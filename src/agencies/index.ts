/**
 * What the agency transport offers the rest of the system: receiving signed batches on the
 * hub's channel, the directory and keys it verifies them with, and the protocol's
 * envelope errors. Other folders import agencies only through this file (the layering
 * check keeps it); the composition root (src/cli) and the worker (src/jobs) assemble the rest.
 */
export { KeysUnavailableError, type AgencyDirectory } from "./hub/directory.ts";
export type { HubKeys } from "./hub/hub-keys.ts";
export { AgencyRateLimited, protocolErrorStatus, receiveBatch } from "./hub/inbound.ts";
export { ENVELOPE_MEDIA_TYPE, ProtocolError } from "./protocol/index.ts";
export { AGENCY_ENDPOINT_OPENAPI_PATH, agencyEndpointOpenApi, jsonSchemaOf, protocolSchemas, SCHEMAS_PATH, schemaIndex } from "./protocol/schemas.ts";
