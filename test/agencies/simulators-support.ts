/**
 * A minimal hub for testing the stand-in agencies over real HTTP: it publishes its JWKS
 * at /agency/v1/jwks.json, receives batches at /agency/v1/messages (verified with
 * verifyEnvelope against each agency's published JWKS, duplicates answered "duplicate"),
 * keeps every message and every refused batch, and signs and sends orders to agencies.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { createRemoteJWKSet } from "jose";
import {
  agencyMessage,
  generateSigningKeyPair,
  jwks,
  postBatch,
  PROTOCOL_VERSION,
  ProtocolError,
  signEnvelope,
  signingKeyFrom,
  verifyEnvelope,
  type AgencyMessage,
  type Envelope,
  type HubMessage,
  type KeyPairRecord,
  type Receipt,
  type SigningKey,
} from "../../src/agencies/protocol/index.ts";
import { createSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from "../../src/agencies/simulators/index.ts";
import { eventually, PATIENCE_MS } from "../support/wait.ts";

const statusOf: Record<ProtocolError["code"], number> = {
  MALFORMED: 400,
  TOO_MANY_MESSAGES: 400,
  UNSUPPORTED_VERSION: 400,
  BAD_SIGNATURE: 401,
  UNKNOWN_SENDER: 401,
  WRONG_AUDIENCE: 403,
  OUTSIDE_WINDOW: 422,
};

export interface Received {
  agencyId: string;
  jti: string;
  message: AgencyMessage;
  status: "accepted" | "duplicate";
  /** Epoch ms when the hub received it. */
  at: number;
}

export interface FakeHub {
  url: string;
  keys: KeyPairRecord;
  signingKey: SigningKey;
  /** Every message received, duplicates included (status "duplicate"), in arrival order. */
  received: Received[];
  /** Batches refused (4xx) or answered with rejected messages. */
  refused: { agencyId: string | null; status: number; code: string }[];
  rejectedMessages: { agencyId: string; messageId: string; issues: string }[];
  /** Answer the next N batches with this status (e.g. 503) instead of processing them. */
  failNext(count: number, status?: number): void;
  accepted(): AgencyMessage[];
  clear(): void;
  close(): Promise<void>;
  app: FastifyInstance;
}

export async function startFakeHub(agencyJwksUrl: (agencyId: string) => string | undefined): Promise<FakeHub> {
  const keys = await generateSigningKeyPair();
  const signingKey = await signingKeyFrom(keys);
  const received: Received[] = [];
  const refused: FakeHub["refused"] = [];
  const rejectedMessages: FakeHub["rejectedMessages"] = [];
  const seen = new Set<string>();
  let failing = { count: 0, status: 503 };
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/jose", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.get("/agency/v1/jwks.json", async () => jwks([keys.publicJwk]));
  app.post("/agency/v1/messages", async (request, reply) => {
    if (failing.count > 0) {
      failing.count--;
      refused.push({ agencyId: null, status: failing.status, code: "SIMULATED" });
      return reply.status(failing.status).send({ code: "UNAVAILABLE", message: "hub down (test)" });
    }
    try {
      const batch = await verifyEnvelope(String(request.body), {
        audience: "hub",
        now: new Date(),
        messageSchema: agencyMessage,
        resolveKey: async (issuer, kid) => {
          const url = agencyJwksUrl(issuer);
          if (!url) return undefined;
          let keySet = keySets.get(issuer);
          if (!keySet) {
            keySet = createRemoteJWKSet(new URL(url), { cooldownDuration: 0 });
            keySets.set(issuer, keySet);
          }
          try {
            return await keySet({ alg: "ES256", kid });
          } catch {
            return undefined;
          }
        },
      });
      const agencyId = batch.envelope.iss;
      const receipts: Receipt["receipts"] = [];
      for (const invalid of batch.invalid) {
        rejectedMessages.push({ agencyId, messageId: String(invalid.messageId), issues: invalid.issues });
        if (invalid.messageId) receipts.push({ messageId: invalid.messageId, status: "rejected", code: "INVALID_MESSAGE" });
      }
      for (const message of batch.messages) {
        const status = seen.has(message.messageId) ? "duplicate" : "accepted";
        seen.add(message.messageId);
        received.push({ agencyId, jti: batch.envelope.jti, message, status, at: Date.now() });
        receipts.push({ messageId: message.messageId, status });
      }
      return { receipts };
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      refused.push({ agencyId: null, status: statusOf[error.code], code: error.code });
      return reply.status(statusOf[error.code]).send({ code: error.code, message: error.message });
    }
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    keys,
    signingKey,
    received,
    refused,
    rejectedMessages,
    app,
    failNext(count, status = 503) {
      failing = { count, status };
    },
    accepted: () => received.filter((entry) => entry.status === "accepted").map((entry) => entry.message),
    clear() {
      received.length = 0;
      refused.length = 0;
      rejectedMessages.length = 0;
      failing = { count: 0, status: 503 };
    },
    close: () => app.close(),
  };
}

export interface Harness {
  sim: SimulatorServer;
  hub: FakeHub;
  /** Signs messages as the hub (or as told) and POSTs them to the agency; returns the receipt. */
  send(agencyId: string, messages: HubMessage[], options?: { envelope?: Partial<Envelope<unknown>>; key?: SigningKey }): Promise<Receipt>;
  endpoint(agencyId: string): string;
  /** Waits until the simulators are idle, then returns what the hub accepted from the agency. */
  repliesFrom(agencyId: string): AgencyMessage[];
  close(): Promise<void>;
}

export async function startHarness(options: Omit<SimulatorServerOptions, "hubUrl"> = {}): Promise<Harness> {
  let simUrl = "";
  const hub = await startFakeHub((agencyId) => {
    const entry = simUrl ? sim.directory().find((candidate) => candidate.agencyKey === agencyId) : undefined;
    return entry?.jwksUrl;
  });
  const sim = await createSimulatorServer({ faults: { "*": { delayMs: 5 } }, retry: { baseMs: 20, maxMs: 200, maxAttempts: 8 }, ...options, hubUrl: hub.url });
  simUrl = await sim.listen();
  const endpoint = (agencyId: string) => sim.directory().find((entry) => entry.agencyKey === agencyId)!.endpoint;
  return {
    sim,
    hub,
    endpoint,
    async send(agencyId, messages, sendOptions = {}) {
      const envelope: Envelope<unknown> = {
        iss: "hub",
        aud: agencyId,
        jti: randomUUID(),
        iat: Math.floor(Date.now() / 1000),
        ver: PROTOCOL_VERSION,
        messages,
        ...sendOptions.envelope,
      };
      return postBatch(endpoint(agencyId), await signEnvelope(envelope, sendOptions.key ?? hub.signingKey));
    },
    repliesFrom: (agencyId) => hub.received.filter((entry) => entry.agencyId === agencyId && entry.status === "accepted").map((entry) => entry.message),
    async close() {
      await sim.close();
      await hub.close();
    },
  };
}

// ---- message builders ------------------------------------------------------------------------

const stamp = () => ({ messageId: randomUUID(), sentAt: new Date().toISOString() });

export type Debtor = { civilId: string; nameAr: string; nameEn: string } | { crNumber: string; nameAr: string; nameEn: string };

export const person = (civilId: string): Debtor => ({ civilId, nameAr: "خالد سعود العنزي", nameEn: "Khaled Saud Al-Enezi" });
export const company = (crNumber: string): Debtor => ({ crNumber, nameAr: "شركة الديرة", nameEn: "Al-Deera Company" });

export const orders = {
  attachment: (orderId: string, debtor: Debtor, maxAmount: bigint): HubMessage => ({ ...stamp(), type: "attachment.order", orderId, fileNumber: "2026/000042", debtor, maxAmount: String(maxAmount), standing: true }),
  adjust: (orderId: string, maxAmount: bigint, sentAt?: string): HubMessage => ({ ...stamp(), ...(sentAt ? { sentAt } : {}), type: "hold.adjust", orderId, fileNumber: "2026/000042", maxAmount: String(maxAmount), reason: "cap" }),
  lift: (orderId: string): HubMessage => ({ ...stamp(), type: "lift.order", orderId, fileNumber: "2026/000042", reason: "paid" }),
  transfer: (orderId: string, amount: bigint, toIban: string): HubMessage => ({ ...stamp(), type: "transfer.order", orderId, fileNumber: "2026/000042", amount: String(amount), toIban }),
  seizure: (orderId: string, debtor: Debtor): HubMessage => ({ ...stamp(), type: "seizure.order", orderId, fileNumber: "2026/000042", debtor }),
  travelBan: (orderId: string, debtor: Debtor): HubMessage => ({ ...stamp(), type: "travel_ban.order", orderId, fileNumber: "2026/000042", debtor }),
  disclosure: (requestId: string, debtor: Debtor): HubMessage => ({ ...stamp(), type: "disclosure.request", requestId, fileNumber: "2026/000042", debtor, funds: "present_and_future" }),
  identity: (queryId: string, civilId: string): HubMessage => ({ ...stamp(), type: "identity.query", queryId, civilId }),
};

export const KD = (dinars: number): bigint => BigInt(dinars) * 1000n;

/** Waits for `probe` to hold (test/support/wait.ts: an outcome awaited, never timed). */
export async function waitFor<T>(probe: () => T | undefined | false | null, patienceMs = PATIENCE_MS, what = "condition"): Promise<T> {
  return (await eventually(what, probe, { everyMs: 10, patienceMs })) as T;
}

/** Control API call over HTTP. */
export async function control(sim: SimulatorServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

type Of<T extends AgencyMessage["type"]> = Extract<AgencyMessage, { type: T }>;
export function ofType<T extends AgencyMessage["type"]>(messages: AgencyMessage[], type: T): Of<T>[] {
  return messages.filter((message): message is Of<T> => message.type === type);
}
