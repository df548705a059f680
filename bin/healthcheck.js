#!/usr/bin/env node
// The container's health check: GET /healthz on this container's API (PORT), or on the
// worker's health port (HEALTH_PORT) when set. Exit 0 when alive, 1 otherwise.
const port = process.env.HEALTH_PORT || process.env.PORT || "3000";
const timeout = AbortSignal.timeout(4000);
fetch(`http://127.0.0.1:${port}/healthz`, { signal: timeout }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
