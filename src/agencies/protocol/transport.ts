/**
 * Sending a signed batch over HTTP: POST <endpoint>/messages with the compact JWS as the
 * body. The answer is a transport receipt per message; business replies come later, as
 * batches the other way.
 */
import { ENVELOPE_MEDIA_TYPE } from "./envelope.ts";
import { receipt, type Receipt } from "../../domain/exchange/messages.ts";

export class TransportError extends Error {
  readonly retryable: boolean;
  readonly status?: number;

  constructor(
    message: string,
    retryable: boolean,
    status?: number,
  ) {
    super(message);
    this.retryable = retryable;
    this.status = status;
    this.name = "TransportError";
  }
}

/** How long the hub waits for an agency to receipt a batch. */
export const BATCH_TIMEOUT_MS = 10_000;

export async function postBatch(endpoint: string, jws: string, timeoutMs = BATCH_TIMEOUT_MS): Promise<Receipt> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.replace(/\/$/, "")}/messages`, {
      method: "POST",
      headers: { "content-type": ENVELOPE_MEDIA_TYPE, accept: "application/json" },
      body: jws,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TransportError(`unreachable: ${(error as Error).message}`, true);
  }
  const text = await response.text();
  // 5xx and 429 are the receiver's trouble: try again later. Other 4xx: our batch is wrong.
  if (!response.ok) throw new TransportError(`HTTP ${response.status}: ${text.slice(0, 200)}`, response.status >= 500 || response.status === 429, response.status);
  let parsed;
  try {
    parsed = receipt.safeParse(JSON.parse(text));
  } catch {
    throw new TransportError("receipt is not JSON", true, response.status);
  }
  if (!parsed.success) throw new TransportError("receipt does not match the protocol", true, response.status);
  return parsed.data;
}
