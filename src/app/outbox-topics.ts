/**
 * The outbox's topics, in one typed registry: each topic names the payload it carries (a
 * zod schema, so an entry read back from the database is checked, not cast) and the
 * handler that carries it out is bound to that payload type. The worker registers its
 * handlers from `OutboxHandlers` (src/jobs/outbox-handlers.ts): the compiler refuses a
 * topic without a handler, a handler for a topic that does not exist, and a payload of
 * the wrong shape on either side.
 */
import { z } from "zod";
import { procedureEvents, procedureStatuses } from "../domain/procedures/index.ts";
import type { Tx } from "../storage/action-log.ts";
import { enqueue } from "../storage/outbox.ts";
import type { AppDeps } from "./deps.ts";
import { disputeNoticeEvents } from "../domain/disputes/dispute-machine.ts";
import { planNoticeEvents } from "../domain/instalments/plan-machine.ts";

/** Every entry carries the correlation id of the change that queued it (FileChanges.sideEffect). */
const correlated = { correlationId: z.string().optional() };

export const outboxPayloads = {
  /** Send a procedure's pending orders (src/app/agency-exchange/dispatch-procedure.ts). */
  "procedure.dispatch": z.object({ procedureId: z.uuid(), ...correlated }),
  /** Send the lift of orders (those of one procedure; an older entry names one `orderId`). */
  "order.lift": z.object({ orderIds: z.array(z.uuid()).optional(), orderId: z.uuid().optional(), ...correlated }),
  /** Electronic notices (src/notices): the debtor served with the title; a procedure's new status. */
  "notice.title_served": z.object({ fileId: z.uuid(), ...correlated }),
  "notice.procedure_changed": z.object({ procedureId: z.uuid(), status: z.enum(procedureStatuses), event: z.enum(procedureEvents).optional(), at: z.string().optional(), ...correlated }),
  /** An enforcement dispute or an instalment plan changed (src/notices/dispute-plan-notices.ts). */
  "notice.dispute_changed": z.object({ disputeId: z.uuid(), event: z.enum(disputeNoticeEvents), key: z.string().optional(), at: z.string().optional(), ...correlated }),
  "notice.instalment_plan_changed": z.object({ planId: z.uuid(), event: z.enum(planNoticeEvents), key: z.string().optional(), at: z.string().optional(), ...correlated }),
  /** Money on a file: a payment credited, a payout executed — one notice to the creditor(s) per event (src/notices/create-notices.ts). */
  "notice.money_moved": z.object({
    fileId: z.uuid(),
    event: z.enum(["payment", "payout_paid", "outside_payment_reported_late"]),
    /** The ledger entry or the payout: one notice per event. */
    key: z.string(),
    amount: z.string().regex(/^\d+$/).describe("fils"),
    outstanding: z.string().regex(/^\d+$/).optional(),
    /** A payout's creditor party (only that creditor is told), the account partly hidden, the bank's reference. */
    creditorPartyId: z.uuid().optional(),
    iban: z.string().optional(),
    reference: z.string().optional(),
    /** A late creditor's report (Art. 298(b)): the day the payment was received, and the days past the week. */
    receivedOn: z.string().optional(),
    daysLate: z.number().int().optional(),
    at: z.string(),
    ...correlated,
  }),
  /** Proceeds of attached funds to share among the debtor's attaching creditors (src/app/treasury/distribute-proceeds.ts). */
  "treasury.distribute": z.object({ distributionId: z.uuid(), ...correlated }),
} as const;

export type OutboxTopic = keyof typeof outboxPayloads;
type Payloads = { [T in OutboxTopic]: z.infer<(typeof outboxPayloads)[T]> };
export type OutboxPayload<T extends OutboxTopic> = Payloads[T];
const payloadSchemas: { readonly [T in OutboxTopic]: z.ZodType<Payloads[T]> } = outboxPayloads;

/** An entry to queue: a topic with its own payload (the correlation id is added by FileChanges). */
export type OutboxEntry = { [T in OutboxTopic]: { topic: T; payload: Payloads[T] } }[OutboxTopic];

/** What a handler runs with: the entry's transaction, the time it runs at, and the use cases' deps (rules, ids). */
export interface OutboxJob {
  tx: Tx;
  now: Date;
  deps: AppDeps;
}

export type OutboxHandler<T extends OutboxTopic> = (job: OutboxJob, payload: Payloads[T]) => Promise<void>;
export type OutboxHandlers = { readonly [T in OutboxTopic]: OutboxHandler<T> };

/** Topics whose handlers lock nothing (they only insert notices): their entries run many to a transaction. */
export const insertOnlyTopics: ReadonlySet<OutboxTopic> = new Set<OutboxTopic>(["notice.title_served", "notice.procedure_changed", "notice.dispute_changed", "notice.instalment_plan_changed", "notice.money_moved"]);

export function isOutboxTopic(topic: string): topic is OutboxTopic {
  return Object.hasOwn(outboxPayloads, topic);
}

/** Runs an entry read back from the database: its payload checked against its topic's schema, then handed to that topic's handler. */
export async function runOutboxEntry(handlers: OutboxHandlers, job: OutboxJob, entry: { topic: string; payload: unknown }): Promise<void> {
  if (!isOutboxTopic(entry.topic)) throw new Error(`no handler for outbox topic ${entry.topic}`);
  await runTopic(handlers, job, entry.topic, entry.payload);
}

function runTopic<T extends OutboxTopic>(handlers: OutboxHandlers, job: OutboxJob, topic: T, payload: unknown): Promise<void> {
  const handler: OutboxHandler<T> = handlers[topic];
  return handler(job, payloadSchemas[topic].parse(payload));
}

/** Queues typed entries in the caller's transaction (outside a FileChanges, e.g. when a file is opened). */
export async function queueOutbox(tx: Tx, entries: readonly OutboxEntry[], now: Date): Promise<void> {
  await enqueue(tx, entries, now);
}
