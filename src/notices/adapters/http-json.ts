/** A small JSON-over-HTTP call for the notice gateways, with a timeout and a typed failure. */
export class GatewayError extends Error {
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

export async function callJson(url: string, init: { method: "GET" | "POST"; token?: string; body?: unknown; timeoutMs?: number }): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new GatewayError(`unreachable: ${(error as Error).message}`, true);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { raw: text.slice(0, 200) };
  }
  if (response.status >= 500 || response.status === 429 || response.status === 408) throw new GatewayError(`HTTP ${response.status}`, true);
  if (response.status >= 400) throw new GatewayError(`HTTP ${response.status}: ${String(body.error ?? "").slice(0, 100)}`, false);
  return { status: response.status, body };
}
