/**
 * Delivers pending messages to agencies: one signed batch per agency per round, retried
 * with exponential backoff, dead after too many attempts (listed for staff, re-drivable).
 * A claim moves the messages' next attempt a lease ahead, so two workers never send the
 * same batch at once, and a worker that dies mid-send is replaced after the lease.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../storage/database.ts";
import { BATCH_TIMEOUT_MS, postBatch, PROTOCOL_VERSION, signEnvelope, TransportError, type HubMessage } from "../protocol/index.ts";
import type { AgencyDirectory } from "./directory.ts";
import type { HubKeys } from "./hub-keys.ts";

export const HUB_ID = "hub";
export const MAX_ATTEMPTS = 12;
// Outlives any send (which gives up after BATCH_TIMEOUT_MS), so two workers never send a
// batch at once; short enough that a worker killed mid-send is replaced within seconds.
// The agency dedups by message id, so a resend after a crash changes nothing there.
const LEASE_MS = 2 * BATCH_TIMEOUT_MS;
const BATCH_LIMIT = 500;

/** 5 s, 10 s, 20 s … capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export interface DeliveryContext {
  db: Db;
  directory: AgencyDirectory;
  keys: HubKeys;
  now(): Date;
}

export interface DeliveryRound {
  agencies: number;
  delivered: number;
  refused: number;
  retried: number;
  dead: number;
}

export async function deliverDueMessages(context: DeliveryContext): Promise<DeliveryRound> {
  const now = context.now();
  const due = await context.db
    .selectFrom("agency_messages")
    .select("agency_key")
    .distinct()
    .where("direction", "=", "out")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .limit(100)
    .execute();
  const rounds = await Promise.all(due.map((row) => deliverToAgency(context, row.agency_key)));
  return rounds.reduce<DeliveryRound>(
    (total, round) => ({
      agencies: total.agencies + 1,
      delivered: total.delivered + round.delivered,
      refused: total.refused + round.refused,
      retried: total.retried + round.retried,
      dead: total.dead + round.dead,
    }),
    { agencies: 0, delivered: 0, refused: 0, retried: 0, dead: 0 },
  );
}

async function deliverToAgency(context: DeliveryContext, agencyKey: string) {
  const now = context.now();
  // Claim and lease in one statement (a sub-select that skips rows another worker holds).
  const { rows: leased } = await sql<{ id: bigint; body: unknown; attempts: number }>`
    UPDATE agency_messages SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1, updated_at = ${now}
    WHERE id IN (
      SELECT id FROM agency_messages
      WHERE direction = 'out' AND status = 'pending' AND agency_key = ${agencyKey} AND next_attempt_at <= ${now}
      ORDER BY id LIMIT ${BATCH_LIMIT}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, body, attempts`.execute(context.db);
  const claimed = leased.map((row) => ({ ...row, id: BigInt(row.id) })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const round = { delivered: 0, refused: 0, retried: 0, dead: 0 };
  if (claimed.length === 0) return round;

  const endpoint = context.directory.endpointOf(agencyKey);
  if (endpoint?.portalOnly) return handOverToPortal(context, claimed.map((row) => row.id));
  const batchId = randomUUID();
  const messages = claimed.map((row) => row.body as HubMessage);
  let failure: { error: string; retryable: boolean } | null = null;
  let receipts = new Map<string, { status: string; code?: string }>();
  let jws = "";
  if (!endpoint) {
    failure = { error: `no endpoint configured for ${agencyKey}`, retryable: true };
  } else {
    try {
      jws = await signEnvelope(
        { iss: HUB_ID, aud: agencyKey, jti: batchId, iat: Math.floor(context.now().getTime() / 1000), ver: PROTOCOL_VERSION, messages },
        context.keys.signingKey,
      );
      const receipt = await postBatch(endpoint.endpoint, jws);
      receipts = new Map(receipt.receipts.map((entry) => [entry.messageId, entry]));
    } catch (error) {
      failure = error instanceof TransportError ? { error: error.message, retryable: error.retryable } : { error: String(error), retryable: true };
    }
  }

  const after = context.now();
  await context.db.transaction().execute(async (tx) => {
    if (jws) {
      await tx
        .insertInto("agency_batches")
        .values({ agency_key: agencyKey, direction: "out", batch_id: batchId, jws, message_count: messages.length, outcome: failure ? `failed: ${failure.error.slice(0, 200)}` : "receipted", created_at: after })
        .execute();
    }
    // Receipted messages (nearly all of a batch) are marked in one statement; the others one by one.
    const delivered: bigint[] = [];
    for (const row of claimed) {
      const messageId = (row.body as HubMessage).messageId;
      const entry = receipts.get(messageId);
      if (!failure && entry && (entry.status === "accepted" || entry.status === "duplicate")) {
        round.delivered++;
        delivered.push(row.id);
      } else if (!failure && entry?.status === "rejected") {
        round.refused++;
        await tx.updateTable("agency_messages").set({ status: "refused", batch_id: batchId, last_error: entry.code ?? "rejected", next_attempt_at: null, updated_at: after }).where("id", "=", row.id).execute();
      } else {
        // No receipt for it, or the whole batch failed: try again later, or give up.
        const error = failure?.error ?? "no receipt for this message";
        const dead = row.attempts >= MAX_ATTEMPTS || (failure !== null && !failure.retryable);
        if (dead) round.dead++;
        else round.retried++;
        await tx
          .updateTable("agency_messages")
          .set({ status: dead ? "dead" : "pending", last_error: error.slice(0, 500), next_attempt_at: dead ? null : new Date(after.getTime() + backoffMs(row.attempts)), updated_at: after })
          .where("id", "=", row.id)
          .execute();
      }
    }
    if (delivered.length > 0) {
      await tx.updateTable("agency_messages").set({ status: "delivered", batch_id: batchId, last_error: null, next_attempt_at: null, updated_at: after }).where("id", "in", delivered).execute();
    }
  });
  return round;
}

/** An agency answering in the portal sees its orders there: the message is delivered by being listed. */
async function handOverToPortal(context: DeliveryContext, ids: bigint[]) {
  const at = context.now();
  await context.db
    .updateTable("agency_messages")
    .set({ status: "delivered", last_error: null, next_attempt_at: null, updated_at: at })
    .where("id", "in", ids)
    .execute();
  return { delivered: ids.length, refused: 0, retried: 0, dead: 0 };
}
