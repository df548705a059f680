/**
 * Calls to the tanfeeth API from the browser: the session cookie goes along by itself;
 * state-changing calls carry the session's CSRF token (from GET /api/v1/me) in the
 * x-csrf-token header. Every failure becomes an ApiError with the API's bilingual
 * message, so pages show it in the interface's language.
 */
export interface Bilingual {
  ar: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The API's own message; null when the service could not be reached or said nothing usable. */
    readonly text: Bilingual | null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(text?.en ?? code);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

interface CallOptions {
  method?: "GET" | "POST";
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown; details?: unknown };
    const message = body.message as Partial<Bilingual> | undefined;
    const text = typeof message?.ar === "string" && typeof message?.en === "string" ? { ar: message.ar, en: message.en } : null;
    return new ApiError(response.status, typeof body.code === "string" ? body.code : "HTTP_ERROR", text, (body.details as Record<string, unknown>) ?? {});
  } catch {
    return new ApiError(response.status, "HTTP_ERROR", null);
  }
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? (options.json !== undefined || options.form ? "POST" : "GET");
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin", signal: options.signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "NETWORK", null);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A document's bytes for showing it inline (GET, with the session): its media type and the fingerprint the API sends. */
export async function fetchDocument(path: string, signal?: AbortSignal): Promise<{ blob: Blob; mediaType: string; sha256: string | null }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "NETWORK", null);
  }
  if (!response.ok) throw await errorOf(response);
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  return { blob: new Blob([await response.arrayBuffer()], { type: mediaType }), mediaType, sha256: response.headers.get("x-document-sha256") };
}
