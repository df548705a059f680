/**
 * The kit's own hub side: while it plays the hub against an agency, the agency's
 * asynchronous replies need somewhere to go. A small HTTP server with the hub's layout —
 * GET <url>/agency/v1/jwks.json (the kit's hub key) and POST <url>/agency/v1/messages —
 * that verifies each reply batch against the agency's published key set exactly as the
 * hub would (docs/agency-protocol.md section 3), answers receipts (section 6) and keeps
 * every reply, and every batch it had to refuse, for the cases to examine.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { createRemoteJWKSet } from "jose";
import { agencyMessage, type AgencyMessage, type Receipt } from "../../domain/exchange/messages.ts";
import { ENVELOPE_MEDIA_TYPE, ProtocolError, SIGNING_ALG, verifyEnvelope } from "../protocol/envelope.ts";
import { generateSigningKeyPair, jwks, type KeyPairRecord } from "../protocol/keys.ts";
import { batchErrors } from "../protocol/schemas.ts";

export interface ReceivedReply {
  agency: string;
  jti: string;
  message: AgencyMessage;
  /** Epoch ms. */
  at: number;
  status: "accepted" | "duplicate";
}

export interface RefusedBatch {
  agency: string | null;
  status: number;
  code: string;
  message: string;
  at: number;
}

export interface ConformanceHub {
  /** Where the agency must send its replies and fetch the hub's keys: its "hub URL". */
  readonly url: string;
  readonly key: KeyPairRecord;
  /** Every reply received, duplicates included, in arrival order. */
  readonly replies: ReceivedReply[];
  /** Reply batches refused (a signature, an audience, a window …) and messages rejected as invalid. */
  readonly refused: RefusedBatch[];
  /** While false, the kit's key set answers 503: as if the hub's keys could not be fetched. */
  setKeysAvailable(available: boolean): void;
  /** Verify replies from this agency with the key set at this URL. */
  expectAgency(agency: string, jwksUrl: string): void;
  /** Waits until `ready()` holds or the time is up; returns whether it held. */
  waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface ConformanceHubOptions {
  port?: number;
  host?: string;
  /** The URL the agency reaches the kit at, when not the listening address (a tunnel, a proxy). */
  publicUrl?: string;
  /** The kit's hub signing key (keep it in a file so the agency can register it once); generated if absent. */
  key?: KeyPairRecord;
}

const statusOf = (code: string) => batchErrors.find((entry) => entry.codes.includes(code))?.status ?? 400;

export async function startConformanceHub(options: ConformanceHubOptions = {}): Promise<ConformanceHub> {
  const key = options.key ?? (await generateSigningKeyPair());
  const replies: ReceivedReply[] = [];
  const refused: RefusedBatch[] = [];
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const seen = new Set<string>();
  const seenBatches = new Set<string>();
  let keysAvailable = true;

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.addContentTypeParser(ENVELOPE_MEDIA_TYPE, { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.get("/agency/v1/jwks.json", async (_request, reply) => {
    if (!keysAvailable) return reply.status(503).header("retry-after", "5").send({ code: "UNAVAILABLE", message: "the key set is down (conformance kit)" });
    void reply.header("cache-control", "public, max-age=60");
    return jwks([key.publicJwk]);
  });
  app.post("/agency/v1/messages", async (request, reply) => {
    const refuse = (status: number, code: string, message: string, agency: string | null = null) => {
      refused.push({ agency, status, code, message, at: Date.now() });
      return reply.status(status).send({ code, message });
    };
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== ENVELOPE_MEDIA_TYPE || typeof request.body !== "string") return refuse(415, "UNSUPPORTED_MEDIA_TYPE", `Content-Type must be ${ENVELOPE_MEDIA_TYPE}`);
    let verified;
    try {
      verified = await verifyEnvelope(request.body.trim(), {
        audience: "hub",
        now: new Date(),
        messageSchema: agencyMessage,
        resolveKey: async (issuer, kid) => {
          const keySet = keySets.get(issuer);
          if (!keySet) return undefined;
          try {
            return await keySet({ alg: SIGNING_ALG, kid });
          } catch {
            return undefined;
          }
        },
      });
    } catch (error) {
      if (error instanceof ProtocolError) return refuse(statusOf(error.code), error.code, error.message);
      throw error;
    }
    const { envelope, messages, invalid } = verified;
    const agency = envelope.iss;
    if (invalid.some((entry) => entry.messageId === null)) return refuse(400, "MALFORMED", "a message without a valid messageId", agency);
    const replayed = seenBatches.has(`${agency} ${envelope.jti}`);
    seenBatches.add(`${agency} ${envelope.jti}`);
    const receipts: Receipt["receipts"] = [];
    for (const entry of invalid) {
      refused.push({ agency, status: 200, code: "INVALID_MESSAGE", message: `message ${entry.messageId}: ${entry.issues}`, at: Date.now() });
      receipts.push({ messageId: entry.messageId!, status: "rejected", code: "INVALID_MESSAGE" });
    }
    for (const message of messages) {
      const id = `${agency} ${message.messageId}`;
      const status = replayed || seen.has(id) ? "duplicate" : "accepted";
      seen.add(id);
      replies.push({ agency, jti: envelope.jti, message, at: Date.now(), status });
      receipts.push({ messageId: message.messageId, status });
    }
    return { receipts };
  });

  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const url = (options.publicUrl ?? `http://${host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`).replace(/\/$/, "");

  return {
    url,
    key,
    replies,
    refused,
    setKeysAvailable(available) {
      keysAvailable = available;
    },
    expectAgency(agency, jwksUrl) {
      keySets.set(agency, createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 1_000, cacheMaxAge: 600_000, timeoutDuration: 5_000 }));
    },
    async waitFor(ready, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!ready()) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return true;
    },
    close: () => app.close(),
  };
}
