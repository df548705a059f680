/**
 * The HTTP app over a test database, and signed-in clients for any person: sessions are
 * made with the same session code the sign-in uses, and requests carry the cookie and
 * CSRF header a browser would.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { buildWorld, type World } from "./fixtures.ts";
import { demoAccounts } from "../../src/seed/demo.ts";

export interface Client {
  civilId: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export interface HttpHarness {
  app: FastifyInstance;
  /** The server's address: the app listens on an ephemeral port (the portal reaches the stand-in provider over HTTP). */
  baseUrl: string;
  database: TestDatabase;
  world: World;
  clientFor(civilId: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export async function startHttpHarness(options: { signInRateLimit?: number; apiRateLimit?: number } = {}): Promise<HttpHarness> {
  const database = await createTestDatabase();
  const world = await buildWorld(database.db);
  const app = await buildHttpApp({
    deps: world.deps,
    logger: false,
    secureCookies: false,
    readiness: () => schemaIsCurrent(database.db),
    demoAccounts: Object.values(demoAccounts),
    identity: { clientId: "tanfeeth-portal", clientSecret: "test-portal-secret", standIn: true, jwksCooldownMs: 0, keyRefreshMs: 200, signInRateLimit: options.signInRateLimit ?? 1000 },
    // The production default unless a test sets a budget (the fuzzer sends thousands of requests a minute);
    // a set budget lasts an hour, so that it is never renewed in the middle of a test, however slowly it runs.
    ...(options.apiRateLimit ? { apiRateLimit: { max: options.apiRateLimit, timeWindowMs: 60 * 60_000 } } : {}),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const makeClient = (civilId: string, cookie: string | null, csrf: string | null): Client => {
    const request = (options: InjectOptions) =>
      app.inject({
        ...options,
        headers: {
          ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
          ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
          ...options.headers,
        },
      });
    return {
      civilId,
      request,
      get: (url) => request({ method: "GET", url }),
      post: (url, payload) => request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) }),
    };
  };
  return {
    app,
    baseUrl,
    database,
    world,
    anonymous: makeClient("", null, null),
    clientFor: async (civilId) => {
      const session = await createSession(database.db, civilId, world.clock.now());
      return makeClient(civilId, session.token, session.csrfToken);
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
