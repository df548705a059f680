/**
 * The built web application for tests that serve it: builds web/dist first when it is
 * missing or older than its sources (a clean clone in CI builds it here, once; parallel
 * test files wait for each other's build).
 */
import { buildWeb } from "../../web/scripts/build.ts";

export async function ensureWebBuild(): Promise<void> {
  await buildWeb({ ifStale: true, quiet: true });
}
