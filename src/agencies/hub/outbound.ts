/**
 * Queuing a message for an agency, in the caller's transaction: it is stored as pending
 * and delivered by the worker with retries. Its messageId is fixed now, so a resend after
 * a crash is the same message and the agency drops the duplicate.
 */
import { randomUUID } from "node:crypto";
import type { Tx } from "../../storage/action-log.ts";
import type { HubMessage } from "../protocol/index.ts";

type WithoutEnvelopeFields<T> = T extends unknown ? Omit<T, "messageId" | "sentAt"> : never;
export type OutgoingMessage = WithoutEnvelopeFields<HubMessage>;

export interface QueuedMessage {
  agencyKey: string;
  message: OutgoingMessage;
  fileId?: string | null;
  orderId?: string | null;
  requestId?: string | null;
}

export async function queueAgencyMessages(tx: Tx, queued: readonly QueuedMessage[], now: Date): Promise<string[]> {
  if (queued.length === 0) return [];
  const rows = queued.map((entry) => {
    const messageId = randomUUID();
    return {
      direction: "out" as const,
      agency_key: entry.agencyKey,
      message_id: messageId,
      message_type: entry.message.type,
      file_id: entry.fileId ?? null,
      order_id: entry.orderId ?? null,
      request_id: entry.requestId ?? null,
      body: JSON.stringify({ ...entry.message, messageId, sentAt: now.toISOString() }),
      batch_id: null,
      status: "pending" as const,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
  });
  await tx.insertInto("agency_messages").values(rows).execute();
  return rows.map((row) => row.message_id);
}
