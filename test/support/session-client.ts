/**
 * Signed-in clients on any app under test (e.g. the exchange's API): a session made with
 * the sign-in's own session code, requests carrying its cookie and CSRF header.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import type { Db } from "../../src/storage/database.ts";
import { createSession } from "../../src/storage/identity/repository.ts";

export interface SessionClient {
  civilId: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export async function sessionClient(app: FastifyInstance, db: Db, civilId: string, now: Date): Promise<SessionClient> {
  const session = await createSession(db, civilId, now);
  const request = (options: InjectOptions) =>
    app.inject({ ...options, headers: { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken, ...options.headers } });
  return {
    civilId,
    request,
    get: (url) => request({ method: "GET", url }),
    post: (url, payload) => request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) }),
  };
}
