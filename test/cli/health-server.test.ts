/**
 * The worker's probes (issue 22): with HEALTH_PORT, `serve --role worker` answers
 * /healthz (alive) and /readyz (the schema is current and the database answers) like the
 * API does, and nothing else.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startHealthServer } from "../../src/cli/health-server.ts";

test("/healthz alive; /readyz ready or 503 NOT_READY as readiness says; nothing else", async () => {
  let ready = false;
  const server = await startHealthServer({ port: 0, host: "127.0.0.1", readiness: async () => ready });
  try {
    const healthz = await fetch(`${server.url}/healthz`);
    assert.equal(healthz.status, 200);
    assert.deepEqual(await healthz.json(), { status: "alive" });
    const notReady = await fetch(`${server.url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.equal(((await notReady.json()) as { code: string }).code, "NOT_READY");
    ready = true;
    const readyz = await fetch(`${server.url}/readyz`);
    assert.equal(readyz.status, 200);
    assert.deepEqual(await readyz.json(), { status: "ready" });
    assert.equal((await fetch(`${server.url}/api/v1/files`)).status, 404);
    assert.equal((await fetch(`${server.url}/healthz`, { method: "POST" })).status, 405);
  } finally {
    await server.close();
  }
});

test("a failing readiness check is not ready, not a crash", async () => {
  const server = await startHealthServer({ port: 0, host: "127.0.0.1", readiness: () => Promise.reject(new Error("database down")) });
  try {
    assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  } finally {
    await server.close();
  }
});
