/**
 * One stand-in agency: its keys, its inbound endpoint (verify, dedupe, receipt), the
 * asynchronous action on each accepted message, and its reply outbox (signed batches to
 * the hub, retried with backoff). What the agency *does* with a message is its behaviour
 * (bank.ts, traffic.ts, ...); the protocol mechanics are here, the same for all.
 *
 * Durability (store.ts): accepted messages are written before the receipt answers; an action,
 * the journal entry and the replies it queues are committed together; the outbox is kept until
 * the hub's receipt confirms each reply. After a restart, `replay` rebuilds the behaviour's
 * state from the journal and `resume` acts on what was accepted but not done, and sends what waits.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PROTOCOL_VERSION, agencyMessage, hubMessage, type AgencyMessage, type HubMessage, type Receipt } from "../../domain/exchange/messages.ts";
import { ProtocolError, signEnvelope, verifyEnvelope, type Envelope, type KeyResolver, type SigningKey } from "../protocol/envelope.ts";
import { generateSigningKeyPair, jwks, signingKeyFrom, type KeyPairRecord } from "../protocol/keys.ts";
import { postBatch, TransportError } from "../protocol/transport.ts";
import { Prng } from "./data.ts";
import { applyFaults, dedupes, distortReply, ignores, refusalAs, type Faults, type FaultsInput } from "./faults.ts";
import type { JournalRow, StandInStore } from "./store.ts";

export const HUB_ID = "hub";
export const MAX_REPLIES_PER_BATCH = 500;

export interface SimulatorClock {
  now(): Date;
}

/** A reply before the agency stamps it with a messageId and sentAt. */
export type ReplyDraft = AgencyMessage extends infer M ? (M extends AgencyMessage ? Omit<M, "messageId" | "sentAt"> : never) : never;

export type RejectionCode = Extract<AgencyMessage, { type: "rejection" }>["code"];

export interface AgencyContext {
  readonly agencyId: string;
  now(): Date;
  faults(): Faults;
  /** Stamps and queues a reply to the hub; results wait `declarationDelayMs` more than acks. */
  reply(draft: ReplyDraft, options?: { extraDelayMs?: number }): void;
  /** Queues a rejection of the message. */
  reject(message: HubMessage, code: RejectionCode, reason: string): void;
}

export interface AgencyBehaviour {
  /** Acts on one accepted message (already verified and deduplicated). Synchronous. */
  handle(message: HubMessage, context: AgencyContext): void;
  /** What the agency holds now, for the control API. */
  snapshot(): unknown;
  /** Forget every order and override (the generated data comes back). */
  reset(): void;
}

export interface RetryPolicy {
  /** First retry after this long; then doubled each time, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** After this many failed attempts a reply goes to the dead letters. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 500, maxMs: 30_000, maxAttempts: 20 };

/** What every agency of a simulator server shares. */
export interface SimulatorRuntime {
  clock: SimulatorClock;
  hubUrl(): string | undefined;
  resolveHubKey: KeyResolver;
  retry: RetryPolicy;
  sendTimeoutMs: number;
  seed: number;
}

/** The hub's JWKS could not be fetched: a transient trouble, answered 503 (not 401). */
export class HubKeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`cannot fetch the hub's keys: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "HubKeysUnavailableError";
  }
}

/** HTTP status the simulator answers for each protocol error (the same table as the hub). */
export const protocolErrorStatus: Readonly<Record<ProtocolError["code"], number>> = {
  MALFORMED: 400,
  TOO_MANY_MESSAGES: 400,
  UNSUPPORTED_VERSION: 400,
  BAD_SIGNATURE: 401,
  UNKNOWN_SENDER: 401,
  WRONG_AUDIENCE: 403,
  OUTSIDE_WINDOW: 422,
};

export type InboundAnswer =
  | { kind: "answer"; status: number; body: unknown; contentType?: string; headers?: Record<string, string> }
  | { kind: "refuse" };

export interface OutboxItem {
  message: AgencyMessage;
  attempts: number;
  /** Epoch ms (real time) when it may next be sent. */
  dueAt: number;
  lastError: string | null;
}

export interface DeadLetter {
  message: AgencyMessage;
  attempts: number;
  reason: string;
  at: string;
}

export type AgencyEvent =
  | { at: string; direction: "in"; kind: "batch"; status: number; code?: string; jti?: string; receipts?: { messageId: string; type: string | null; status: string; code?: string }[] }
  | { at: string; direction: "out"; kind: "batch" | "duplicate" | "garbage"; variant?: string; jti: string; messageIds: string[]; types: string[]; outcome: "receipt" | "error"; httpStatus?: number; error?: string; receipts?: Receipt["receipts"] }
  | { at: string; direction: "out"; kind: "dead_letter"; messageId: string; type: string; reason: string }
  | { at: string; direction: "none"; kind: "action_failed"; messageId: string; error: string };

const MAX_EVENTS = 2000;
const uuid = z.uuid();

export class SimulatedAgency {
  readonly id: string;
  readonly basePath: string;
  readonly behaviour: AgencyBehaviour;
  private keys: KeyPairRecord[];
  private signingKey: SigningKey | undefined;
  private faultConfig: Faults;
  private readonly initialFaults: Faults;
  private readonly runtime: SimulatorRuntime;
  private readonly failures: Prng;
  private readonly shuffler: Prng;
  private readonly seenMessageIds = new Set<string>();
  private readonly seenBatches = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pendingActions = 0;
  private outbox: OutboxItem[] = [];
  private deadLetters: DeadLetter[] = [];
  private events: AgencyEvent[] = [];
  private sending: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushAt = Number.POSITIVE_INFINITY;
  private forgedKey: SigningKey | undefined;
  private closed = false;
  private readonly context: AgencyContext;
  private readonly store: StandInStore;
  /** Counters for the control API. */
  readonly counters = { batchesIn: 0, messagesAccepted: 0, duplicatesDropped: 0, messagesRejected: 0, batchesRefused: 0, batchesOut: 0, repliesDelivered: 0 };

  constructor(params: { id: string; basePath: string; behaviour: AgencyBehaviour; keys: KeyPairRecord[]; faults: Faults; runtime: SimulatorRuntime; store: StandInStore }) {
    this.id = params.id;
    this.store = params.store;
    this.basePath = params.basePath;
    this.behaviour = params.behaviour;
    this.keys = params.keys;
    this.faultConfig = params.faults;
    this.initialFaults = params.faults;
    this.runtime = params.runtime;
    this.failures = Prng.of(params.runtime.seed, "failures", params.id);
    this.shuffler = Prng.of(params.runtime.seed, "shuffle", params.id);
    this.context = {
      agencyId: this.id,
      now: () => this.runtime.clock.now(),
      faults: () => this.faultConfig,
      reply: (draft, options) => {
        this.enqueueReply(draft, options?.extraDelayMs ?? 0);
      },
      reject: (message, code, reason) => {
        this.enqueueReply({
          type: "rejection",
          inReplyTo: message.messageId,
          ...("orderId" in message ? { orderId: message.orderId } : {}),
          ...("requestId" in message ? { requestId: message.requestId } : {}),
          // A refused identity query is named by its queryId in requestId (docs/agency-protocol.md section 10.4).
          ...("queryId" in message ? { requestId: message.queryId } : {}),
          code,
          reason,
        }, 0);
      },
    };
  }

  // ---- keys -----------------------------------------------------------------------------

  get kid(): string {
    return this.currentKey().kid;
  }

  publicJwks(): ReturnType<typeof jwks> {
    return jwks(this.keys.map((key) => key.publicJwk));
  }

  /** A new signing key; the old public key stays published unless retired (rotation overlap). */
  async rotateKey(options: { retirePrevious?: boolean } = {}): Promise<string> {
    const next = await generateSigningKeyPair();
    this.keys = options.retirePrevious ? [next] : [...this.keys, next];
    this.store.saveKeys(this.id, this.keys);
    this.signingKey = undefined;
    return next.kid;
  }

  private currentKey(): KeyPairRecord {
    return this.keys[this.keys.length - 1]!;
  }

  private async signer(): Promise<SigningKey> {
    this.signingKey ??= await signingKeyFrom(this.currentKey());
    return this.signingKey;
  }

  // ---- faults -----------------------------------------------------------------------------

  get faults(): Faults {
    return this.faultConfig;
  }

  setFaults(change: FaultsInput): Faults {
    this.faultConfig = applyFaults(this.faultConfig, change);
    // Coming back up, or releasing held replies: send what is due.
    this.scheduleFlush(0);
    return this.faultConfig;
  }

  private get repliesBlocked(): boolean {
    return this.faultConfig.down !== false || this.faultConfig.holdReplies;
  }

  // ---- inbound ----------------------------------------------------------------------------

  /** Availability faults that apply to any request to this agency (JWKS included). */
  availability(): InboundAnswer | null {
    if (this.faultConfig.down === "refuse") return { kind: "refuse" };
    if (this.faultConfig.down === "503") {
      return { kind: "answer", status: 503, body: { code: "UNAVAILABLE", message: `${this.id} is down (simulated)` }, headers: { "retry-after": "5" } };
    }
    return null;
  }

  /** POST <base>/messages: verify, deduplicate, answer the receipt, act later. */
  async receive(contentType: string | undefined, body: unknown): Promise<InboundAnswer> {
    const answer = await this.receiveInner(contentType, body);
    if (answer.kind === "answer") {
      this.counters.batchesIn++;
      if (answer.status !== 200) this.counters.batchesRefused++;
    }
    return answer;
  }

  private async receiveInner(contentType: string | undefined, body: unknown): Promise<InboundAnswer> {
    const unavailable = this.availability();
    if (unavailable) {
      if (unavailable.kind === "answer") this.record({ at: this.stamp(), direction: "in", kind: "batch", status: unavailable.status, code: "UNAVAILABLE" });
      return unavailable;
    }
    if (this.faultConfig.failureRate > 0 && this.failures.float() < this.faultConfig.failureRate) {
      this.record({ at: this.stamp(), direction: "in", kind: "batch", status: 500, code: "INTERNAL" });
      return { kind: "answer", status: 500, body: { code: "INTERNAL", message: "simulated failure: nothing was processed" } };
    }
    const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/jose" || typeof body !== "string") {
      return this.refuse(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be a compact JWS sent as application/jose");
    }
    let verified;
    try {
      verified = await verifyEnvelope(body.trim(), {
        audience: this.id,
        now: this.runtime.clock.now(),
        resolveKey: this.runtime.resolveHubKey,
        messageSchema: hubMessage,
      });
    } catch (error) {
      if (error instanceof ProtocolError) return this.refuse(protocolErrorStatus[error.code], error.code, error.message);
      if (error instanceof HubKeysUnavailableError) return this.refuse(503, "KEYS_UNAVAILABLE", error.message, { "retry-after": "5" });
      throw error;
    }
    const { envelope, messages, invalid } = verified;
    // A receipt names each message by its messageId: a message without a usable one
    // could not be answered, so the whole batch is refused before anything is done.
    const nameless = invalid.find((entry) => entry.messageId === null || !uuid.safeParse(entry.messageId).success);
    if (nameless) return this.refuse(400, "MALFORMED", `message ${nameless.index} has no valid messageId`);

    const replayed = this.seenBatches.has(envelope.jti);
    this.rememberBatch(envelope);
    const invalidAt = new Map(invalid.map((entry) => [entry.index, entry]));
    const receipts: Receipt["receipts"] = [];
    const logged: { messageId: string; type: string | null; status: string; code?: string }[] = [];
    let next = 0;
    const accepted: HubMessage[] = [];
    for (let index = 0; index < envelope.messages.length; index++) {
      const bad = invalidAt.get(index);
      if (bad) {
        receipts.push({ messageId: bad.messageId!, status: "rejected", code: "INVALID_MESSAGE" });
        logged.push({ messageId: bad.messageId!, type: typeOf(envelope.messages[index]), status: "rejected", code: "INVALID_MESSAGE" });
        this.counters.messagesRejected++;
        continue;
      }
      const message = messages[next++]!;
      if (this.seenMessageIds.has(message.messageId) && dedupes(this.faultConfig)) {
        receipts.push({ messageId: message.messageId, status: "duplicate" });
        logged.push({ messageId: message.messageId, type: message.type, status: "duplicate" });
        this.counters.duplicatesDropped++;
        continue;
      }
      this.seenMessageIds.add(message.messageId);
      receipts.push({ messageId: message.messageId, status: "accepted" });
      logged.push({ messageId: message.messageId, type: message.type, status: "accepted" });
      this.counters.messagesAccepted++;
      accepted.push(message);
    }
    // On disk before the receipt says "accepted" (a receipt means the message is kept).
    try {
      this.store.accept(this.id, accepted.map((message) => ({ messageId: message.messageId, body: message })), this.stamp());
    } catch (error) {
      for (const message of accepted) this.seenMessageIds.delete(message.messageId);
      this.counters.messagesAccepted -= accepted.length;
      return this.refuse(500, "INTERNAL", `cannot store the messages: ${(error as Error).message}`);
    }
    for (const message of accepted) this.scheduleAction(message);
    this.record({ at: this.stamp(), direction: "in", kind: "batch", status: 200, jti: envelope.jti, receipts: logged, ...(replayed ? { code: "REPLAYED_BATCH" } : {}) });
    if (this.faultConfig.garbage === "receipt") {
      return { kind: "answer", status: 200, body: "<html><body><h1>Request received</h1></body></html>", contentType: "text/html; charset=utf-8" };
    }
    return { kind: "answer", status: 200, body: { receipts } satisfies Receipt };
  }

  private refuse(status: number, code: string, message: string, headers?: Record<string, string>): InboundAnswer {
    ({ status, code } = refusalAs(this.faultConfig, status, code));
    this.record({ at: this.stamp(), direction: "in", kind: "batch", status, code });
    return { kind: "answer", status, body: { code, message }, ...(headers ? { headers } : {}) };
  }

  /** Batch ids are kept for twice the window; a replay is answered like any repeat (duplicates). */
  private rememberBatch(envelope: Envelope<unknown>) {
    const nowMs = Date.now();
    for (const [jti, expiry] of this.seenBatches) if (expiry < nowMs) this.seenBatches.delete(jti);
    this.seenBatches.set(envelope.jti, nowMs + 600_000);
  }

  private scheduleAction(message: HubMessage) {
    this.pendingActions++;
    this.later(this.faultConfig.delayMs, () => {
      try {
        // The journal entry and the replies the action queues: one commit.
        this.store.transaction(() => {
          this.store.journalMessage(this.id, message.messageId, message, this.stamp(), this.faultConfig);
          try {
            if (!ignores(this.faultConfig, message)) this.behaviour.handle(message, this.context);
          } catch (error) {
            this.record({ at: this.stamp(), direction: "none", kind: "action_failed", messageId: message.messageId, error: (error as Error).message });
          }
        });
      } catch (error) {
        this.record({ at: this.stamp(), direction: "none", kind: "action_failed", messageId: message.messageId, error: `not stored: ${(error as Error).message}` });
      } finally {
        this.pendingActions--;
      }
    });
  }

  /** Runs `action` after a delay, unless the agency has been closed. */
  private later(delayMs: number, action: () => void) {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) action();
    }, delayMs);
    this.timers.add(timer);
  }

  /** For changes of state outside a message that are not kept (the starting data, applied at every start). */
  act<T>(action: (context: AgencyContext) => T): T {
    return action(this.context);
  }

  /**
   * A control action (e.g. a credit) that changes state: journalled with the replies it
   * queues, in one commit, and replayed after a restart through the server's `applyControl`.
   */
  control<T>(action: unknown, apply: (context: AgencyContext) => T): T {
    return this.store.transaction(() => {
      this.store.journalControl(this.id, action, this.stamp(), this.faultConfig);
      return apply(this.context);
    });
  }

  // ---- restart ----------------------------------------------------------------------------

  /** The context a journal entry is replayed with: its own time and faults, replies suppressed (they are in the outbox, or were delivered). */
  replayContext(row: JournalRow): AgencyContext {
    const faults = JSON.parse(row.faults) as Faults;
    return { agencyId: this.id, now: () => new Date(row.at), faults: () => faults, reply: () => undefined, reject: () => undefined };
  }

  /** Replays one journalled message (state only). */
  replay(row: JournalRow) {
    try {
      const message = hubMessage.parse(JSON.parse(row.body));
      const context = this.replayContext(row);
      // An action the fault setting of its time skipped is skipped again.
      if (!ignores(context.faults(), message)) this.behaviour.handle(message, context);
    } catch {
      // It failed the first time too (the same code on the same state): nothing more to do.
    }
  }

  /** After replay: the dedupe memory, the pending replies and dead letters, and the messages accepted but not acted on. */
  resume() {
    for (const id of this.store.acceptedIds(this.id)) this.seenMessageIds.add(id);
    const now = Date.now();
    this.outbox = [];
    this.deadLetters = [];
    for (const stored of this.store.replies(this.id)) {
      const message = agencyMessage.parse(JSON.parse(stored.body));
      if (stored.dead) this.deadLetters.push({ message, attempts: stored.attempts, reason: stored.reason ?? "", at: stored.deadAt ?? this.stamp() });
      else this.outbox.push({ message, attempts: stored.attempts, dueAt: Math.min(stored.dueAt, now), lastError: stored.lastError });
    }
    for (const body of this.store.unhandled(this.id)) this.scheduleAction(hubMessage.parse(body));
    this.scheduleFlush(0);
  }

  // ---- outbox -----------------------------------------------------------------------------

  private enqueueReply(draft: ReplyDraft, extraDelayMs: number): AgencyMessage {
    const message = agencyMessage.parse({ ...distortReply(this.faultConfig, draft), messageId: randomUUID(), sentAt: this.runtime.clock.now().toISOString() });
    const resultDelay = message.type === "ack" || message.type === "rejection" ? 0 : this.faultConfig.declarationDelayMs;
    const delay = resultDelay + extraDelayMs;
    // Lost, as if the agency crashed before sending it: its state (orders, sequences) stays.
    if (this.faultConfig.dropReplies) return message;
    const dueAt = Date.now() + delay;
    this.store.putReply(this.id, { messageId: message.messageId, body: message, attempts: 0, dueAt });
    this.outbox.push({ message, attempts: 0, dueAt, lastError: null });
    this.scheduleFlush(delay);
    return message;
  }

  private scheduleFlush(delayMs: number) {
    if (this.closed) return;
    const at = Date.now() + delayMs;
    if (this.flushTimer && this.flushAt <= at) return;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.timers.delete(this.flushTimer);
    }
    this.flushAt = at;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.flushTimer = null;
      this.flushAt = Number.POSITIVE_INFINITY;
      void this.flush();
    }, Math.max(0, delayMs));
    this.flushTimer = timer;
    this.timers.add(timer);
  }

  /** Sends every due reply (respecting the faults); reschedules itself for what is left. */
  async flush(): Promise<void> {
    if (this.closed) return;
    if (this.sending) {
      await this.sending;
      return this.flush();
    }
    if (this.repliesBlocked) return;
    const now = Date.now();
    const due = this.outbox.filter((item) => item.dueAt <= now);
    if (due.length > 0) {
      this.sending = this.sendDue(due).finally(() => {
        this.sending = null;
      });
      await this.sending;
    }
    const nextDue = Math.min(...this.outbox.map((item) => item.dueAt));
    if (Number.isFinite(nextDue) && !this.repliesBlocked) this.scheduleFlush(Math.max(0, nextDue - Date.now()));
  }

  private async sendDue(due: OutboxItem[]) {
    let groups: OutboxItem[][];
    if (this.faultConfig.reorderReplies === "reverse") groups = [...due].reverse().map((item) => [item]);
    else if (this.faultConfig.reorderReplies === "shuffle") groups = this.shuffler.shuffle(due).map((item) => [item]);
    else {
      groups = [];
      for (let start = 0; start < due.length; start += MAX_REPLIES_PER_BATCH) groups.push(due.slice(start, start + MAX_REPLIES_PER_BATCH));
    }
    for (const group of groups) {
      if (this.closed) return;
      await this.sendGroup(group);
    }
  }

  private async sendGroup(group: OutboxItem[]) {
    const messages = group.map((item) => item.message);
    const garbage = this.faultConfig.garbage;
    if (garbage === "unsigned" || garbage === "forged" || garbage === "malformed") await this.sendGarbage(garbage, messages);
    let sent: { jti: string; receipt: Receipt };
    try {
      sent = await this.post(messages);
    } catch (error) {
      const transport = error instanceof TransportError ? error : new TransportError((error as Error).message, true);
      this.record({ at: this.stamp(), direction: "out", kind: "batch", jti: "-", messageIds: messages.map((m) => m.messageId), types: messages.map((m) => m.type), outcome: "error", error: transport.message, ...(transport.status ? { httpStatus: transport.status } : {}) });
      // 401 (keys not yet known, e.g. during rotation) and 422 (clock) may heal: retried, bounded.
      const retryable = transport.retryable || transport.status === 401 || transport.status === 422;
      for (const item of group) this.failed(item, transport.message, retryable);
      return;
    }
    this.counters.batchesOut++;
    this.record({ at: this.stamp(), direction: "out", kind: "batch", jti: sent.jti, messageIds: messages.map((m) => m.messageId), types: messages.map((m) => m.type), outcome: "receipt", receipts: sent.receipt.receipts });
    const byId = new Map(sent.receipt.receipts.map((entry) => [entry.messageId, entry]));
    this.store.delivered(this.id, group.filter((item) => { const entry = byId.get(item.message.messageId); return entry !== undefined && entry.status !== "rejected"; }).map((item) => item.message.messageId));
    for (const item of group) {
      const entry = byId.get(item.message.messageId);
      if (!entry) this.failed(item, "no receipt for this message", true);
      else if (entry.status === "rejected") this.failed(item, `rejected by the hub: ${entry.code ?? "no code"}`, false);
      else {
        this.counters.repliesDelivered++;
        this.remove(item);
      }
    }
    if (this.faultConfig.duplicateReplies) {
      try {
        const again = await this.post(messages);
        this.record({ at: this.stamp(), direction: "out", kind: "duplicate", jti: again.jti, messageIds: messages.map((m) => m.messageId), types: messages.map((m) => m.type), outcome: "receipt", receipts: again.receipt.receipts });
      } catch (error) {
        this.record({ at: this.stamp(), direction: "out", kind: "duplicate", jti: "-", messageIds: messages.map((m) => m.messageId), types: messages.map((m) => m.type), outcome: "error", error: (error as Error).message });
      }
    }
  }

  private failed(item: OutboxItem, reason: string, retryable: boolean) {
    item.attempts++;
    item.lastError = reason;
    if (!retryable || item.attempts >= this.runtime.retry.maxAttempts) {
      this.remove(item);
      this.store.deadLetter(this.id, item.message.messageId, item.attempts, reason, this.stamp());
      this.deadLetters.push({ message: item.message, attempts: item.attempts, reason, at: this.stamp() });
      this.record({ at: this.stamp(), direction: "out", kind: "dead_letter", messageId: item.message.messageId, type: item.message.type, reason });
      return;
    }
    const { baseMs, maxMs } = this.runtime.retry;
    item.dueAt = Date.now() + Math.min(maxMs, baseMs * 2 ** (item.attempts - 1));
    this.store.retryLater(this.id, item.message.messageId, item.attempts, item.dueAt, reason);
  }

  private remove(item: OutboxItem) {
    const index = this.outbox.indexOf(item);
    if (index >= 0) this.outbox.splice(index, 1);
  }

  private envelopeFor(messages: unknown[]): Envelope<unknown> {
    return { iss: this.id, aud: HUB_ID, jti: randomUUID(), iat: Math.floor(this.runtime.clock.now().getTime() / 1000), ver: PROTOCOL_VERSION, messages };
  }

  private endpoint(): string {
    const hub = this.runtime.hubUrl();
    if (!hub) throw new TransportError("no hub URL configured", true);
    return `${hub.replace(/\/$/, "")}/agency/v1`;
  }

  private async post(messages: unknown[]): Promise<{ jti: string; receipt: Receipt }> {
    const envelope = this.envelopeFor(messages);
    const jws = await signEnvelope(envelope, await this.signer());
    return { jti: envelope.jti, receipt: await postBatch(this.endpoint(), jws, this.runtime.sendTimeoutMs) };
  }

  private async sendGarbage(variant: "unsigned" | "forged" | "malformed", messages: AgencyMessage[]) {
    let jws: string;
    let body: unknown[] = messages;
    if (variant === "malformed") {
      // Fresh ids, so the hub rejecting them cannot shadow the genuine replies.
      body = messages.map((message) => ({ ...message, messageId: randomUUID(), sentAt: "yesterday" }));
    }
    const envelope = this.envelopeFor(body);
    if (variant === "unsigned") {
      const header = Buffer.from(JSON.stringify({ alg: "none", kid: this.kid, typ: "tanfeeth-agency+jws" })).toString("base64url");
      jws = `${header}.${Buffer.from(JSON.stringify(envelope)).toString("base64url")}.`;
    } else if (variant === "forged") {
      if (!this.forgedKey) {
        const impostor = await generateSigningKeyPair();
        this.forgedKey = await signingKeyFrom({ kid: this.kid, privateJwk: impostor.privateJwk });
      }
      jws = await signEnvelope(envelope, { kid: this.kid, privateKey: this.forgedKey.privateKey });
    } else {
      jws = await signEnvelope(envelope, await this.signer());
    }
    const base = { at: this.stamp(), direction: "out" as const, kind: "garbage" as const, variant, jti: envelope.jti, messageIds: body.map((m) => (m as { messageId: string }).messageId), types: messages.map((m) => m.type) };
    try {
      const receipt = await postBatch(this.endpoint(), jws, this.runtime.sendTimeoutMs);
      this.record({ ...base, outcome: "receipt", receipts: receipt.receipts });
    } catch (error) {
      const status = error instanceof TransportError ? error.status : undefined;
      this.record({ ...base, outcome: "error", error: (error as Error).message, ...(status ? { httpStatus: status } : {}) });
    }
  }

  /** Puts the dead letters back in the outbox (attempts reset). */
  redrive(): number {
    const count = this.deadLetters.length;
    this.store.redrive(this.id, Date.now());
    for (const dead of this.deadLetters) this.outbox.push({ message: dead.message, attempts: 0, dueAt: Date.now(), lastError: null });
    this.deadLetters = [];
    this.scheduleFlush(0);
    return count;
  }

  // ---- inspection, lifecycle --------------------------------------------------------------

  /** Nothing left to do: no action pending, nothing sending, no reply waiting (held replies do not count). */
  get busy(): boolean {
    if (this.pendingActions > 0 || this.sending) return true;
    return this.outbox.length > 0 && !this.repliesBlocked;
  }

  status() {
    return {
      agency: this.id,
      basePath: this.basePath,
      kid: this.kid,
      kids: this.keys.map((key) => key.kid),
      faults: this.faultConfig,
      pendingActions: this.pendingActions,
      outbox: this.outbox.map((item) => ({ messageId: item.message.messageId, type: item.message.type, attempts: item.attempts, dueInMs: Math.max(0, item.dueAt - Date.now()), lastError: item.lastError })),
      deadLetters: this.deadLetters.map((dead) => ({ messageId: dead.message.messageId, type: dead.message.type, attempts: dead.attempts, reason: dead.reason, at: dead.at })),
      counters: { ...this.counters },
    };
  }

  outboxMessages(): AgencyMessage[] {
    return this.outbox.map((item) => item.message);
  }

  deadLetterMessages(): DeadLetter[] {
    return [...this.deadLetters];
  }

  log(limit = MAX_EVENTS): AgencyEvent[] {
    return this.events.slice(-limit);
  }

  /** Forgets orders, replies, logs and dedupe memory (in memory: the server clears the store); faults back to their starting values; keys kept. */
  reset() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.flushTimer = null;
    this.flushAt = Number.POSITIVE_INFINITY;
    this.pendingActions = 0;
    this.outbox = [];
    this.deadLetters = [];
    this.events = [];
    this.seenMessageIds.clear();
    this.seenBatches.clear();
    this.faultConfig = this.initialFaults;
    for (const key of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[key] = 0;
    this.behaviour.reset();
  }

  async close() {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.sending) await this.sending.catch(() => undefined);
  }

  private stamp(): string {
    return this.runtime.clock.now().toISOString();
  }

  private record(event: AgencyEvent) {
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }
}

function typeOf(candidate: unknown): string | null {
  const type = (candidate as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : null;
}
