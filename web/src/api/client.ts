/**
 * Calls to the tanfeeth API from the browser, typed by the API's own OpenAPI document
 * (schema.d.ts, generated: `npm run gen:api`) through openapi-fetch: `api.GET(path, …)`,
 * `api.POST(path, { body })` with the paths, parameters and bodies the routes declare.
 * The session cookie goes along by itself; state-changing calls carry the session's CSRF
 * token (from GET /api/v1/me) in the x-csrf-token header. `answer(…)` turns every failure
 * into an ApiError with the API's bilingual message (`{ code, message: { ar, en }, details }`),
 * so pages show it in the interface's language; a 401 is an ApiError of status 401.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.d.ts";

export interface Bilingual {
  ar: string;
  en: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The API's own message; null when the service could not be reached or said nothing usable. */
  readonly text: Bilingual | null;
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    text: Bilingual | null,
    details: Record<string, unknown> = {},
  ) {
    super(text?.en ?? code);
    this.status = status;
    this.code = code;
    this.text = text;
    this.details = details;
  }
}

/** Any failure as an ApiError: an ApiError as it is, anything else as unexpected. */
export const asApiError = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for a call made outside openapi-fetch (an upload with its progress: upload.ts). */
export const currentCsrfToken = (): string | null => csrfToken;

/** The API's error body (already parsed, or the raw text when it was not JSON) as an ApiError. */
export function errorOf(status: number, body: unknown): ApiError {
  if (typeof body !== "object" || body === null) return new ApiError(status, "HTTP_ERROR", null);
  const { code, message, details } = body as { code?: unknown; message?: Partial<Bilingual>; details?: unknown };
  const text = typeof message?.ar === "string" && typeof message?.en === "string" ? { ar: message.ar, en: message.en } : null;
  return new ApiError(status, typeof code === "string" ? code : "HTTP_ERROR", text, (details as Record<string, unknown>) ?? {});
}

const isAbort = (error: unknown) => (error as Error | undefined)?.name === "AbortError";

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && csrfToken) request.headers.set("x-csrf-token", csrfToken);
    return request;
  },
  // The service could not be reached (an abort stays an abort: the page went away).
  onError({ error }) {
    return isAbort(error) ? undefined : new ApiError(0, "NETWORK", null);
  },
};

export const api = createClient<paths>({ credentials: "same-origin", headers: { accept: "application/json" } });
api.use(session);

/** What openapi-fetch gives back for one call. */
interface Answered {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer; any other answer thrown as an ApiError. */
export async function answer<A extends Answered>(pending: Promise<A>): Promise<Exclude<A["data"], undefined>> {
  const { data, error, response } = await pending;
  if (!response.ok) throw errorOf(response.status, error);
  return data as Exclude<A["data"], undefined>;
}

/**
 * JSON from an address the API's OpenAPI document does not describe: /app/config.json and
 * the stand-in identity provider's simulated phone. Same session, CSRF header and errors.
 */
export async function callOutsideApi<T>(path: string, options: { json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const post = options.json !== undefined;
  const headers: Record<string, string> = { accept: "application/json" };
  if (post) headers["content-type"] = "application/json";
  if (post && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await reach(path, { method: post ? "POST" : "GET", headers, body: post ? JSON.stringify(options.json) : undefined, signal: options.signal });
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function reach(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: "same-origin" });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, "NETWORK", null);
  }
}

/** A document's bytes for showing it inline (GET, with the session): its media type and the fingerprint the API sends. */
export async function fetchDocument(path: string, signal?: AbortSignal): Promise<{ blob: Blob; mediaType: string; sha256: string | null }> {
  const response = await reach(path, { signal });
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  return { blob: new Blob([await response.arrayBuffer()], { type: mediaType }), mediaType, sha256: response.headers.get("x-document-sha256") };
}

